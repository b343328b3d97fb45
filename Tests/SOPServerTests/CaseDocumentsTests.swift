import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SOPCore
import SOPServer
import Testing

/// Issue 13, item 1: officers with a role on a case download its documents (the complaint
/// shown on the case page), the public only its own case's replies; every download is checked
/// and logged without personal data.
@Suite struct CaseDocumentsTests {
    typealias F = ServerFixtures

    static let complaint = "Jalan di depan kantor desa rusak sejak Januari."
    static let name = "Sari Warga"
    static let contact = "0812-3456-7890"

    /// The bytes a public filing stores: what the officers must get back exactly.
    static var filed: String { "Pengaduan\n\n\(complaint)\n\nNama: \(name)\nKontak: \(contact)" }

    static func fileWithName(_ client: some TestClientProtocol, text: String = complaint, name: String = name,
                             contact: String = contact) async throws -> String {
        try await client.execute(uri: "/public/complaints", method: .post, headers: F.headers(nil),
                                 body: F.json(["complaint": text, "name": name, "contact": contact])) { r in
            #expect(r.status == .created, "\(String(buffer: r.body))")
            return F.body(r)["trackingCode"] as? String ?? ""
        }
    }

    static func documents(_ client: some TestClientProtocol, _ caseID: String, as officer: String) async throws -> [[String: Any]] {
        try await client.execute(uri: "/api/cases/\(caseID)", method: .get, headers: F.headers(officer)) { r in
            #expect(r.status == .ok)
            return F.body(r)["documents"] as? [[String: Any]] ?? []
        }
    }

    @Test func anOfficerWithARoleDownloadsTheComplaintAsFiledOverRealHTTP() async throws {
        let app = try await buildApplication(try F.config(), host: "127.0.0.1", port: 0)
        try await app.test(.live) { client in
            let code = try await Self.fileWithName(client)
            let docs = try await Self.documents(client, code, as: "humas")
            let complaint = try #require(docs.first { $0["document"] as? String == "form-pengaduan" })
            let href = try #require(complaint["href"] as? String)
            let sha = try #require(complaint["sha256"] as? String)
            #expect(href == "/api/cases/\(code)/documents/\(sha)")
            #expect(docs.allSatisfy { ($0["href"] as? String)?.hasPrefix("/api/cases/\(code)/documents/") == true })
            try await client.execute(uri: href, method: .get, headers: F.headers("humas")) { r in
                #expect(r.status == .ok)
                #expect(String(buffer: r.body) == Self.filed)
                #expect(r.headers[.contentDisposition] == "attachment; filename=\"pengaduan.txt\"")
                #expect(r.headers[.xContentTypeOptions] == "nosniff" && r.headers[.cacheControl] == "no-store")
            }
            // The reviewer and the head of office act on this SOP too.
            for officer in ["fungsional", "kadis"] {
                try await client.execute(uri: href, method: .get, headers: F.headers(officer)) { #expect($0.status == .ok, "\(officer)") }
            }
            // No token: 401; an officer of the other SOP only (help desk of Lamandau): 403.
            try await client.execute(uri: href, method: .get, headers: F.headers(nil)) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: href, method: .get, headers: F.headers("loket")) { r in
                #expect(r.status == .forbidden)
                #expect((F.body(r)["error"] as? [String: Any])?["code"] as? String == "role-not-held")
                #expect(!String(buffer: r.body).contains(Self.complaint))
            }
        }
    }

    @Test func anotherCasesDocumentThroughThisCaseIsNotFound() async throws {
        let app = try await buildApplication(try F.config(rate: 10))
        try await app.test(.router) { client in
            let first = try await Self.fileWithName(client)
            let second = try await Self.fileWithName(client, text: "Pengaduan kedua, lain isinya.")
            let other = try #require(try await Self.documents(client, second, as: "humas").first?["sha256"] as? String)
            #expect(try await Self.documents(client, first, as: "humas").allSatisfy { $0["sha256"] as? String != other })
            for uri in ["/api/cases/\(first)/documents/\(other)", "/api/cases/\(first)/documents/\(String(repeating: "0", count: 64))"] {
                try await client.execute(uri: uri, method: .get, headers: F.headers("humas")) { r in
                    #expect(r.status == .notFound)
                    #expect((F.body(r)["error"] as? [String: Any])?["code"] as? String == "unknown-document")
                }
            }
            // The web route answers the same, with a session.
            let session = try await OfficerSession.signIn(client, "humas")
            try await client.execute(uri: "/kasus/\(first)/dokumen/\(other)", method: .get, headers: session) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/api/cases/NO-SUCH-CASE/documents/\(other)", method: .get, headers: F.headers("humas")) {
                #expect($0.status == .notFound)
            }
        }
    }

    @Test func theWebRouteDownloadsWithASessionAndRefusesWithoutARole() async throws {
        let app = try await buildApplication(try F.config())
        try await app.test(.router) { client in
            let code = try await Self.fileWithName(client)
            let sha = try #require(try await Self.documents(client, code, as: "humas").first?["sha256"] as? String)
            try await client.execute(uri: "/kasus/\(code)/dokumen/\(sha)", method: .get) { r in
                #expect(r.status == .seeOther && r.headers[.location]?.hasPrefix("/masuk") == true)
            }
            let humas = try await OfficerSession.signIn(client, "humas")
            try await client.execute(uri: "/kasus/\(code)/dokumen/\(sha)", method: .get, headers: humas) { r in
                #expect(r.status == .ok && String(buffer: r.body) == Self.filed)
            }
            let loket = try await OfficerSession.signIn(client, "loket")
            try await client.execute(uri: "/kasus/\(code)/dokumen/\(sha)", method: .get, headers: loket) { r in
                #expect(r.status == .forbidden && !String(buffer: r.body).contains(Self.complaint))
            }
        }
    }

    @Test func everyDownloadIsLoggedWithoutPersonalData() async throws {
        let records = LogCapture()
        var config = try F.config()
        config.logger = Logger(label: "test") { _ in CapturingLogHandler(records) }
        let app = try await buildApplication(config)
        try await app.test(.router) { client in
            let code = try await Self.fileWithName(client)
            let docs = try await Self.documents(client, code, as: "humas")
            let doc = try #require(docs.first { $0["document"] as? String == "form-pengaduan" })
            let sha = try #require(doc["sha256"] as? String), href = try #require(doc["href"] as? String)
            try await client.execute(uri: href, method: .get, headers: F.headers("humas")) { #expect($0.status == .ok) }
            try await client.execute(uri: href, method: .get, headers: F.headers("loket")) { #expect($0.status == .forbidden) }
            let downloads = records.all.filter { $0.message == "document download" }
            #expect(downloads.count == 2)
            let served = try #require(downloads.first { $0.metadata["outcome"] == "served" })
            #expect(served.metadata["case"] == code && served.metadata["officer"] == "humas")
            #expect(served.metadata["document"] == "form-pengaduan" && served.metadata["sha"] == String(sha.prefix(12)))
            #expect(served.level == .info)
            let refused = try #require(downloads.first { $0.metadata["outcome"] == "role-not-held" })
            #expect(refused.metadata["officer"] == "loket" && refused.metadata["case"] == code)
            // Nothing personal, no file name, no token, anywhere in the log.
            let everything = records.all.map { "\($0.message) \($0.metadata)" }.joined(separator: "\n")
            for secret in [Self.complaint, Self.name, Self.contact, "pengaduan.txt", "tok-humas", "tok-loket", sha] {
                #expect(!everything.contains(secret), "the log holds \(secret)")
            }
        }
    }

    @Test func aTrackingCodeFetchesItsReplyButNotTheComplaintOrStaffDocuments() async throws {
        let app = try await buildApplication(try F.config(rate: 10))
        try await app.test(.router) { client in
            let code = try await Self.fileWithName(client)
            let steps: [(String, String, String?, [[String: Any]])] = [
                ("catat-pengaduan", "humas", nil, [F.document("pengaduan-tercatat")]),
                ("telaah-pengaduan", "humas", nil, [F.document("pengaduan-tercatat"), F.document("telaahan-staf", "catatan internal")]),
                ("periksa-draft", "fungsional", "setuju", [F.document("draft-surat-balasan")]),
                ("tandatangani-balasan", "kadis", "setuju", [F.document("surat-jawaban", "balasan resmi")]),
            ]
            for (step, officer, outcome, documents) in steps {
                var body: [String: Any] = ["step": step, "documents": documents]
                if let outcome { body["outcome"] = outcome }
                try await client.execute(uri: "/api/cases/\(code)/complete", method: .post, headers: F.headers(officer), body: F.json(body)) {
                    #expect($0.status == .ok, "\(step)")
                }
            }
            let docs = try await Self.documents(client, code, as: "humas")
            func sha(_ document: String) throws -> String {
                try #require(docs.last { $0["document"] as? String == document }?["sha256"] as? String)
            }
            let replies = try await client.execute(uri: "/public/complaints/\(code)", method: .get) { r in
                (F.body(r)["replies"] as? [[String: Any]] ?? []).compactMap { $0["url"] as? String }
            }
            #expect(replies == ["/public/complaints/\(code)/documents/\(try sha("surat-jawaban"))"])
            try await client.execute(uri: replies[0], method: .get) { r in
                #expect(r.status == .ok && String(buffer: r.body) == "surat-jawaban: balasan resmi")
            }
            // The complaint form, the staff's examination and the draft: not with the code.
            for document in ["form-pengaduan", "pengaduan-tercatat", "telaahan-staf", "draft-surat-balasan"] {
                try await client.execute(uri: "/public/complaints/\(code)/documents/\(try sha(document))", method: .get) { r in
                    #expect(r.status == .notFound, "\(document)")
                    #expect(!String(buffer: r.body).contains(Self.complaint))
                }
            }
            // Another case's complaint through this code: not found either.
            let other = try await Self.fileWithName(client, text: "Aduan lain.")
            let otherSHA = try #require(try await Self.documents(client, other, as: "humas").first?["sha256"] as? String)
            try await client.execute(uri: "/public/complaints/\(code)/documents/\(otherSHA)", method: .get) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/public/complaints/\(other)/documents/\(try sha("surat-jawaban"))", method: .get) {
                #expect($0.status == .notFound)
            }
        }
    }
}

/// A signed-in browser: the session cookie of an officer.
enum OfficerSession {
    static func signIn(_ client: some TestClientProtocol, _ officer: String, lang: String = "id") async throws -> HTTPFields {
        var headers = HTTPFields()
        headers[.cookie] = try await ServerFixtures.webSignIn(client, officer, lang: lang).cookie
        return headers
    }
}

