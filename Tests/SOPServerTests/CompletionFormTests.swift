import Foundation
import Hummingbird
import HummingbirdTesting
import SOPCore
import SOPServer
import Testing

/// Issue 13, item 8: the completion form records the reason of a decision, asks for a document
/// only when the chosen outcome produces it and never for one the case holds; the case page
/// names the officer who acted, translates the status, and escapes whatever people typed.
@Suite struct CompletionFormTests {
    typealias F = ServerFixtures

    /// A multipart body as a browser sends the form; files as (field, file name, content).
    static func multipart(_ fields: [(String, String)], files: [(String, String, String)] = [],
                          session: HTTPFields) -> (HTTPFields, ByteBuffer) {
        let boundary = "----sopFormBoundary"
        var headers = session
        headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
        var body = ""
        for (name, value) in fields {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }
        for (name, file, content) in files {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(file)\"\r\nContent-Type: text/plain\r\n\r\n\(content)\r\n"
        }
        body += "--\(boundary)--\r\n"
        return (headers, ByteBuffer(string: body))
    }

    static func page(_ client: some TestClientProtocol, _ caseID: String, _ session: HTTPFields, lang: String = "id") async throws -> String {
        try await client.execute(uri: "/kasus/\(caseID)?lang=\(lang)", method: .get, headers: session) { r in
            #expect(r.status == .ok)
            return String(buffer: r.body)
        }
    }

    /// The part of the page that is the form of `step`.
    static func form(_ page: String, step: String) -> String {
        guard let start = page.range(of: "<section class=\"complete\" data-form-step=\"\(step)\"") else { return "" }
        let rest = page[start.lowerBound...]
        return String(rest[..<(rest.range(of: "</section>")?.upperBound ?? rest.endIndex)])
    }

    static func version(_ form: String) -> String { form.firstMatch(of: /name="version" value="(\d+)"/).map { String($0.1) } ?? "" }

    /// The form's fields as the page wrote them: its CSRF token first (as the page renders it), then `step`'s.
    static func fields(_ form: String, _ more: [(String, String)]) -> [(String, String)] {
        [("csrf", form.firstMatch(of: /name="csrf" value="([^"]*)"/).map { String($0.1) } ?? "")] + more + [("version", version(form))]
    }

    /// A public complaint taken through recording and examination, waiting at the review.
    static func atReview(_ client: some TestClientProtocol, complaint: String = "Izin belum terbit.") async throws -> String {
        let code = try await CaseDocumentsTests.fileWithName(client, text: complaint)
        for (step, documents) in [("catat-pengaduan", [F.document("pengaduan-tercatat")]),
                                  ("telaah-pengaduan", [F.document("pengaduan-tercatat"), F.document("telaahan-staf")])] {
            try await client.execute(uri: "/api/cases/\(code)/complete", method: .post, headers: F.headers("humas"),
                                     body: F.json(["step": step, "documents": documents])) { #expect($0.status == .ok, "\(step)") }
        }
        return code
    }

    @Test func aRejectionNeedsAReasonAndNoUploadAndThePageShowsItWithTheOfficer() async throws {
        let app = try await buildApplication(try F.config())
        try await app.test(.router) { client in
            let code = try await Self.atReview(client)
            let session = try await OfficerSession.signIn(client, "fungsional")
            let form = Self.form(try await Self.page(client, code, session), step: "periksa-draft")
            // The decision and the documents in fieldsets with legends; no "* ()" label, the
            // draft is asked for only with "Setuju" and not required by the browser.
            #expect(form.contains("<fieldset class=\"decision\"><legend>Keputusan</legend>"))
            #expect(form.contains("<fieldset class=\"documents\"><legend>Dokumen</legend>"))
            #expect(form.contains("Draft surat balasan (wajib untuk keputusan: Setuju)</label>"))
            #expect(!form.contains("*") && !form.contains("()"))
            #expect(!form.contains("name=\"doc-draft-surat-balasan\" required"))
            #expect(form.contains("<input type=\"hidden\" name=\"csrf\""))
            // Held documents are shown and not asked for again.
            #expect(form.contains("data-held=\"telaahan-staf\"") && !form.contains("name=\"doc-telaahan-staf\""))
            #expect(form.contains("Alasan keputusan <small>(wajib untuk keputusan: Tidak setuju)</small>"))
            let fields = Self.fields(form, [("step", "periksa-draft"), ("role", "fungsional-muda"), ("outcome", "tidak-setuju")])
            // Without a reason: refused, saying so, nothing stored.
            let (h1, b1) = Self.multipart(fields, session: session)
            try await client.execute(uri: "/kasus/\(code)/selesai", method: .post, headers: h1, body: b1) { r in
                #expect(r.status == .badRequest)
                #expect(String(buffer: r.body).contains("Tuliskan alasan untuk keputusan &quot;Tidak setuju&quot;"))
            }
            // With a reason and no upload: done, back to the examination.
            let reason = "Telaahan belum memuat hasil survei lapangan."
            let (h2, b2) = Self.multipart(fields + [("reason", reason)], session: session)
            try await client.execute(uri: "/kasus/\(code)/selesai", method: .post, headers: h2, body: b2) { r in
                #expect(r.status == .seeOther, "\(String(buffer: r.body))")
            }
            try await client.execute(uri: "/api/cases/\(code)", method: .get, headers: F.headers("humas")) { r in
                #expect((F.body(r)["activeStep"] as? String) == "telaah-pengaduan")
            }
            let page = try await Self.page(client, code, session)
            #expect(page.contains("<td colspan=\"8\" data-reason>Alasan keputusan: \(reason)</td>"))
            // The officer who acted by name (the deployment's), the public for the filing.
            #expect(page.contains("<span class=\"actor\" data-actor>Fungsional</span>"))
            #expect(page.contains("<span class=\"actor\" data-actor>masyarakat (daring)</span>"))
            #expect(page.contains("Status: <strong data-status=\"open\">berjalan</strong>"))
            #expect(try await Self.page(client, code, session, lang: "en").contains("Status: <strong data-status=\"open\">open</strong>"))
        }
    }

    @Test func anApprovalStillNeedsTheDocumentItProduces() async throws {
        let app = try await buildApplication(try F.config())
        try await app.test(.router) { client in
            let code = try await Self.atReview(client)
            let session = try await OfficerSession.signIn(client, "fungsional")
            let form = Self.form(try await Self.page(client, code, session), step: "periksa-draft")
            let fields = Self.fields(form, [("step", "periksa-draft"), ("role", "fungsional-muda"), ("outcome", "setuju")])
            let (h1, b1) = Self.multipart(fields, session: session)
            try await client.execute(uri: "/kasus/\(code)/selesai", method: .post, headers: h1, body: b1) { r in
                #expect(r.status == .badRequest)
                #expect(String(buffer: r.body).contains("Unggah dokumen wajib: Draft surat balasan"))
            }
            let (h2, b2) = Self.multipart(fields, files: [("doc-draft-surat-balasan", "draft.txt", "Draft")], session: session)
            try await client.execute(uri: "/kasus/\(code)/selesai", method: .post, headers: h2, body: b2) { #expect($0.status == .seeOther) }
            try await client.execute(uri: "/api/cases/\(code)", method: .get, headers: F.headers("humas")) { r in
                #expect((F.body(r)["activeStep"] as? String) == "tandatangani-balasan")
            }
        }
    }

    @Test func aDocumentTheCaseHoldsIsNotAskedAgainAndIsReused() async throws {
        let app = try await buildApplication(try F.config())
        try await app.test(.router) { client in
            let code = try await CaseDocumentsTests.fileWithName(client)
            let session = try await OfficerSession.signIn(client, "humas")
            let form = Self.form(try await Self.page(client, code, session), step: "catat-pengaduan")
            // The recorded complaint (input and output of the step) is in the file already:
            // shown with its link, a new version optional.
            #expect(form.contains("data-held=\"pengaduan-tercatat\""))
            #expect(form.contains("name=\"doc-pengaduan-tercatat\">") && !form.contains("name=\"doc-pengaduan-tercatat\" required"))
            #expect(!form.contains("(wajib)"))
            let (h, b) = Self.multipart(Self.fields(form, [("step", "catat-pengaduan"), ("role", "pranata-humas")]), session: session)
            try await client.execute(uri: "/kasus/\(code)/selesai", method: .post, headers: h, body: b) { r in
                #expect(r.status == .seeOther, "\(String(buffer: r.body))")
            }
            let docs = try await CaseDocumentsTests.documents(client, code, as: "humas")
            let recorded = docs.filter { $0["document"] as? String == "pengaduan-tercatat" }
            #expect(recorded.count == 2 && Set(recorded.compactMap { $0["sha256"] as? String }).count == 1)
        }
    }

    @Test func theComplaintIsShownInlineWithItsDownloadLink() async throws {
        let app = try await buildApplication(try F.config())
        try await app.test(.router) { client in
            let code = try await CaseDocumentsTests.fileWithName(client)
            let session = try await OfficerSession.signIn(client, "humas")
            let page = try await Self.page(client, code, session)
            let sha = try #require(try await CaseDocumentsTests.documents(client, code, as: "humas").first?["sha256"] as? String)
            #expect(page.contains("<a href=\"/kasus/\(code)/dokumen/\(sha)\" download>pengaduan.txt</a>"))
            #expect(page.contains("<pre class=\"document-text\""))
            #expect(page.contains(CaseDocumentsTests.complaint) && page.contains("Nama: Sari Warga"))
            // One block for the one text, though two documents of the case stand for it.
            #expect(page.components(separatedBy: "<pre class=\"document-text\"").count == 2)
        }
    }

    @Test func htmlInComplaintsNamesFileNamesAndReasonsIsEscapedOnEveryPage() async throws {
        let app = try await buildApplication(try F.config())
        let payloads = ["<script>alert(1)</script>", "\"><img src=x onerror=alert(2)>"]
        try await app.test(.router) { client in
            let code = try await CaseDocumentsTests.fileWithName(client, text: "Aduan \(payloads[0]) \(payloads[1])",
                                                                 name: payloads[1], contact: payloads[0])
            let upload: [String: Any] = ["document": "pengaduan-tercatat", "name": "catatan\(payloads[1]).txt", "mediaType": "text/plain",
                                         "content": Data("Dicatat \(payloads[0])".utf8).base64EncodedString()]
            try await client.execute(uri: "/api/cases/\(code)/complete", method: .post, headers: F.headers("humas"),
                                     body: F.json(["step": "catat-pengaduan", "documents": [upload]])) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/cases/\(code)/complete", method: .post, headers: F.headers("humas"),
                                     body: F.json(["step": "telaah-pengaduan", "documents": [F.document("pengaduan-tercatat"), F.document("telaahan-staf")]])) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/api/cases/\(code)/complete", method: .post, headers: F.headers("fungsional"),
                                     body: F.json(["step": "periksa-draft", "outcome": "tidak-setuju", "reason": "Ulang \(payloads[1]) \(payloads[0])"])) {
                #expect($0.status == .ok, "\(String(buffer: $0.body))")
            }
            for officer in ["humas", "fungsional"] {
                let session = try await OfficerSession.signIn(client, officer)
                for lang in ["id", "en"] {
                    let page = try await Self.page(client, code, session, lang: lang)
                    #expect(!page.contains("<script>") && !page.contains("<img src=x"), "\(officer) \(lang)")
                    #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && page.contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"))
                    #expect(page.contains("data-reason>"))
                }
                let board = try await client.execute(uri: "/papan", method: .get, headers: session) { String(buffer: $0.body) }
                #expect(!board.contains("<script>") && !board.contains("<img src=x"))
            }
        }
    }
}
