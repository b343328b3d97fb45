import Foundation
import Hummingbird
import HummingbirdTesting
import SOPCore
import SOPServer
import Testing

/// Issue 13, item 7: the audit page of who did what, for the officers of the SOPs the cases
/// run under, without the text of notes or the names of files.
@Suite struct AuditPageTests {
    typealias F = ServerFixtures

    static func audit(_ client: some TestClientProtocol, _ session: HTTPFields, query: String = "lang=id") async throws -> String {
        try await client.execute(uri: "/jejak?\(query)", method: .get, headers: session) { r in
            #expect(r.status == .ok)
            return String(buffer: r.body)
        }
    }

    /// The audit table's rows, in order: each row's cells as text.
    static func rows(_ page: String) -> [[String]] {
        page.components(separatedBy: "<tr data-case=").dropFirst().map { row in
            let body = row.components(separatedBy: "</tr>")[0]
            return body.components(separatedBy: "<td>").dropFirst().map { cell in
                cell.components(separatedBy: "</td>")[0].replacing(/<[^>]*>/, with: "")
            }
        }
    }

    @Test func whoDidWhatNewestFirstWithoutNotesOrFileNames() async throws {
        let clock = F.Clock("2026-03-02T09:00")
        let app = try await buildApplication(try F.config(clock: clock))
        try await app.test(.router) { client in
            let code = try await CaseDocumentsTests.fileWithName(client)
            clock.advance(seconds: 600)
            let upload: [String: Any] = ["document": "pengaduan-tercatat", "name": "catatan-rahasia-warga.txt", "mediaType": "text/plain",
                                         "content": Data("isi".utf8).base64EncodedString()]
            try await client.execute(uri: "/api/cases/\(code)/complete", method: .post, headers: F.headers("humas"),
                                     body: F.json(["step": "catat-pengaduan", "documents": [upload]])) { #expect($0.status == .ok) }
            clock.advance(seconds: 600)
            try await client.execute(uri: "/api/cases/\(code)/complete", method: .post, headers: F.headers("humas"),
                                     body: F.json(["step": "telaah-pengaduan", "documents": [F.document("pengaduan-tercatat"), F.document("telaahan-staf")]])) {
                #expect($0.status == .ok)
            }
            clock.advance(seconds: 600)
            try await client.execute(uri: "/api/cases/\(code)/complete", method: .post, headers: F.headers("fungsional"),
                                     body: F.json(["step": "periksa-draft", "outcome": "tidak-setuju", "reason": "Alamat pelapor Jl. Melati 7 keliru"])) {
                #expect($0.status == .ok, "\(String(buffer: $0.body))")
            }
            let page = try await Self.audit(client, try await OfficerSession.signIn(client, "kadis"))
            let rows = Self.rows(page)
            // Newest first: the reviewer's decision (with its reason recorded, not shown), then
            // the officer's two completions with their attachments, then the complainant's filing.
            let decision = try #require(rows.first)
            #expect(decision[1] == "fungsional" && decision[3] == code && decision[4] == "menyelesaikan langkah")
            #expect(decision[0] == "2026-03-02 09:30" && decision[6] == "Tidak setuju")
            #expect(rows.contains { $0[1] == "fungsional" && $0[4] == "mencatat alasan" })
            #expect(rows.filter { $0[1] == "humas" && $0[4] == "menyelesaikan langkah" }.count == 2)
            #expect(rows.contains { $0[1] == "humas" && $0[4] == "melampirkan dokumen" && $0[6] == "Telaahan staf" })
            // The public's filing, its step named by number and the start of its activity.
            let filing = try #require(rows.last)
            #expect(filing[1] == "masyarakat (daring)" && filing[4] == "melampirkan dokumen" && filing[5].hasPrefix("1. ") && filing[5].hasSuffix("…"))
            #expect(rows.allSatisfy { $0[5].count <= 64 })
            let times = rows.map { $0[0] }
            #expect(times == times.sorted(by: >))
            // Nothing personal: no note text, no file name, no complaint text, no name.
            for secret in ["Jl. Melati", "catatan-rahasia-warga", CaseDocumentsTests.complaint, CaseDocumentsTests.name] {
                #expect(!page.contains(secret), "\(secret)")
            }
            // English labels, and the pages link to each other.
            let english = try await Self.audit(client, try await OfficerSession.signIn(client, "kadis"), query: "lang=en")
            #expect(english.contains("Audit trail") && english.contains("completed a step"))
            #expect(page.contains("href=\"/jejak?lang=id\"") && page.contains("href=\"/papan?lang=id\""))
        }
    }

    @Test func anOfficerSeesOnlyTheSOPsTheirRolesWorkIn() async throws {
        let app = try await buildApplication(try F.config())
        try await app.test(.router) { client in
            let code = try await F.file(client)
            // Lamandau's help desk has no role in the Serdang Bedagai SOP the public filing opens.
            let page = try await Self.audit(client, try await OfficerSession.signIn(client, "loket"))
            #expect(Self.rows(page).isEmpty)
            #expect(!page.contains(code) && page.contains("Belum ada tindakan."))
            let humas = try await Self.audit(client, try await OfficerSession.signIn(client, "humas"))
            #expect(Self.rows(humas).contains { $0[3] == code })
        }
    }

    @Test func withoutASessionThePageSendsToSignIn() async throws {
        let app = try await buildApplication(try F.config())
        try await app.test(.router) { client in
            try await client.execute(uri: "/jejak?lang=en", method: .get) { r in
                #expect(r.status == .seeOther)
                #expect(r.headers[.location] == "/masuk?lang=en")
            }
        }
    }

    @Test func pagesOfAHundredWithLinksBothWays() async throws {
        let config = try F.config(rate: 1000)
        let app = try await buildApplication(config)
        try await app.test(.router) { client in
            // Each public filing is the complainant's completion and its attachments.
            for _ in 0..<60 { _ = try await F.file(client) }
            let total = try await config.store.actions(sopIDs: ["serdang-bedagai-pengaduan"], limit: 10_000, offset: 0).count
            #expect(total > 100 && total < 200)
            let session = try await OfficerSession.signIn(client, "humas")
            let first = try await Self.audit(client, session)
            #expect(Self.rows(first).count == 100)
            #expect(first.contains("href=\"/jejak?lang=id&amp;dari=100\""))
            let second = try await Self.audit(client, session, query: "lang=id&dari=100")
            #expect(Self.rows(second).count == total - 100)
            #expect(second.contains("href=\"/jejak?lang=id&amp;dari=0\"") && !second.contains("dari=200"))
            // The two pages are the whole audit, in order: the oldest entry of the first is not
            // older than the newest of the second.
            #expect(try #require(Self.rows(first).last?[0]) >= (try #require(Self.rows(second).first?[0])))
            // A `dari` that is not a page's start is the first page, never a fault.
            for odd in ["abc", "-5", "9223372036854775807", "99999999999999999999"] {
                #expect(Self.rows(try await Self.audit(client, session, query: "lang=id&dari=\(odd)")) == Self.rows(first), "\(odd)")
            }
        }
    }
}
