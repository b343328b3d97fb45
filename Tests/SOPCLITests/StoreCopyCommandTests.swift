import Foundation
import Testing

/// `sop store copy`: an agency's cases moved from its SQLite file into another store (another
/// file, or PostgreSQL when the tests have a server), every case replaying the same, the
/// chains intact, the report unchanged; copying again refuses and replaces nothing.
@Suite struct StoreCopyCommandTests {
    /// 30 simulated cases of both seeds in a new SQLite file.
    func simulated() async -> String {
        let db = CLI.temporaryFile("source.db", "")
        try? FileManager.default.removeItem(atPath: db)
        let run = await CLI.run("simulate", CLI.path("sops/serdang-bedagai-pengaduan.yaml"), CLI.path("sops/lamandau-pengaduan.yaml"),
                                "--cases", "30", "--seed", "3", "--start", "2026-01-05T08:00", "--days", "60", "--db", db)
        #expect(run.status == 0, "\(run.err)")
        return db
    }

    func report(_ db: String) async -> String {
        await CLI.run("report", "--db", db, "--now", "2026-04-01T09:00", "--format", "json").out
    }

    @Test func aCopyReplaysTheSameAndACopyAgainReplacesNothing() async throws {
        let source = await simulated()
        let target = CLI.temporaryFile("target.db", "")
        try? FileManager.default.removeItem(atPath: target)
        let copied = await CLI.run("store", "copy", "--from", source, "--to", target)
        #expect(copied.status == 0 && copied.out.contains("copied 30 cases") && copied.out.contains("every case replays the same"), "\(copied.out)\(copied.err)")
        let verified = await CLI.run("verify", "--db", target)
        #expect(verified.status == 0, "\(verified.out)")
        let before = await report(source), after = await report(target)
        #expect(!before.isEmpty && before == after)
        let events = await CLI.run("export", "events", "--db", target).out, original = await CLI.run("export", "events", "--db", source).out
        #expect(events == original)
        // Again: the target already holds the cases; it is refused and stays as it was.
        let again = await CLI.run("store", "copy", "--from", source, "--to", target)
        #expect(again.status == 1 && again.err.contains("[case-exists]"), "\(again.err)")
        let unchanged = await CLI.run("export", "events", "--db", target).out
        #expect(unchanged == events)
        let same = await CLI.run("store", "copy", "--from", source, "--to", source)
        #expect(same.status == 2)
    }

    @Test(.enabled(if: PostgresCommandTests.server != nil, "no SOP_TEST_POSTGRES_URL: `make test` starts a throwaway PostgreSQL cluster"))
    func anAgencyMovesFromItsSQLiteFileToPostgreSQL() async throws {
        let source = await simulated()
        let target = try await PostgresCommandTests.freshDatabase("sop_copy_")
        let copied = await CLI.run("store", "copy", "--from", source, "--to", target, "--batch", "7", "--format", "json")
        #expect(copied.status == 0 && copied.out.contains("\"cases\" : 30") && copied.out.contains("\"differing\" : [\n\n  ]"), "\(copied.out)\(copied.err)")
        let before = await report(source), after = await report(target)
        #expect(before == after)
        let events = await CLI.run("export", "events", "--db", target).out, original = await CLI.run("export", "events", "--db", source).out
        #expect(events == original)
    }
}
