import Foundation
import Hummingbird
import HummingbirdTesting
import SOPCore
import SOPServer
import SOPStore
import Testing

/// Publishing a revision to running cases over the API (`POST /api/sops/{id}/migrate`): only an
/// administrator may; a dry run stores nothing; the server reads the SOP's file again, moves
/// every open case or (a case it cannot move) none, and new cases open under the revision.
@Suite struct RevisionAPITests {
    typealias F = ServerFixtures
    static let id = "serdang-bedagai-pengaduan"
    static let uri = "/api/sops/\(id)/migrate"

    /// A copy of the Serdang Bedagai SOP and its calendar in a folder of its own, served from
    /// there, with an administrator besides the seeds' officers.
    struct Deployed {
        let folder: URL
        var file: URL { folder.appendingPathComponent("\(RevisionAPITests.id).yaml") }
        var config: ServerConfig

        init() throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("revision-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let sops = F.root.appendingPathComponent("sops")
            try FileManager.default.copyItem(at: sops.appendingPathComponent("\(RevisionAPITests.id).yaml"),
                                             to: folder.appendingPathComponent("\(RevisionAPITests.id).yaml"))
            try FileManager.default.copyItem(at: sops.appendingPathComponent("calendars"), to: folder.appendingPathComponent("calendars"))
            config = try F.config { d in
                d.officers.append(.init(id: "admin", name: "Admin", roles: [Deployment.administratorRole], tokenHash: Deployment.Officer.hash("tok-admin")))
            }
            config.files = [RevisionAPITests.id: folder.appendingPathComponent("\(RevisionAPITests.id).yaml").path]
        }

        /// Replaces `old` by `new` in the served file, as an administrator edits it.
        func edit(_ old: String, _ new: String) throws {
            let text = try String(contentsOf: file, encoding: .utf8)
            #expect(text.contains(old))
            try text.replacingOccurrences(of: old, with: new).write(to: file, atomically: true, encoding: .utf8)
        }
    }

    func migrate(_ client: some TestClientProtocol, as officer: String, _ body: [String: Any] = [:],
                 expect status: HTTPResponse.Status = .ok) async throws -> [String: Any] {
        try await client.execute(uri: Self.uri, method: .post, headers: F.headers(officer), body: F.json(body)) { r in
            #expect(r.status == status, "\(String(buffer: r.body))")
            return F.body(r)
        }
    }

    func hash(_ client: some TestClientProtocol, sop: String = id) async throws -> String? {
        try await client.execute(uri: "/api/sops/\(sop)", method: .get, headers: F.headers("humas")) { F.body($0)["hash"] as? String }
    }

    static func code(_ r: [String: Any]) -> String? { (r["error"] as? [String: Any])?["code"] as? String }

    @Test func anAdministratorPublishesAShorterStandardToTheRunningCases() async throws {
        let deployed = try Deployed()
        let app = try await buildApplication(deployed.config)
        try await app.test(.router) { client in
            let id = try await F.file(client)
            let before = try await hash(client)
            // The recording step goes from 5 working days to 2.
            try deployed.edit("    time: {value: 5, unit: working-days}\n    next: telaah-pengaduan", "    time: {value: 2, unit: working-days}\n    next: telaah-pengaduan")

            #expect(Self.code(try await migrate(client, as: "humas", ["dryRun": true], expect: .forbidden)) == "not-administrator")

            let dry = try await migrate(client, as: "tok-admin", ["dryRun": true])
            #expect(dry["dryRun"] as? Bool == true && dry["stored"] as? Bool == false)
            let moved = try #require((dry["moved"] as? [[String: Any]])?.first)
            #expect(moved["caseID"] as? String == id && moved["fromHash"] as? String == before)
            let step = try #require((moved["steps"] as? [[String: Any]])?.first)
            #expect(step["from"] as? String == "catat-pengaduan" && step["to"] as? String == "catat-pengaduan")
            let dueBefore = try #require(step["dueBefore"] as? String), dueAfter = try #require(step["dueAfter"] as? String)
            // In the agency's zone, three working days earlier.
            #expect(dueBefore.hasSuffix("+07:00") && dueAfter < dueBefore)
            let unchanged = try await hash(client)
            #expect(unchanged == before, "a dry run publishes nothing")

            let run = try await migrate(client, as: "tok-admin")
            #expect(run["stored"] as? Bool == true && (run["refused"] as? [Any])?.isEmpty == true)
            let after = try #require(run["definitionHash"] as? String)
            let published = try await hash(client)
            #expect(after != before && published == after)
            // The case's step is now due at the earlier instant; a new case opens under the revision.
            let state = try await deployed.config.store.summary(caseID: id)
            #expect(state?.definitionHash == after)
            #expect(state?.activeDue?.iso8601(utcOffsetSeconds: 7 * 3600) == dueAfter)
            let second = try await F.file(client)
            await #expect(try deployed.config.store.summary(caseID: second)?.definitionHash == after)
            // Publishing the same file again moves nothing.
            let again = try await migrate(client, as: "tok-admin")
            #expect((again["moved"] as? [Any])?.isEmpty == true && (again["current"] as? [String])?.sorted() == [id, second].sorted())
        }
    }

    @Test func aRenamedStepIsRefusedUntilMappedAndNothingMovesMeanwhile() async throws {
        let deployed = try Deployed()
        let app = try await buildApplication(deployed.config)
        try await app.test(.router) { client in
            let id = try await F.file(client)
            let before = try await hash(client)
            try deployed.edit("id: catat-pengaduan", "id: rekam-pengaduan")
            try deployed.edit("next: catat-pengaduan", "next: rekam-pengaduan")
            let refused = try await migrate(client, as: "tok-admin", expect: .conflict)
            let refusal = try #require((refused["refused"] as? [[String: Any]])?.first)
            #expect(refusal["caseID"] as? String == id && refusal["code"] as? String == "unmapped-step")
            #expect(refused["stored"] as? Bool == false)
            let still = try await hash(client)
            let summary = try await deployed.config.store.summary(caseID: id)
            #expect(still == before && summary?.definitionHash == before)

            #expect(Self.code(try await migrate(client, as: "tok-admin", ["map": ["catat-pengaduan": "bukan id"]], expect: .badRequest)) == "bad-map")
            let mapped = try await migrate(client, as: "tok-admin", ["map": ["catat-pengaduan": "rekam-pengaduan"]])
            #expect(mapped["stored"] as? Bool == true)
            await #expect(try deployed.config.store.summary(caseID: id)?.activeStep == "rekam-pengaduan")
        }
    }

    @Test func aBrokenFileOrAnSOPNotFromAFileIsRefusedAndNothingChanges() async throws {
        let deployed = try Deployed()
        let app = try await buildApplication(deployed.config)
        try await app.test(.router) { client in
            let id = try await F.file(client)
            let before = try await hash(client)
            try deployed.edit("next: telaah-pengaduan", "next: telaah-pengaduan-x")
            let invalid = try await migrate(client, as: "tok-admin", expect: .badRequest)
            #expect(Self.code(invalid) == "invalid-sop")
            let message = (invalid["error"] as? [String: Any])?["message"] as? String ?? ""
            #expect(message.contains("\(RevisionAPITests.id).yaml:") && message.contains("telaah-pengaduan-x"), "\(message)")
            let still = try await hash(client)
            let summary = try await deployed.config.store.summary(caseID: id)
            #expect(still == before && summary?.definitionHash == before)
            let unknown = try await client.execute(uri: "/api/sops/nope/migrate", method: .post, headers: F.headers("tok-admin"), body: F.json([:])) { r in
                #expect(r.status == .notFound)
                return F.body(r)
            }
            #expect(Self.code(unknown) == "unknown-sop")
        }
        // A server given the SOP itself, not a file it can read again.
        var given = deployed.config
        given.files = [:]
        try await buildApplication(given).test(.router) { client in
            let answer = try await migrate(client, as: "tok-admin", expect: .serviceUnavailable)
            #expect(Self.code(answer) == "no-sop-file")
        }
    }
}
