import Foundation
import SOPCore
import SOPStore
import SOPStoreSQLite
import Testing
@testable import SOPCLI

/// `sop backup` and `sop restore` as an operator runs them.
@Suite(.serialized) struct BackupCommandTests {
    let serdang = CLI.path("sops/serdang-bedagai-pengaduan.yaml")

    func database(_ caseIDs: [String]) async throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sop-backup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let db = dir.appendingPathComponent("cases.db").path
        for id in caseIDs {
            let r = await CLI.run("case", "open", serdang, "--case-id", id, "--at", "2026-03-02T09:00", "--db", db)
            #expect(r.status == 0, "\(r.err)")
        }
        return db
    }

    @Test func backupThenRestoreOverAnotherDatabase() async throws {
        let db = try await database(["SB-1", "SB-2"])
        let backup = db + ".bak"
        var r = await CLI.run("backup", "--db", db, "--to", backup)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("2 cases"), "\(r.out)")
        #expect(r.out.contains("every event chain checked"))

        // Again to the same file: refused, the first backup untouched.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: backup))
        r = await CLI.run("backup", "--db", db, "--to", backup)
        #expect(r.status == 1)
        #expect(r.err.contains("[file-exists]"), "\(r.err)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: backup)) == bytes)

        let other = try await database(["X-1"])
        r = await CLI.run("restore", "--from", backup, "--db", other)
        #expect(r.status == 1)
        #expect(r.err.contains("[file-exists]"), "\(r.err)")
        r = await CLI.run("restore", "--from", backup, "--db", other, "--force", "--format", "json")
        #expect(r.status == 0, "\(r.err)")
        let report = try JSONDecoder().decode(BackupReport.self, from: Data(r.out.utf8))
        #expect(report.cases == 2 && report.keptAside == other + ".before-restore-1")
        r = await CLI.run("case", "list", "--db", other)
        #expect(r.out.contains("SB-1") && r.out.contains("SB-2") && !r.out.contains("X-1"), "\(r.out)")
        r = await CLI.run("case", "list", "--db", other + ".before-restore-1")
        #expect(r.out.contains("X-1"), "\(r.out)")
    }

    @Test func aMissingOrForeignBackupIsRefusedWithItsPath() async throws {
        let db = try await database(["SB-1"])
        var r = await CLI.run("restore", "--from", db + ".none", "--db", db, "--force")
        #expect(r.status == 1)
        #expect(r.err.contains(db + ".none"), "\(r.err)")
        let text = CLI.temporaryFile("not.db", "hello")
        r = await CLI.run("restore", "--from", text, "--db", db, "--force")
        #expect(r.status == 1)
        #expect(r.err.contains("[not-a-database]"), "\(r.err)")
        r = await CLI.run("case", "list", "--db", db)
        #expect(r.out.contains("SB-1"))
    }
}
