import Foundation
import Hummingbird
import HummingbirdTesting
import SOPCore
import SOPServer
import Testing

/// Issue 13, item 2: a complaint taken at the counter, by phone or by letter. The officer of
/// the lane the SOP names in `represented-by` does the citizen's steps on the citizen's behalf
/// ("diwakili petugas"), the history records the officer and says so, and the case gets a
/// tracking code the citizen can follow like an online filing.
@Suite struct WalkInTests {
    typealias F = ServerFixtures

    func post(_ client: some TestClientProtocol, _ uri: String, as officer: String?, _ body: [String: Any]) async throws -> (HTTPResponse.Status, [String: Any]) {
        try await client.execute(uri: uri, method: .post, headers: F.headers(officer), body: F.json(body)) { ($0.status, F.body($0)) }
    }

    @Test func aWalkInIsFiledOnBehalfWorkedToTheReplyAndTrackedByItsCode() async throws {
        let app = try await buildApplication(try F.config(), host: "127.0.0.1", port: 0)
        try await app.test(.live) { client in
            let (status, opened) = try await post(client, "/api/cases", as: "humas", [
                "sop": "serdang-bedagai-pengaduan",
                "onBehalf": ["complaint": "Lampu jalan <b>mati</b> di Jl. Sudirman", "name": "Bu Sari", "contact": "0812", "channel": "telepon"],
            ])
            #expect(status == .created, "\(opened)")
            let code = try #require(opened["caseID"] as? String)
            #expect(code.hasPrefix("LAPOR-") && code.count == 19)
            #expect(opened["activeStep"] as? String == "catat-pengaduan")
            let first = try #require((opened["timeline"] as? [[String: Any]])?.first)
            #expect(first["step"] as? String == "sampaikan-pengaduan")
            #expect(first["actor"] as? String == "humas" && first["role"] as? String == "pengadu" && first["onBehalf"] as? Bool == true)

            // The complaint's record holds what was said and how it came in.
            let docs = try #require(opened["documents"] as? [[String: Any]])
            let href = try #require(docs.first?["href"] as? String)
            let text = try await client.execute(uri: href, method: .get, headers: F.headers("humas")) { String(buffer: $0.body) }
            #expect(text.contains("Lampu jalan <b>mati</b>") && text.contains("Nama: Bu Sari") && text.contains("Diterima melalui: telepon"))

            // Worked by named officers to the reply; the complainant's receipt done on their behalf too.
            func complete(_ officer: String, _ step: String, outcome: String? = nil, documents: [String] = [], onBehalf: Bool = false) async throws -> [String: Any] {
                var body: [String: Any] = ["step": step, "documents": documents.map { F.document($0) }]
                if let outcome { body["outcome"] = outcome }
                if onBehalf { body["onBehalf"] = true }
                let (s, r) = try await post(client, "/api/cases/\(code)/complete", as: officer, body)
                #expect(s == .ok, "\(step): \(r)")
                return r
            }
            _ = try await complete("humas", "catat-pengaduan", documents: ["pengaduan-tercatat"])
            _ = try await complete("humas", "telaah-pengaduan", documents: ["pengaduan-tercatat", "telaahan-staf"])
            _ = try await complete("fungsional", "periksa-draft", outcome: "setuju", documents: ["draft-surat-balasan"])
            _ = try await complete("kadis", "tandatangani-balasan", outcome: "setuju", documents: ["surat-jawaban"])
            _ = try await complete("humas", "kirim-balasan", documents: ["surat-jawaban"])
            // Only a representing role may act for the citizen.
            let (refused, why) = try await post(client, "/api/cases/\(code)/complete", as: "kadis",
                                                ["step": "terima-balasan", "onBehalf": true, "documents": [F.document("solusi-aduan")]])
            #expect(refused == .forbidden)
            #expect((why["error"] as? [String: Any])?["code"] as? String == "not-representative")
            let closed = try await complete("humas", "terima-balasan", documents: ["solusi-aduan"], onBehalf: true)
            #expect(closed["status"] as? String == "closed")
            let last = try #require((closed["timeline"] as? [[String: Any]])?.last)
            #expect(last["actor"] as? String == "humas" && last["onBehalf"] as? Bool == true)
            let middle = try #require((closed["timeline"] as? [[String: Any]])?[2])
            #expect(middle["onBehalf"] == nil)

            // The citizen follows it with the code, as an online filing, and sees the reply.
            try await client.execute(uri: "/public/complaints/\(code)", method: .get) { r in
                #expect(r.status == .ok)
                let body = F.body(r)
                #expect(body["status"] as? String == "closed")
                #expect((body["replies"] as? [[String: Any]])?.isEmpty == false)
                #expect(!String(buffer: r.body).contains("Bu Sari"))
            }
        }
    }

    /// The case page says who acted and that it was on the citizen's behalf, in both languages,
    /// and shows the complaint's text escaped.
    @Test func theCasePageShowsTheStepAsDoneOnTheCitizensBehalf() async throws {
        let app = try await buildApplication(try F.config())
        try await app.test(.router) { client in
            let (_, opened) = try await post(client, "/api/cases", as: "humas", [
                "sop": "serdang-bedagai-pengaduan", "onBehalf": ["complaint": "Air <script>x</script> keruh", "channel": "loket"],
            ])
            let code = try #require(opened["caseID"] as? String)
            let (cookie, _, _) = try await F.webSignIn(client, "humas")
            var session = HTTPFields()
            session[.cookie] = cookie
            for (lang, label) in [("id", "diwakili petugas"), ("en", "on the citizen's behalf")] {
                let page = try await client.execute(uri: "/kasus/\(code)?lang=\(lang)", method: .get, headers: session) { String(buffer: $0.body) }
                let marks = page.matches(of: /data-on-behalf>\(([^)]*)\)/).map { String($0.1) }
                #expect(marks.count == 1, "\(lang)")
                #expect(marks.first.map { $0.replacingOccurrences(of: "&#39;", with: "'") } == label)
                #expect(page.contains("&lt;script&gt;") && !page.contains("<script>x"))
            }
        }
    }

    /// The counter's form, as a browser posts it: the complaint registered under a tracking
    /// code, the case page telling the officer to hand it over; refused without the form's CSRF
    /// value, and for an officer of no representing lane.
    @Test func theCounterFormRegistersAWalkInUnderATrackingCode() async throws {
        let app = try await buildApplication(try F.config())
        try await app.test(.router) { client in
            let (cookie, _, csrf) = try await F.webSignIn(client, "humas")
            var session = HTTPFields()
            session[.cookie] = cookie
            let page = try await client.execute(uri: "/kasus/baru", method: .get, headers: session) { r in
                #expect(r.status == .ok)
                return String(buffer: r.body)
            }
            #expect(page.contains("action=\"/kasus/baru\"") && page.contains("value=\"serdang-bedagai-pengaduan\""))
            #expect(!page.contains("value=\"lamandau-pengaduan\""), "Lamandau's complainant is represented by no lane")
            #expect(page.contains("for=\"complaint\"") && page.contains("name=\"channel\" value=\"telepon\""))
            var form = F.formHeaders
            form[.cookie] = cookie
            let fields = "sop=serdang-bedagai-pengaduan&channel=telepon&complaint=Sampah+tidak+diangkut+%3Cb%3E&name=Pak+Budi&contact=&lang=id"
            try await client.execute(uri: "/kasus/baru", method: .post, headers: form, body: ByteBuffer(string: fields)) { r in
                #expect(r.status == .forbidden, "no CSRF value")
            }
            let location = try await client.execute(uri: "/kasus/baru", method: .post, headers: form,
                                                    body: ByteBuffer(string: "csrf=\(csrf)&" + fields)) { r in
                #expect(r.status == .seeOther, "\(String(buffer: r.body))")
                return r.headers[.location] ?? ""
            }
            let code = try #require(location.firstMatch(of: /^\/kasus\/(LAPOR-[A-Z0-9]{13})\?lang=id&baru=1$/)?.1)
            let casePage = try await client.execute(uri: location, method: .get, headers: session) { String(buffer: $0.body) }
            #expect(casePage.contains("Berikan kode pelacakan \(code) kepada pengadu"))
            #expect(casePage.contains("data-on-behalf") && casePage.contains("Sampah tidak diangkut &lt;b&gt;"))
            #expect(casePage.contains("Diterima melalui: telepon"))
            #expect(try await client.execute(uri: "/public/complaints/\(code)", method: .get) { $0.status } == .ok)
            // An empty complaint is sent back to the form with what was typed.
            let refused = try await client.execute(uri: "/kasus/baru", method: .post, headers: form,
                                                   body: ByteBuffer(string: "csrf=\(csrf)&sop=serdang-bedagai-pengaduan&complaint=+&name=Pak+Budi")) { r in
                #expect(r.status == .badRequest)
                return String(buffer: r.body)
            }
            #expect(refused.contains("role=\"alert\"") && refused.contains("value=\"Pak Budi\""))

            // Kepala Dinas represents no one: the page says so, and a forged post is refused.
            let kadis = try await F.webSignIn(client, "kadis")
            var kadisSession = HTTPFields()
            kadisSession[.cookie] = kadis.cookie
            let none = try await client.execute(uri: "/kasus/baru?lang=en", method: .get, headers: kadisSession) { String(buffer: $0.body) }
            #expect(none.contains("You do not register complaints") && !none.contains("action=\"/kasus/baru\""))
            var kadisForm = F.formHeaders
            kadisForm[.cookie] = kadis.cookie
            try await client.execute(uri: "/kasus/baru", method: .post, headers: kadisForm,
                                     body: ByteBuffer(string: "csrf=\(kadis.csrf)&" + fields)) { #expect($0.status == .forbidden) }
        }
    }

    /// The reply collected at the counter: the case page offers Pranata Humas the complainant's
    /// closing step as a form done on their behalf; posted as a browser does, it closes the case.
    @Test func theCitizensLastStepIsDoneAtTheCounterFromTheCasePage() async throws {
        let app = try await buildApplication(try F.config())
        try await app.test(.router) { client in
            let (_, opened) = try await post(client, "/api/cases", as: "humas", ["sop": "serdang-bedagai-pengaduan", "onBehalf": ["complaint": "Banjir"]])
            let code = try #require(opened["caseID"] as? String)
            for (officer, step, outcome, documents) in [("humas", "catat-pengaduan", nil, ["pengaduan-tercatat"]),
                                                        ("humas", "telaah-pengaduan", nil, ["pengaduan-tercatat", "telaahan-staf"]),
                                                        ("fungsional", "periksa-draft", "setuju", ["draft-surat-balasan"]),
                                                        ("kadis", "tandatangani-balasan", "setuju", ["surat-jawaban"]),
                                                        ("humas", "kirim-balasan", nil, ["surat-jawaban"])] as [(String, String, String?, [String])] {
                var body: [String: Any] = ["step": step, "documents": documents.map { F.document($0) }]
                if let outcome { body["outcome"] = outcome }
                let (s, r) = try await post(client, "/api/cases/\(code)/complete", as: officer, body)
                #expect(s == .ok, "\(step): \(r)")
            }
            let (cookie, _, _) = try await F.webSignIn(client, "humas")
            var session = HTTPFields()
            session[.cookie] = cookie
            let page = try await client.execute(uri: "/kasus/\(code)", method: .get, headers: session) { String(buffer: $0.body) }
            #expect(page.contains("data-step=\"terima-balasan\"") && page.contains("data-on-behalf-form"))
            // Kepala Dinas is offered no such form.
            let kadis = try await F.webSignIn(client, "kadis")
            var kadisSession = HTTPFields()
            kadisSession[.cookie] = kadis.cookie
            let kadisPage = try await client.execute(uri: "/kasus/\(code)", method: .get, headers: kadisSession) { String(buffer: $0.body) }
            #expect(!kadisPage.contains("data-step=\"terima-balasan\""))

            // The form carries role 'pengadu' and onBehalf=1, as the browser sends them.
            let (status, _) = try await F.submitCompletion(client, code, page: page, step: "terima-balasan", cookie: cookie, files: ["solusi-aduan"])
            #expect(status == .seeOther)
            let closed = try await client.execute(uri: "/api/cases/\(code)", method: .get, headers: F.headers("humas")) { F.body($0) }
            #expect(closed["status"] as? String == "closed")
            let last = try #require((closed["timeline"] as? [[String: Any]])?.last)
            #expect(last["step"] as? String == "terima-balasan" && last["actor"] as? String == "humas" && last["onBehalf"] as? Bool == true)
        }
    }

    @Test func onlyTheCitizensStepsAndOnlyRepresentingRolesActOnTheirBehalf() async throws {
        let app = try await buildApplication(try F.config(), host: "127.0.0.1", port: 0)
        try await app.test(.live) { client in
            let walkIn: [String: Any] = ["sop": "serdang-bedagai-pengaduan", "onBehalf": ["complaint": "Jalan rusak"]]
            // Kepala Dinas holds no role that represents the complainant.
            var (status, body) = try await post(client, "/api/cases", as: "kadis", walkIn)
            #expect(status == .forbidden && (body["error"] as? [String: Any])?["code"] as? String == "not-representative")
            // A walk-in gets its code from the server and its documents from the complaint.
            var withID = walkIn
            withID["caseID"] = "SB-MINE"
            (status, body) = try await post(client, "/api/cases", as: "humas", withID)
            #expect(status == .badRequest)
            (status, body) = try await post(client, "/api/cases", as: "humas",
                                            ["sop": "serdang-bedagai-pengaduan", "onBehalf": ["complaint": "x", "channel": "merpati"]])
            #expect(status == .badRequest && (body["error"] as? [String: Any])?["code"] as? String == "bad-channel")
            (status, body) = try await post(client, "/api/cases", as: "humas", ["sop": "serdang-bedagai-pengaduan", "onBehalf": ["complaint": "  "]])
            #expect(status == .badRequest && (body["error"] as? [String: Any])?["code"] as? String == "bad-complaint")

            // An officer's own step is never done "on behalf".
            (status, body) = try await post(client, "/api/cases", as: "humas", walkIn)
            #expect(status == .created)
            let code = try #require(body["caseID"] as? String)
            (status, body) = try await post(client, "/api/cases/\(code)/complete", as: "humas",
                                            ["step": "catat-pengaduan", "onBehalf": true, "documents": [F.document("pengaduan-tercatat")]])
            #expect(status == .forbidden && (body["error"] as? [String: Any])?["code"] as? String == "not-representative")

            // A case an officer opened the ordinary way (not on behalf) is still not trackable.
            (status, body) = try await post(client, "/api/cases", as: "humas",
                                            ["sop": "serdang-bedagai-pengaduan", "documents": [F.document("form-pengaduan")]])
            let plain = try #require(body["caseID"] as? String)
            #expect(try await client.execute(uri: "/public/complaints/\(plain)", method: .get) { $0.status } == .notFound)
        }
    }
}
