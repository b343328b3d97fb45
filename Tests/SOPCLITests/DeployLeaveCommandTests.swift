import Foundation
import SOPCore
import SOPLoader
import Testing
@testable import SOPCLI

/// `sop deploy set-leave` and `end-leave`: an officer's leave and substitute in the officers
/// file, refused when it cannot be right, located when the file is edited by hand.
@Suite struct DeployLeaveCommandTests {
    let officers = DeployOfficersCommandTests()

    @Test func aLeaveIsWrittenListedAndEnded() async throws {
        let (config, file) = try officers.deployment()
        _ = try await officers.add(config, "humas-1", "Siti", ["help-desk"])
        _ = try await officers.add(config, "humas-2", "Rina", ["help-desk"])
        let set = await CLI.run("deploy", "set-leave", "humas-1", "--config", config, "--from", "2026-12-07", "--to", "2026-12-11", "--substitute", "humas-2")
        #expect(set.status == 0, "\(set.err)")
        let loaded = DeploymentLoader.loadOfficers(path: file)
        #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics)")
        let leave = try #require(loaded.officers.first { $0.id == "humas-1" }?.leave.first)
        #expect(leave == .init(from: CivilDate(iso: "2026-12-07")!, to: CivilDate(iso: "2026-12-11")!, substitute: "humas-2"))
        #expect(leave.covers(CivilDate(iso: "2026-12-11")!) && !leave.covers(CivilDate(iso: "2026-12-12")!))
        let roster = OfficerRoster(loaded.officers)
        #expect(roster.substituted(by: "humas-2", on: CivilDate(iso: "2026-12-08")!).map(\.id) == ["humas-1"])
        #expect(roster.substituted(by: "humas-2", on: CivilDate(iso: "2026-12-06")!).isEmpty)
        let list = await CLI.run("deploy", "list-officers", "--config", config)
        #expect(list.out.contains("2026-12-07–2026-12-11 → humas-2"), "\(list.out)")
        let json = await CLI.run("deploy", "list-officers", "--config", config, "--format", "json")
        #expect(json.out.contains("\"substitute\" : \"humas-2\"") || json.out.contains("\"substitute\":\"humas-2\""), "\(json.out)")
        // An overlapping leave, a substitute who is no officer, dates the wrong way round.
        for (args, says) in [
            (["--from", "2026-12-10", "--to", "2026-12-12", "--substitute", "humas-2"], "already on leave"),
            (["--from", "2026-12-20", "--to", "2026-12-21", "--substitute", "humas-3"], "no officer 'humas-3'"),
            (["--from", "2026-12-21", "--to", "2026-12-20", "--substitute", "humas-2"], "ends (2026-12-20) before it starts"),
            (["--from", "2026-12-32", "--to", "2026-12-20", "--substitute", "humas-2"], "is not a date"),
            (["--from", "2026-12-20", "--to", "2026-12-21", "--substitute", "humas-1"], "cannot substitute for themself"),
        ] {
            let r = await CLI.run(["deploy", "set-leave", "humas-1", "--config", config] + args)
            #expect(r.status != 0 && r.err.contains(says), "\(args): \(r.err)")
        }
        // The substitute cannot be removed while the leave stands.
        let removal = await CLI.run("deploy", "remove-officer", "--config", config, "--id", "humas-2")
        #expect(removal.status != 0 && removal.err.contains("substitutes for humas-1"), "\(removal.err)")
        let end = await CLI.run("deploy", "end-leave", "humas-1", "--config", config)
        #expect(end.status == 0, "\(end.err)")
        let after = DeploymentLoader.loadOfficers(path: file).officers
        #expect(after.allSatisfy { $0.leave.isEmpty })
        await #expect(CLI.run("deploy", "end-leave", "humas-1", "--config", config).err.contains("no such leave"))
    }

    @Test func aHandEditedLeaveIsCheckedWithItsLocation() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sop-leave-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("officers.yaml").path
        let hash = "sha256:" + String(repeating: "a", count: 64)
        try """
            format: sop-officers/v1
            officers:
              - id: humas-1
                name: Siti
                roles: [help-desk]
                token: \(hash)
                leave:
                  - {from: 2026-12-07, to: 2026-12-01, substitute: humas-2}
                  - {from: 2026-12-07, to: 2026-12-08, substitute: humas-9}
                  - {from: 2026-12-07, to: 2026-12-08, substitute: humas-1}
                  - {from: 2026-13-07, to: 2026-12-08, substitute: humas-2}
              - id: humas-2
                name: Rina
                roles: [help-desk]
                token: sha256:\(String(repeating: "b", count: 64))
            """.write(toFile: path, atomically: true, encoding: .utf8)
        let loaded = DeploymentLoader.loadOfficers(path: path)
        let found = loaded.diagnostics.map { "\($0.location?.line ?? 0): \($0.message)" }
        #expect(found.contains { $0.hasPrefix("8:") && $0.contains("ends (2026-12-01) before it starts") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("9:") && $0.contains("substitute 'humas-9' is not an officer") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("10:") && $0.contains("cannot substitute for themself") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("11:") && $0.contains("'2026-13-07' is not a date") }, "\(found)")
        #expect(found.count == 4, "\(found)")
    }
}
