import Foundation
import Testing
@testable import SOPCLI

/// `sop case migrate --to FILE [--dry-run]`: mapped, unmapped, dry run, the stored move
/// replayed and verified, the case carrying on under the new revision.
@Suite struct MigrateCommandTests {
    static let lamandau = CLI.path("sops/lamandau-pengaduan.yaml")

    /// Lamandau with its examination renamed (kaji → telaah) and given 10 working days.
    static func revision() throws -> String {
        let text = try String(contentsOfFile: lamandau, encoding: .utf8)
            .replacingOccurrences(of: "calendar: calendars/", with: "calendar: \(CLI.path("sops/calendars"))/")
            .replacingOccurrences(of: "kaji-pengaduan", with: "telaah-pengaduan")
            .replacingOccurrences(of: "    outputs: [hasil-kajian]\n    time: {value: 5, unit: working-days}",
                                  with: "    outputs: [hasil-kajian]\n    time: {value: 10, unit: working-days}")
        return CLI.temporaryFile("lamandau-rev.yaml", text)
    }

    /// A1 waits at step 2, A2 at step 3 (the examination the revision renames).
    static func database() async -> String {
        let db = CLI.temporaryFile("m.db", "")
        try? FileManager.default.removeItem(atPath: db)
        let file = CLI.temporaryFile("pengaduan.txt", "isi pengaduan")
        for (id, day) in [("A1", "02"), ("A2", "03")] {
            let opened = await CLI.run("case", "open", lamandau, "--case-id", id, "--at", "2026-03-\(day)T09:00", "--attach", "pengaduan=\(file)", "--db", db)
            precondition(opened.status == 0, opened.err)
            let filed = await CLI.run("case", "complete", id, "--as", "pemohon", "--at", "2026-03-\(day)T09:05", "--db", db)
            precondition(filed.status == 0, filed.err)
        }
        let recorded = await CLI.run("case", "complete", "A2", "--as", "help-desk", "--at", "2026-03-03T10:00",
                                     "--attach", "catatan-pengaduan=\(file)", "--db", db)
        precondition(recorded.status == 0, recorded.err)
        return db
    }

    func version(_ id: String, _ db: String) async throws -> Int {
        let r = await CLI.run("case", "show", id, "--db", db, "--format", "json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        return try #require((json["state"] as? [String: Any])?["version"] as? Int)
    }

    @Test func anUnmappedCaseIsNamedAndNothingMoves() async throws {
        let db = await Self.database(), rev = try Self.revision()
        let before = await (try version("A1", db), try version("A2", db))
        let r = await CLI.run("case", "migrate", "--to", rev, "--db", db, "--at", "2026-03-04T09:00")
        #expect(r.status == 1)
        #expect(r.err.contains("[unmapped-step] case 'A2' is at step 'kaji-pengaduan', which the new revision does not have"), "\(r.err)")
        #expect(r.err.contains("--map kaji-pengaduan=<new step>"))
        #expect(r.out.contains("1 case not moved (a case was refused; nothing stored); 1 refused: A2"), "\(r.out)")
        await #expect(try (version("A1", db), version("A2", db)) == before)
    }

    @Test func aDryRunSaysPerCaseWhatChangesAndStoresNothing() async throws {
        let db = await Self.database(), rev = try Self.revision()
        let before = try await version("A2", db)
        let r = await CLI.run("case", "migrate", "--to", rev, "--dry-run", "--map", "kaji-pengaduan=telaah-pengaduan", "--db", db, "--at", "2026-03-04T09:00")
        #expect(r.status == 0, "\(r.err)")
        let lines = r.out.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
        // The examination began on Tuesday 3 March 10:00: 5 working days were due on the 10th, 10 are due on the 17th.
        #expect(lines.contains("kaji-pengaduan telaah-pengaduan 2026-03-10 16:00 2026-03-17 16:00"), "\(r.out)")
        #expect(lines.contains("catat-permasalahan same 2026-03-03 16:00 2026-03-03 16:00"), "\(r.out)")
        #expect(r.out.contains("2 cases would move (dry run: nothing stored)"))
        await #expect(try version("A2", db) == before)
        let json = await CLI.run("case", "migrate", "--to", rev, "--dry-run", "--map", "kaji-pengaduan=telaah-pengaduan", "--db", db,
                                 "--at", "2026-03-04T09:00", "--format", "json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        #expect(object["dryRun"] as? Bool == true && object["stored"] as? Bool == false)
        #expect((object["moved"] as? [[String: Any]])?.map { $0["caseID"] as? String } == ["A1", "A2"])
    }

    @Test func aMappedRunIsRecordedReplaysAndCarriesOn() async throws {
        let db = await Self.database(), rev = try Self.revision()
        let map = CLI.temporaryFile("map.yaml", "# old step: new step\nkaji-pengaduan: telaah-pengaduan\n")
        let r = await CLI.run("case", "migrate", "--to", rev, "--map-file", map, "--actor", "admin-1", "--db", db, "--at", "2026-03-04T09:00")
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("2 cases moved"))
        let show = await CLI.run("case", "show", "A2", "--db", db, "--at", "2026-03-04T09:00")
        #expect(show.out.contains("waiting at 'telaah-pengaduan'") && show.out.contains("due 2026-03-17 16:00 WIB"), "\(show.out)")
        #expect(show.out.contains("Moved to revision") && show.out.contains("by admin-1"), "\(show.out)")
        let verify = await CLI.run("verify", "--db", db)
        #expect(verify.status == 0 && verify.out.contains("every chain is intact"), "\(verify.out)\(verify.err)")
        let file = CLI.temporaryFile("kajian.txt", "hasil")
        let next = await CLI.run("case", "complete", "A2", "telaah-pengaduan", "--as", "kabid-perizinan", "--attach", "hasil-kajian=\(file)",
                                 "--at", "2026-03-05T10:00", "--db", db)
        #expect(next.status == 0 && next.out.contains("waiting at 'rapat-pembahasan'"), "\(next.err)\(next.out)")
        // Published again: nothing left to move.
        let again = await CLI.run("case", "migrate", "--to", rev, "--map-file", map, "--db", db)
        #expect(again.status == 0 && again.out.contains("no case to move; 2 already on this revision"), "\(again.out)")
    }

    @Test func aBadMapIsLocated() async throws {
        let db = await Self.database(), rev = try Self.revision()
        let map = CLI.temporaryFile("map.yaml", "kaji-pengaduan: [telaah]\n")
        let r = await CLI.run("case", "migrate", "--to", rev, "--map-file", map, "--db", db)
        #expect(r.status == 1)
        #expect(r.err.contains("map.yaml:1:17: error:") && r.err.contains("must map a step id to a step id"), "\(r.err)")
        await #expect(CLI.run("case", "migrate", "--to", rev, "--map", "kaji", "--db", db).status == 2)
    }
}
