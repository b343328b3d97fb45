import Foundation
import Hummingbird
import HummingbirdTesting
import SOPCore
import SOPServer
import Testing

/// Issue 13, item 4: the public's pages (file, track, download the reply), anonymity and
/// confidentiality, and the budgets with the question that lets a shared address go on filing.
@Suite struct PublicPagesTests {
    typealias F = ServerFixtures

    /// The filing page as a browser without cookies gets it: its CSRF cookie and value.
    static func filingForm(_ client: some TestClientProtocol, lang: String = "id") async throws -> (cookie: String, csrf: String, html: String) {
        try await client.execute(uri: "/lapor?lang=\(lang)", method: .get) { r in
            #expect(r.status == .ok)
            let setCookie = try #require(r.headers[.setCookie])
            let html = String(buffer: r.body)
            return (String(setCookie.split(separator: ";")[0]), try #require(F.csrf(in: html)), html)
        }
    }

    static func encode(_ fields: [(String, String)]) -> ByteBuffer {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return ByteBuffer(string: fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&"))
    }

    /// Posts the filing form; the status, the redirect and the page.
    static func post(_ client: some TestClientProtocol, cookie: String, _ fields: [(String, String)]) async throws
        -> (status: HTTPResponse.Status, location: String?, html: String) {
        var h = F.formHeaders
        h[.cookie] = cookie
        return try await client.execute(uri: "/lapor", method: .post, headers: h, body: encode(fields)) { r in
            (r.status, r.headers[.location], String(buffer: r.body))
        }
    }

    static func code(fromLocation location: String?) throws -> String {
        String(try #require(location?.firstMatch(of: /^\/lacak\?kode=(LAPOR-[A-Z0-9]{13})&lang=(id|en)&baru=1$/)?.1))
    }

    @Test func aCitizenFilesOnThePageAndTracksItInAnyCaseWithoutSeeingItsText() async throws {
        let app = try await buildApplication(try F.config())
        try await app.test(.router) { client in
            let form = try await Self.filingForm(client)
            #expect(form.html.contains("<label for=\"complaint\">Isi pengaduan</label>") && form.html.contains("name=\"anonymous\""))
            #expect(form.html.contains("<html lang=\"id\">") && form.html.contains("name=\"viewport\""))
            let complaint = "Lampu jalan <b>mati</b> di Jl. Negara & pasar."
            // Without the form's CSRF value: refused, nothing filed.
            let refused = try await Self.post(client, cookie: form.cookie, [("complaint", complaint), ("lang", "id")])
            #expect(refused.status == .forbidden)
            let filed = try await Self.post(client, cookie: form.cookie, [("csrf", form.csrf), ("complaint", complaint), ("name", "Rina"), ("lang", "id")])
            #expect(filed.status == .seeOther, "\(filed.html)")
            let code = try Self.code(fromLocation: filed.location)
            try await client.execute(uri: filed.location!, method: .get) { r in
                let html = String(buffer: r.body)
                #expect(r.status == .ok)
                #expect(html.contains("Simpan kode pelacakannya: \(code)") && html.contains("sedang diproses"))
                #expect(html.contains("<li>Mencatat"), "the step it is at")
                #expect(!html.contains("mati") && !html.contains("Rina"), "a code shows no text and no name")
                #expect(html.contains("Belum ada balasan."))
            }
            // Lower case, spaces around, and in English.
            let lower = code.lowercased().addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            try await client.execute(uri: "/lacak?kode=%20\(lower)%20&lang=en", method: .get) { r in
                #expect(r.status == .ok && String(buffer: r.body).contains("being handled") && String(buffer: r.body).contains(code))
            }
            // One character mistyped: told as such, in Indonesian.
            var chars = Array(code)
            chars[9] = chars[9] == "A" ? "B" : "A"
            try await client.execute(uri: "/lacak?kode=\(String(chars))", method: .get) { r in
                #expect(r.status == .badRequest)
                #expect(String(buffer: r.body).contains("salah ketik"))
            }
            // A well-formed code that names no complaint.
            try await client.execute(uri: "/lacak?kode=LAPOR-ABCDEFGHJKMN", method: .get) { r in
                #expect(r.status == .notFound && String(buffer: r.body).contains("Tidak ada pengaduan dengan kode pelacakan ini."))
            }
            // The JSON API reads the code the same way.
            try await client.execute(uri: "/public/complaints/\(code.lowercased())", method: .get) { r in
                #expect(r.status == .ok && F.body(r)["status"] as? String == "open")
            }
            try await client.execute(uri: "/public/complaints/\(String(chars))", method: .get) { r in
                #expect(r.status == .badRequest && String(buffer: r.body).contains("mistyped-tracking-code"))
            }
            // The officer reads the complaint escaped on the case page.
            let session = try await OfficerSession.signIn(client, "humas")
            try await client.execute(uri: "/kasus/\(code)", method: .get, headers: session) { r in
                let html = String(buffer: r.body)
                #expect(html.contains("Lampu jalan &lt;b&gt;mati&lt;/b&gt; di Jl. Negara &amp; pasar.") && !html.contains("<b>mati</b>"))
                #expect(html.contains("Nama: Rina"))
            }
        }
    }

    @Test func anAnonymousComplaintKeepsNoIdentityAndAConfidentialOneWaitsForTheLanesItReaches() async throws {
        let app = try await buildApplication(try F.config(rate: 10))
        try await app.test(.router) { client in
            // Anonymous with a name: refused (nothing dropped silently), by the API and the page.
            try await client.execute(uri: "/public/complaints", method: .post, headers: F.headers(nil),
                                     body: F.json(["complaint": "Pungutan liar di loket.", "name": "Andi", "anonymous": true])) { r in
                #expect(r.status == .badRequest && String(buffer: r.body).contains("anonymous-with-identity"))
            }
            let form = try await Self.filingForm(client)
            let withName = try await Self.post(client, cookie: form.cookie, [("csrf", form.csrf), ("complaint", "Pungutan liar."),
                                                                             ("name", "Andi"), ("anonymous", "1"), ("lang", "id")])
            #expect(withName.status == .badRequest && withName.html.contains("Pengaduan anonim tidak memuat nama dan kontak"))
            #expect(withName.html.contains("Pungutan liar."), "what was typed is kept")
            let filed = try await Self.post(client, cookie: form.cookie, [("csrf", form.csrf), ("complaint", "Pungutan liar di loket perizinan."),
                                                                          ("anonymous", "1"), ("confidential", "1"), ("lang", "id")])
            let code = try Self.code(fromLocation: filed.location)
            let docs = try await CaseDocumentsTests.documents(client, code, as: "humas")
            let href = try #require(docs.first { $0["document"] as? String == "form-pengaduan" }?["href"] as? String)
            try await client.execute(uri: href, method: .get, headers: F.headers("humas")) { r in
                #expect(r.status == .ok)
                #expect(String(buffer: r.body) == "Pengaduan (RAHASIA)\n\nPungutan liar di loket perizinan.\n\nIdentitas pelapor: dirahasiakan (anonim)")
            }
            // Confidential: the head of office signs the reply last, and reads nothing before the case reaches him.
            try await client.execute(uri: href, method: .get, headers: F.headers("kadis")) { #expect($0.status == .forbidden) }
            let kadis = try await OfficerSession.signIn(client, "kadis")
            try await client.execute(uri: "/kasus/\(code)", method: .get, headers: kadis) { r in
                #expect(r.status == .forbidden && String(buffer: r.body).contains("Anda tidak memegang peran pada kasus"))
                #expect(!String(buffer: r.body).contains("Pungutan"))
            }
            let steps: [(String, String, String?, [[String: Any]])] = [
                ("catat-pengaduan", "humas", nil, [F.document("pengaduan-tercatat")]),
                ("telaah-pengaduan", "humas", nil, [F.document("pengaduan-tercatat"), F.document("telaahan-staf")]),
                ("periksa-draft", "fungsional", "setuju", [F.document("draft-surat-balasan")]),
            ]
            for (step, officer, outcome, documents) in steps {
                var body: [String: Any] = ["step": step, "documents": documents]
                if let outcome { body["outcome"] = outcome }
                try await client.execute(uri: "/api/cases/\(code)/complete", method: .post, headers: F.headers(officer), body: F.json(body)) {
                    #expect($0.status == .ok, "\(step)")
                }
            }
            // Now at the head of office's step: he reads it.
            try await client.execute(uri: href, method: .get, headers: F.headers("kadis")) { #expect($0.status == .ok) }
            try await client.execute(uri: "/kasus/\(code)", method: .get, headers: kadis) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/cases/\(code)/complete", method: .post, headers: F.headers("kadis"),
                                     body: F.json(["step": "tandatangani-balasan", "outcome": "setuju",
                                                   "documents": [F.document("surat-jawaban", "balasan resmi")]])) { #expect($0.status == .ok) }
            // The tracking page offers the reply, and the link downloads it.
            let link = try await client.execute(uri: "/lacak?kode=\(code)", method: .get) { r in
                let html = String(buffer: r.body)
                #expect(!html.contains("Belum ada balasan."))
                return try #require(html.firstMatch(of: /<a href="(\/public\/complaints\/[^"]+)">Unduh/)?.1).description
            }
            try await client.execute(uri: link, method: .get) { r in
                #expect(r.status == .ok && String(buffer: r.body) == "surat-jawaban: balasan resmi")
            }
        }
    }

    /// One address (an office's Wi-Fi, a kiosk) past its budget goes on filing by answering the
    /// question; the JSON API gives the question in its 429.
    @Test func pastItsBudgetAnAddressFilesByAnsweringTheQuestion() async throws {
        let app = try await buildApplication(try F.config(rate: 1))
        try await app.test(.router) { client in
            let form = try await Self.filingForm(client)
            #expect(!form.html.contains("name=\"answer\""), "no question before the budget is used")
            let first = try await Self.post(client, cookie: form.cookie, [("csrf", form.csrf), ("complaint", "Aduan pertama."), ("lang", "id")])
            #expect(first.status == .seeOther)
            let second = try await Self.post(client, cookie: form.cookie, [("csrf", form.csrf), ("complaint", "Aduan kedua dari kios."), ("lang", "id")])
            #expect(second.status == .tooManyRequests)
            #expect(second.html.contains("Jawab pertanyaan di bawah") && second.html.contains("Aduan kedua dari kios."))
            let challenge = String(try #require(second.html.firstMatch(of: /name="challenge" value="([^"]+)"/)?.1))
            let question = String(try #require(second.html.firstMatch(of: /<label for="answer">([^<]+)<\/label>/)?.1))
            let answer = PublicGateTests.answer(question)
            let wrong = try await Self.post(client, cookie: form.cookie, [("csrf", form.csrf), ("complaint", "Aduan kedua dari kios."),
                                                                         ("challenge", challenge), ("answer", String(Int(answer)! + 1)), ("lang", "id")])
            #expect(wrong.status == .tooManyRequests && wrong.html.contains("Jawaban belum benar"))
            let answered = try await Self.post(client, cookie: form.cookie, [("csrf", form.csrf), ("complaint", "Aduan kedua dari kios."),
                                                                            ("challenge", challenge), ("answer", answer), ("lang", "id")])
            #expect(answered.status == .seeOther, "\(answered.html)")
            // The page shows the question up front now.
            #expect(try await Self.filingForm(client).html.contains("name=\"answer\""))
            // The API: 429 with the question, then filed with its answer.
            let asked = try await client.execute(uri: "/public/complaints", method: .post, headers: F.headers(nil),
                                                 body: F.json(["complaint": "Aduan ketiga."])) { r in
                #expect(r.status == .tooManyRequests)
                let error = F.body(r)["error"] as? [String: Any]
                #expect(error?["code"] as? String == "question-required")
                return error?["question"] as? [String: String] ?? [:]
            }
            let text = try #require(asked["text"])
            try await client.execute(uri: "/public/complaints", method: .post, headers: F.headers(nil),
                                     body: F.json(["complaint": "Aduan ketiga.", "challenge": asked["challenge"] ?? "",
                                                   "answer": PublicGateTests.answer(text.replacingOccurrences(of: "What is", with: ""))])) { r in
                #expect(r.status == .created, "\(String(buffer: r.body))")
            }
        }
    }
}
