import Foundation
import Hummingbird
import SOPCore

/// The public's pages, in Indonesian (English with `?lang=en`), without JavaScript and
/// usable on a phone: `/lapor` files a complaint (optionally anonymous or confidential, as
/// SP4N-LAPOR! offers) and `/lacak` follows it by its tracking code (case-insensitive, with
/// a check character) to its status, the step it is at and the replies to download. They
/// go through the same filing and lookup as the JSON API (``CaseAPI/filePublic(_:client:lang:)``,
/// ``CaseAPI/publicLookup(_:client:)``) and its budgets; the forms carry the CSRF value of
/// a double-submit cookie, as the sign-in form does.
extension OfficerPages {
    func addPublicPages(to router: Router<SOPRequestContext>) {
        router.get("lapor") { request, context in
            let lang = Self.lang(request)
            let asked = await api.gate.pendingQuestion(for: CaseAPI.client(context), now: api.config.clock(), lang: lang)
            return filingPage(request, form: [:], question: asked, error: nil, lang: lang)
        }
        router.post("lapor") { request, context in
            let form = try await Self.form(request, context)
            let lang = form["lang"] == "en" ? "en" : "id"
            let body = PublicComplaintBody(complaint: form["complaint"] ?? "", name: form["name"], contact: form["contact"],
                                           anonymous: form["anonymous"] == "1", confidential: form["confidential"] == "1",
                                           challenge: form["challenge"], answer: form["answer"])
            do {
                let (code, _) = try await api.filePublic(body, client: CaseAPI.client(context), lang: lang)
                return Response.redirect(to: "/lacak?kode=\(code)&lang=\(lang)&baru=1")
            } catch {
                let e = APIError.from(error, logger: context.logger)
                var page = filingPage(request, form: form, question: e.question, error: Self.publicMessage(e, lang: lang), lang: lang)
                page.status = e.status
                return page
            }
        }
        router.get("lacak") { request, context in
            let lang = Self.lang(request)
            guard let given = request.uri.queryParameters.get("kode"), !given.trimmingCharacters(in: .whitespaces).isEmpty else {
                return trackingPage(request, given: "", found: nil, error: nil, lang: lang)
            }
            do {
                let found = try await api.publicLookup(given, client: CaseAPI.client(context))
                return trackingPage(request, given: found.code, found: found, error: nil, lang: lang)
            } catch {
                let e = APIError.from(error, logger: context.logger)
                var page = trackingPage(request, given: String(given.prefix(40)), found: nil, error: Self.publicMessage(e, lang: lang), lang: lang)
                page.status = e.status
                return page
            }
        }
    }

    func filingPage(_ request: Request, form: [String: String], question: PublicQuestion.Asked?, error: String?, lang: String) -> Response {
        let t = WebLabels.table(lang)
        var extra: [String: Any] = [
            "publicSide": true, "takesComplaints": api.config.deployment.publicSOP.flatMap(api.config.sop) != nil,
            "complaint": form["complaint"] ?? "", "name": form["name"] ?? "", "contact": form["contact"] ?? "",
            "anonymous": form["anonymous"] == "1", "confidential": form["confidential"] == "1",
        ]
        if let question { extra["question"] = ["text": question.text, "challenge": question.challenge] }
        if let error { extra["error"] = error }
        return render("lapor", request, title: t["fileTitle"]!, extra: extra, lang: lang)
    }

    /// The tracking page: the form, and for a code that names a complaint only its status,
    /// the steps it is at and the replies (nothing of who handles it or what it says).
    func trackingPage(_ request: Request, given: String, found: (code: String, state: CaseState, machine: CaseMachine)?,
                      error: String?, lang: String) -> Response {
        let t = WebLabels.table(lang)
        var extra: [String: Any] = ["publicSide": true, "code": given]
        if let error { extra["error"] = error }
        if let (code, state, machine) = found {
            let sop = machine.definition
            var result: [String: Any] = [
                "code": code,
                "status": state.status == .open ? t["publicOpen"]! : WebLabels.ending(state, sop, lang: lang),
                "closed": state.status == .closed,
                "steps": state.activeSteps.map { sop.step($0.step)?.activity ?? $0.step },
                "replies": api.replyDocuments(state, sop).map { ["name": $0.name, "href": CaseAPI.publicHref(code: code, sha: $0.sha256),
                                                                 "size": WebLabels.size($0.size, lang: lang)] },
            ]
            result["hasSteps"] = !(result["steps"] as! [String]).isEmpty
            result["hasReplies"] = !(result["replies"] as! [[String: Any]]).isEmpty
            extra["result"] = result
            if request.uri.queryParameters.get("baru") != nil {
                extra["notice"] = lang == "en" ? "Your complaint is recorded. Keep its tracking code: \(code)"
                                               : "Pengaduan Anda tercatat. Simpan kode pelacakannya: \(code)"
            }
        }
        return render("lacak", request, title: t["trackTitle"]!, extra: extra, lang: lang)
    }

    /// A refusal of the public side in the page's language, by its stable code.
    static func publicMessage(_ e: APIError, lang: String) -> String {
        let id = lang != "en"
        switch e.code {
        case "mistyped-tracking-code":
            return id ? "Kode pelacakan salah ketik: huruf terakhirnya tidak cocok dengan yang lain. Periksa kembali setiap hurufnya."
                      : "The tracking code is mistyped: its last character does not match the others. Check each character."
        case "unknown-complaint":
            return id ? "Tidak ada pengaduan dengan kode pelacakan ini." : "No complaint has this tracking code."
        case "too-many-lookups":
            return id ? "Kode ini terlalu sering dicari. Coba lagi beberapa menit lagi." : "This code was looked up too often. Try again in a few minutes."
        case "question-required":
            return id ? "Banyak pengaduan dikirim dari alamat jaringan ini. Jawab pertanyaan di bawah untuk mengirim pengaduan Anda."
                      : "Many complaints came from this network address. Answer the question below to send yours."
        case "wrong-answer":
            return id ? "Jawaban belum benar (atau pertanyaannya sudah kedaluwarsa). Jawab pertanyaan yang baru di bawah."
                      : "The answer was not right (or the question had expired). Answer the new question below."
        case "rate-limited":
            return id ? "Terlalu banyak pengaduan dari alamat jaringan ini. Coba lagi nanti, atau datang ke loket."
                      : "Too many complaints from this network address. Try again later, or come to the counter."
        case "bad-complaint":
            return id ? "Tuliskan isi pengaduan (paling banyak 20.000 karakter); nama dan kontak paling banyak 200 karakter."
                      : "Write the complaint (at most 20,000 characters); the name and the contact at most 200 characters each."
        case "anonymous-with-identity":
            return id ? "Pengaduan anonim tidak memuat nama dan kontak: kosongkan keduanya, atau hapus tanda anonim."
                      : "An anonymous complaint carries no name or contact: leave both empty, or untick anonymous."
        case "no-public-sop":
            return id ? "Kantor ini belum menerima pengaduan daring. Silakan datang ke loket." : "This office takes no complaints online. Please come to the counter."
        default:
            return e.message
        }
    }
}
