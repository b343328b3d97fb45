import Foundation
import SOPCore
import SOPLoader
import Testing
@testable import SOPCLI

/// `sop deploy list-officers` and `sop deploy rotate-token`.
@Suite struct DeployOfficersCommandTests {
    func deployment() throws -> (config: String, officersFile: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sop-officers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let text = """
            format: sop-deployment/v1
            agency: Kabupaten Lamandau
            sops: [\(CLI.path("sops/lamandau-pengaduan.yaml"))]
            database: lamandau.db
            officers: officers.yaml
            """
        let path = dir.appendingPathComponent("deploy.yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return (path, dir.appendingPathComponent("officers.yaml").path)
    }

    func add(_ config: String, _ id: String, _ name: String, _ roles: [String]) async throws -> String {
        let r = await CLI.run(["deploy", "add-officer", "--config", config, "--id", id, "--name", name] + roles.flatMap { ["--role", $0] })
        #expect(r.status == 0, "\(r.err)")
        return try #require(r.out.split(separator: " ").last.map(String.init)?.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test func listOfficersShowsIdsNamesAndRolesButNoHashes() async throws {
        let (config, file) = try deployment()
        let empty = await CLI.run("deploy", "list-officers", "--config", config)
        #expect(empty.status == 0 && empty.out.contains("no officers"), "\(empty.err)")
        _ = try await add(config, "loket-1", "Petugas Loket", ["help-desk"])
        _ = try await add(config, "kadis", "Kepala Dinas", ["kepala-dinas", "help-desk"])
        let text = await CLI.run("deploy", "list-officers", "--config", config)
        #expect(text.status == 0, "\(text.err)")
        let lines = text.out.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("ID") == true)
        #expect(lines.firstIndex { $0.hasPrefix("kadis") }! < lines.firstIndex { $0.hasPrefix("loket-1") }!)
        #expect(text.out.contains("Kepala Dinas") && text.out.contains("kepala-dinas, help-desk") && text.out.contains("Petugas Loket"))
        #expect(!text.out.contains("sha256") && !text.out.contains("token"))
        let json = await CLI.run("deploy", "list-officers", "--config", config, "--format", "json")
        #expect(json.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        let officers = try #require(object["officers"] as? [[String: Any]])
        #expect(officers.map { $0["id"] as? String } == ["kadis", "loket-1"])
        #expect(officers[0]["roles"] as? [String] == ["kepala-dinas", "help-desk"])
        #expect(officers.allSatisfy { Set($0.keys) == ["id", "name", "roles"] })
        let stored = try String(contentsOfFile: file, encoding: .utf8)
        for hash in DeploymentLoader.loadOfficers(path: file).officers.map(\.tokenHash) { #expect(stored.contains(hash) && !json.out.contains(hash)) }
    }

    @Test func rotateTokenPrintsANewTokenOnceAndTheOldStopsWorking() async throws {
        let (config, file) = try deployment()
        let old = try await add(config, "loket-1", "Petugas Loket", ["help-desk"])
        let other = try await add(config, "kadis", "Kepala Dinas", ["kepala-dinas"])
        let r = await CLI.run("deploy", "rotate-token", "--config", config, "loket-1")
        #expect(r.status == 0, "\(r.err)")
        let new = try #require(r.out.split(separator: " ").last.map(String.init)?.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(new.hasPrefix("sop_") && new != old)
        #expect(r.out.components(separatedBy: new).count == 2, "the token is printed once")
        #expect(!(try String(contentsOfFile: file, encoding: .utf8)).contains(new))
        let loaded = try #require(DeploymentLoader.load(path: config).deployment)
        #expect(loaded.officer(token: old) == nil)
        #expect(loaded.officer(token: new)?.id == "loket-1")
        #expect(loaded.officer(token: other)?.id == "kadis")
        // Name and roles are kept.
        #expect(loaded.officers.first { $0.id == "loket-1" }.map { [$0.name] + $0.roles } == ["Petugas Loket", "help-desk"])
        // An unknown officer: a usage error, nothing changed.
        let before = try String(contentsOfFile: file, encoding: .utf8)
        let typo = await CLI.run("deploy", "rotate-token", "--config", config, "loket-2")
        #expect(typo.status == 2 && typo.err.contains("no officer 'loket-2'") && typo.err.contains("did you mean 'loket-1'?"), "\(typo.err)")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == before)
    }
}
