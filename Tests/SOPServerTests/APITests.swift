import Foundation
import Hummingbird
import HummingbirdTesting
import SOPCore
import SOPServer
import Testing

/// The JSON API on a free loopback port, over real HTTP: full cases of both seeds with
/// officers' tokens, and every error status with a real request.
@Suite struct APITests {
    typealias F = ServerFixtures

    func complete(_ client: some TestClientProtocol, _ caseID: String, as officer: String, step: String, outcome: String? = nil,
                  documents: [String] = [], expect status: HTTPResponse.Status = .ok) async throws -> [String: Any] {
        var body: [String: Any] = ["step": step, "documents": documents.map { F.document($0) }]
        if let outcome { body["outcome"] = outcome }
        return try await client.execute(uri: "/api/cases/\(caseID)/complete", method: .post, headers: F.headers(officer), body: F.json(body)) { r in
            #expect(r.status == status, "\(step): \(String(buffer: r.body))")
            return F.body(r)
        }
    }

    @Test func healthNeedsNoToken() async throws {
        let app = try await buildApplication(try F.config(), host: "127.0.0.1", port: 0)
        try await app.test(.live) { client in
            try await client.execute(uri: "/health", method: .get) { r in
                #expect(r.status == .ok)
                #expect(F.body(r)["sops"] as? [String] == ["serdang-bedagai-pengaduan", "lamandau-pengaduan"])
            }
        }
    }

    @Test(arguments: F.Store.allCases)
    func aSerdangCaseRunsEndToEndWithARevisionRound(_ store: F.Store) async throws {
        let app = try await buildApplication(try F.config(store: try await store.make()), host: "127.0.0.1", port: 0)
        try await app.test(.live) { client in
            let opened = try await client.execute(uri: "/api/cases", method: .post, headers: F.headers("humas"),
                                                  body: F.json(["sop": "serdang-bedagai-pengaduan", "caseID": "SB-API-1",
                                                                "documents": [F.document("form-pengaduan")]])) { r in
                #expect(r.status == .created, "\(String(buffer: r.body))")
                return F.body(r)
            }
            #expect(opened["activeStep"] as? String == "sampaikan-pengaduan")
            _ = try await complete(client, "SB-API-1", as: "pengadu", step: "sampaikan-pengaduan", documents: ["pengaduan-tercatat"])
            _ = try await complete(client, "SB-API-1", as: "humas", step: "catat-pengaduan", documents: ["pengaduan-tercatat"])
            _ = try await complete(client, "SB-API-1", as: "humas", step: "telaah-pengaduan", documents: ["pengaduan-tercatat", "telaahan-staf"])
            let back = try await complete(client, "SB-API-1", as: "fungsional", step: "periksa-draft", outcome: "tidak-setuju",
                                          documents: ["draft-surat-balasan"])
            #expect(back["activeStep"] as? String == "telaah-pengaduan" && back["revisionRounds"] as? Int == 1)
            _ = try await complete(client, "SB-API-1", as: "humas", step: "telaah-pengaduan", documents: ["pengaduan-tercatat", "telaahan-staf"])
            _ = try await complete(client, "SB-API-1", as: "fungsional", step: "periksa-draft", outcome: "setuju", documents: ["draft-surat-balasan"])
            _ = try await complete(client, "SB-API-1", as: "kadis", step: "tandatangani-balasan", outcome: "setuju", documents: ["surat-jawaban"])
            _ = try await complete(client, "SB-API-1", as: "humas", step: "kirim-balasan", documents: ["surat-jawaban"])
            let closed = try await complete(client, "SB-API-1", as: "pengadu", step: "terima-balasan", documents: ["solusi-aduan"])
            #expect(closed["status"] as? String == "closed")
            #expect((closed["timeline"] as? [[String: Any]])?.count == 9)
            try await client.execute(uri: "/api/cases?status=closed", method: .get, headers: F.headers("kadis")) { r in
                #expect(((F.body(r)["cases"] as? [[String: Any]])?.map { $0["caseID"] as? String }) == ["SB-API-1"])
            }
        }
    }

    @Test(arguments: F.Store.allCases)
    func aLamandauCaseRunsEndToEnd(_ store: F.Store) async throws {
        let app = try await buildApplication(try F.config(store: try await store.make()), host: "127.0.0.1", port: 0)
        try await app.test(.live) { client in
            try await client.execute(uri: "/api/cases", method: .post, headers: F.headers("loket"),
                                     body: F.json(["sop": "lamandau-pengaduan", "caseID": "LMD-API-1", "documents": [F.document("pengaduan")]])) { r in
                #expect(r.status == .created)
            }
            let steps: [(String, String, [String])] = [
                ("sampaikan-permasalahan", "pengadu", []), ("catat-permasalahan", "loket", ["catatan-pengaduan"]),
                ("kaji-pengaduan", "kabid", ["hasil-kajian"]), ("rapat-pembahasan", "kadpm", []),
                ("buat-berita-acara", "kabid", ["berita-acara-rapat"]), ("sampaikan-tanggapan", "loket", ["tanggapan-tertulis"]),
                ("terima-tanggapan", "pengadu", []), ("arsipkan-berkas", "loket", ["arsip-pengaduan"]),
            ]
            var last: [String: Any] = [:]
            for (step, officer, docs) in steps {
                if step == "catat-permasalahan" {
                    // The help desk's queue shows the case, and stops showing it as soon as the step is done.
                    try await client.execute(uri: "/api/queues/help-desk", method: .get, headers: F.headers("loket")) { r in
                        #expect(((F.body(r)["cases"] as? [[String: Any]])?.map { $0["caseID"] as? String }) == ["LMD-API-1"])
                    }
                }
                last = try await complete(client, "LMD-API-1", as: officer, step: step, documents: docs)
                if step == "catat-permasalahan" {
                    try await client.execute(uri: "/api/queues/help-desk", method: .get, headers: F.headers("loket")) { r in
                        #expect((F.body(r)["cases"] as? [Any])?.isEmpty == true)
                    }
                }
            }
            #expect(last["status"] as? String == "closed")
            // The help desk's queue is empty again.
            try await client.execute(uri: "/api/queues/help-desk", method: .get, headers: F.headers("loket")) { r in
                #expect(r.status == .ok && (F.body(r)["cases"] as? [Any])?.isEmpty == true)
            }
        }
    }

    @Test func everyErrorStatus() async throws {
        let app = try await buildApplication(try F.config(documentLimit: 100), host: "127.0.0.1", port: 0)
        try await app.test(.live) { client in
            func status(_ uri: String, _ method: HTTPRequest.Method = .get, officer: String? = "humas", body: ByteBuffer? = nil) async throws -> (HTTPResponse.Status, String?) {
                try await client.execute(uri: uri, method: method, headers: F.headers(officer), body: body) { r in
                    (r.status, (F.body(r)["error"] as? [String: Any])?["code"] as? String)
                }
            }
            let opened = try await client.execute(uri: "/api/cases", method: .post, headers: F.headers("humas"),
                                     body: F.json(["sop": "serdang-bedagai-pengaduan", "caseID": "ERR-1", "documents": [F.document("form-pengaduan")]])) { r in
                #expect(r.status == .created)
                // The case opens at the complainant's step: the agency's clock stands still.
                #expect(F.body(r)["waitingOnApplicant"] as? Bool == true)
                return F.body(r)["version"] as? Int
            }
            // 401: no token, a wrong token.
            #expect(try await status("/api/cases/ERR-1", officer: nil) == (.unauthorized, "unauthorized"))
            #expect(try await status("/api/cases/ERR-1", officer: "not-a-token") == (.unauthorized, "unauthorized"))
            // 404: unknown case, unknown SOP, unknown route.
            #expect(try await status("/api/cases/NOPE") == (.notFound, "unknown-case"))
            #expect(try await status("/api/sops/nope") == (.notFound, "unknown-sop"))
            #expect(try await status("/api/nothing-here").0 == .notFound)
            // 400: malformed JSON, a missing field, an unknown step, a bad case id, missing documents.
            #expect(try await status("/api/cases/ERR-1/complete", .post, body: ByteBuffer(string: "{not json")) .0 == .badRequest)
            #expect(try await status("/api/cases/ERR-1/complete", .post, body: F.json(["outcome": "x"])) == (.badRequest, "bad-request"))
            #expect(try await status("/api/cases/ERR-1/complete", .post, body: F.json(["step": "nope"])) == (.badRequest, "unknown-step"))
            #expect(try await status("/api/cases/bad%20id") == (.badRequest, "invalid-case-id"))
            #expect(try await status("/api/cases/ERR-1/complete", .post, officer: "pengadu",
                                     body: F.json(["step": "sampaikan-pengaduan"])) == (.badRequest, "missing-output"))
            // 403: a role the officer does not hold; a queue of someone else's role.
            #expect(try await status("/api/cases/ERR-1/complete", .post, officer: "humas",
                                     body: F.json(["step": "sampaikan-pengaduan"])) == (.forbidden, "role-not-held"))
            #expect(try await status("/api/queues/kepala-dinas") == (.forbidden, "role-not-held"))
            // 409: a step that is not active; a form built on an old version.
            #expect(try await status("/api/cases/ERR-1/complete", .post, body: F.json(["step": "catat-pengaduan"])) == (.conflict, "step-not-active"))
            #expect(try await status("/api/cases/ERR-1/complete", .post, officer: "pengadu",
                                     body: F.json(["step": "sampaikan-pengaduan", "expectedVersion": 1,
                                                   "documents": [F.document("pengaduan-tercatat")]])) == (.conflict, "conflict"))
            // 413: a document over the limit (100 bytes here).
            let big = ["document": "pengaduan-tercatat", "name": "big.pdf", "content": Data(repeating: 65, count: 500).base64EncodedString()]
            #expect(try await status("/api/cases/ERR-1/complete", .post, officer: "pengadu",
                                     body: F.json(["step": "sampaikan-pengaduan", "documents": [big]])) == (.contentTooLarge, "document-too-large"))
            // Nothing refused above changed the case.
            try await client.execute(uri: "/api/cases/ERR-1", method: .get, headers: F.headers("humas")) { r in
                #expect(F.body(r)["version"] as? Int == opened && opened != nil)
            }
        }
    }

    @Test(arguments: F.Store.allCases)
    func thePublicFilesAndFollowsItsComplaint(_ store: F.Store) async throws {
        let app = try await buildApplication(try F.config(rate: 2, store: try await store.make()), host: "127.0.0.1", port: 0)
        try await app.test(.live) { client in
            let receipt = try await client.execute(uri: "/public/complaints", method: .post, headers: F.headers(nil),
                                                   body: F.json(["complaint": "Izin usaha saya belum terbit setelah 3 bulan.", "name": "Budi"])) { r in
                #expect(r.status == .created, "\(String(buffer: r.body))")
                return F.body(r)
            }
            let code = try #require(receipt["trackingCode"] as? String)
            #expect(code.hasPrefix("LAPOR-") && code.count == 19)
            try await client.execute(uri: "/public/complaints/\(code)", method: .get) { r in
                #expect(r.status == .ok)
                #expect(F.body(r)["status"] as? String == "open")
                #expect((F.body(r)["currentStep"] as? String)?.hasPrefix("Mencatat") == true)
                // The public sees neither the complainant's name nor the officers' documents.
                #expect(!String(buffer: r.body).contains("Budi"))
            }
            // Officers see it in the complaint desk's queue.
            try await client.execute(uri: "/api/queues/pranata-humas", method: .get, headers: F.headers("humas")) { r in
                #expect(((F.body(r)["cases"] as? [[String: Any]])?.map { $0["caseID"] as? String }) == [code])
            }
            // A guessed or malformed code finds nothing; an empty complaint is refused; the third filing is rate-limited.
            #expect(try await client.execute(uri: "/public/complaints/LAPOR-AAAAAAAAAAAA", method: .get) { $0.status } == .notFound)
            #expect(try await client.execute(uri: "/public/complaints/SB-1", method: .get) { $0.status } == .notFound)
            #expect(try await client.execute(uri: "/public/complaints", method: .post, headers: F.headers(nil),
                                             body: F.json(["complaint": "  "])) { $0.status } == .badRequest)
            #expect(try await client.execute(uri: "/public/complaints", method: .post, headers: F.headers(nil),
                                             body: F.json(["complaint": "lagi"])) { $0.status } == .tooManyRequests)
        }
    }
}
