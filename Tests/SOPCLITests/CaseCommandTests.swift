import Foundation
import SOPCore
import SOPStore
import SOPStoreSQLite
import Testing
@testable import SOPCLI

@Suite struct CaseCommandTests {
    let serdang = CLI.path("sops/serdang-bedagai-pengaduan.yaml")

    func database() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("sop-cli-\(UUID().uuidString).db").path
    }

    func file(_ text: String) -> String { CLI.temporaryFile("doc.txt", text) }

    @Test func aCaseRunsThroughTheCommandLine() async throws {
        let db = database()
        var r = await CLI.run("case", "open", serdang, "--case-id", "SB-1", "--at", "2026-03-02T09:00", "--db", db)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("waiting at 'sampaikan-pengaduan'"))
        let doc = file("pengaduan")
        let steps: [[String]] = [
            ["sampaikan-pengaduan", "--as", "pengadu", "--attach", "pengaduan-tercatat=\(doc)", "--at", "2026-03-02T09:04"],
            ["catat-pengaduan", "--as", "pranata-humas", "--attach", "pengaduan-tercatat=\(doc)", "--at", "2026-03-03T10:00"],
            ["telaah-pengaduan", "--as", "pranata-humas", "--attach", "pengaduan-tercatat=\(doc)", "--attach", "telaahan-staf=\(doc)", "--at", "2026-03-10T10:00"],
            ["periksa-draft", "--as", "fungsional-muda", "--outcome", "tidak-setuju", "--attach", "draft-surat-balasan=\(doc)", "--at", "2026-03-10T11:30"],
        ]
        for s in steps {
            r = await CLI.run(["case", "complete", "SB-1"] + s + ["--db", db])
            #expect(r.status == 0, "\(s[0]): \(r.err)")
        }
        #expect(r.out.contains("waiting at 'telaah-pengaduan'"))
        r = await CLI.run("case", "show", "SB-1", "--db", db, "--at", "2026-03-11T09:00", "--format", "json")
        #expect(r.status == 0)
        struct Out: Decodable { var state: CaseState; var summary: CaseSummary }
        let out = try JSONDecoder().decode(Out.self, from: Data(r.out.utf8))
        #expect(out.state.revisions["periksa-draft"] == 1)
        #expect(out.summary.activeRole == "pranata-humas")
        r = await CLI.run("case", "list", "--role", "pranata-humas", "--db", db)
        #expect(r.out.contains("SB-1"))
        #expect(r.out.contains("1 case"))
    }

    /// A walk-in at the counter: Pranata Humas does the complainant's step on their behalf;
    /// the event records the officer in the complainant's lane. A role the lane does not list
    /// in represented-by, or no officer named, is refused and nothing is stored.
    @Test func anOfficerDoesTheCitizensStepOnTheirBehalf() async throws {
        let db = database()
        await #expect(CLI.run("case", "open", serdang, "--case-id", "SB-W", "--at", "2026-03-02T09:00", "--db", db).status == 0)
        let doc = file("pengaduan lewat telepon")
        let step = ["case", "complete", "SB-W", "sampaikan-pengaduan", "--attach", "pengaduan-tercatat=\(doc)", "--at", "2026-03-02T09:05", "--db", db]
        var r = await CLI.run(step + ["--as", "kepala-dinas", "--on-behalf", "--actor", "kadis-1"])
        #expect(r.status != 0 && r.err.contains("needs one of pranata-humas"), "\(r.err)")
        r = await CLI.run(step + ["--as", "pranata-humas", "--on-behalf"])
        #expect(r.status != 0 && r.err.contains("--on-behalf needs --actor"), "\(r.err)")
        await #expect(try SQLiteCaseStore(path: db).events(caseID: "SB-W").count == CaseState.fold(try SQLiteCaseStore(path: db).events(caseID: "SB-W"))!.version)
        await #expect(CaseState.fold(try SQLiteCaseStore(path: db).events(caseID: "SB-W"))!.active?.step == "sampaikan-pengaduan")
        r = await CLI.run(step + ["--as", "pranata-humas", "--on-behalf", "--actor", "humas-1"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("waiting at 'catat-pengaduan'"))
        let record = try await #require(CaseState.fold(try SQLiteCaseStore(path: db).events(caseID: "SB-W"))?.history.first)
        #expect(record.step == "sampaikan-pengaduan" && record.role == "pengadu" && record.actor == "humas-1")
    }

    @Test func refusalsAreClearAndChangeNothing() async throws {
        let db = database()
        await #expect(CLI.run("case", "open", serdang, "--case-id", "SB-2", "--at", "2026-03-02T09:00", "--db", db).status == 0)
        func contents() throws -> [RecordedEvent] { try SQLiteCaseStore(path: db).events(caseID: "SB-2") }
        let before = try contents()
        let summary = try await SQLiteCaseStore(path: db).summary(caseID: "SB-2")
        let doc = file("x")
        let cases: [([String], String)] = [
            (["complete", "SB-2", "sampaikan-pengaduan", "--as", "kepala-dinas", "--attach", "pengaduan-tercatat=\(doc)"], "[wrong-role]"),
            (["complete", "SB-2", "sampaikan-pengaduan", "--as", "pengadu"], "[missing-output]"),
            (["complete", "SB-2", "catat-pengaduan", "--as", "pranata-humas"], "[step-not-active]"),
            (["complete", "SB-2", "nope", "--as", "pengadu"], "[unknown-step]"),
            (["complete", "SB-9", "sampaikan-pengaduan", "--as", "pengadu"], "[unknown-case]"),
            (["complete", "SB-2", "sampaikan-pengaduan", "--as", "pengadu", "--outcome", "setuju", "--attach", "pengaduan-tercatat=\(doc)"], "[outcome-not-allowed]"),
            (["open", serdang, "--case-id", "SB-2", "--at", "2026-03-02T09:00"], "[case-exists]"),
        ]
        for (args, code) in cases {
            let r = await CLI.run(["case"] + args + ["--db", db])
            #expect(r.status == 1, "\(args)")
            #expect(r.err.contains(code), "\(args): \(r.err)")
        }
        await #expect(CLI.run("case", "complete", "SB-2", "sampaikan-pengaduan", "--as", "pengadu", "--at", "yesterday", "--db", db).status == 2)
        await #expect(CLI.run("case", "complete", "SB-2", "sampaikan-pengaduan", "--as", "pengadu", "--attach", "nofile", "--db", db).status == 2)
        await #expect(CLI.run("case", "complete", "SB-2", "sampaikan-pengaduan", "--as", "pengadu", "--attach", "x=/nonexistent", "--db", db).status == 2)
        #expect(try contents() == before)
        await #expect(try SQLiteCaseStore(path: db).summary(caseID: "SB-2") == summary)
        await #expect(try SQLiteCaseStore(path: db).caseIDs() == ["SB-2"])
    }

    @Test func commandsThatReadNeverCreateADatabase() async {
        let db = database()
        for args in [["case", "list"], ["case", "show", "X"], ["case", "complete", "X", "s", "--as", "r"]] {
            let r = await CLI.run(args + ["--db", db])
            #expect(r.status == 1)
            #expect(r.err.contains("error: [no-database] there is no database at"), "printed once, with its code: \(r.err)")
            #expect(r.err.components(separatedBy: "error:").count == 2)
        }
        // A refused first opening leaves nothing behind either.
        let r = await CLI.run("case", "open", serdang, "--case-id", "../x", "--db", db)
        #expect(r.status == 1)
        #expect(r.err.contains("[invalid-case-id]"))
        #expect(!FileManager.default.fileExists(atPath: db))
    }

    @Test func aRevisedCalendarReachesRunningCases() async throws {
        let db = database()
        await #expect(CLI.run("case", "open", serdang, "--case-id", "SB-C", "--at", "2026-03-02T09:00", "--db", db).status == 0)
        let national = try String(contentsOfFile: CLI.path("sops/calendars/national.yaml"), encoding: .utf8)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try national.write(to: dir.appendingPathComponent("national.yaml"), atomically: true, encoding: .utf8)
        let agency = try String(contentsOfFile: CLI.path("sops/calendars/serdang-bedagai.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "holidays: []", with: "holidays:\n  - {date: 2026-03-03, name: Penutupan kantor, kind: closure}")
        try agency.write(to: dir.appendingPathComponent("serdang-bedagai.yaml"), atomically: true, encoding: .utf8)
        let r = await CLI.run("calendar", "update", dir.appendingPathComponent("serdang-bedagai.yaml").path, "--db", db)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("revision 2"))
        let doc = file("x")
        let done = await CLI.run("case", "complete", "SB-C", "sampaikan-pengaduan", "--as", "pengadu", "--attach", "pengaduan-tercatat=\(doc)",
                                 "--at", "2026-03-02T09:04", "--db", db, "--format", "json")
        struct Out: Decodable { var state: CaseState }
        let state = try JSONDecoder().decode(Out.self, from: Data(done.out.utf8)).state
        // 5 working days from Monday 2 March, with Tuesday 3 March now closed: 4, 5, 6, 9, 10 March.
        #expect(state.active?.due == Instant.parse("2026-03-10T16:00", defaultUTCOffsetSeconds: 7 * 3600))
    }

    @Test func aFileThatIsNotADatabaseIsRefused() async throws {
        let notDB = file("format: sop/v1\n")
        let r = await CLI.run("case", "list", "--db", notDB)
        #expect(r.status == 1)
        #expect(r.err.contains("is not an SQLite database"))
        #expect(try String(contentsOfFile: notDB, encoding: .utf8) == "format: sop/v1\n")
    }

    @Test func theDemoRunsThreeCasesTheSameWayEveryTime() async throws {
        let first = await CLI.run("demo", "--db", database(), "--sops", CLI.path("sops"))
        #expect(first.status == 0, "\(first.err)")
        #expect(first.out.contains("Case SB-2026-0001"))
        #expect(first.out.contains("Revision rounds: periksa-draft ×1"))
        #expect(first.out.contains("LATE"))
        #expect(first.out.contains("Closed after the standard timeline ended"))
        let second = await CLI.run("demo", "--db", database(), "--sops", CLI.path("sops"))
        func strip(_ s: String) -> String { s.split(separator: "\n").filter { !$0.contains("sop-cli-") }.joined(separator: "\n") }
        #expect(strip(first.out) == strip(second.out))
        let existing = database()
        FileManager.default.createFile(atPath: existing, contents: Data())
        await #expect(CLI.run("demo", "--db", existing, "--sops", CLI.path("sops")).status == 2)
    }
}
