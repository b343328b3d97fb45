import Foundation
import SOPCore
import SOPStore
import Testing
@testable import SOPCLI

@Suite struct CaseCommandTests {
    let serdang = CLI.path("sops/serdang-bedagai-pengaduan.yaml")

    func database() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("sop-cli-\(UUID().uuidString).db").path
    }

    func file(_ text: String) -> String { CLI.temporaryFile("doc.txt", text) }

    @Test func aCaseRunsThroughTheCommandLine() throws {
        let db = database()
        var r = CLI.run("case", "open", serdang, "--case-id", "SB-1", "--at", "2026-03-02T09:00", "--db", db)
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
            r = CLI.run(["case", "complete", "SB-1"] + s + ["--db", db])
            #expect(r.status == 0, "\(s[0]): \(r.err)")
        }
        #expect(r.out.contains("waiting at 'telaah-pengaduan'"))
        r = CLI.run("case", "show", "SB-1", "--db", db, "--at", "2026-03-11T09:00", "--format", "json")
        #expect(r.status == 0)
        struct Out: Decodable { var state: CaseState; var summary: CaseSummary }
        let out = try JSONDecoder().decode(Out.self, from: Data(r.out.utf8))
        #expect(out.state.revisions["periksa-draft"] == 1)
        #expect(out.summary.activeRole == "pranata-humas")
        r = CLI.run("case", "list", "--role", "pranata-humas", "--db", db)
        #expect(r.out.contains("SB-1"))
        #expect(r.out.contains("1 case"))
    }

    @Test func refusalsAreClearAndChangeNothing() throws {
        let db = database()
        #expect(CLI.run("case", "open", serdang, "--case-id", "SB-2", "--at", "2026-03-02T09:00", "--db", db).status == 0)
        func contents() throws -> [RecordedEvent] { try SQLiteCaseStore(path: db).events(caseID: "SB-2") }
        let before = try contents()
        let summary = try SQLiteCaseStore(path: db).summary(caseID: "SB-2")
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
            let r = CLI.run(["case"] + args + ["--db", db])
            #expect(r.status == 1, "\(args)")
            #expect(r.err.contains(code), "\(args): \(r.err)")
        }
        #expect(CLI.run("case", "complete", "SB-2", "sampaikan-pengaduan", "--as", "pengadu", "--at", "yesterday", "--db", db).status == 2)
        #expect(CLI.run("case", "complete", "SB-2", "sampaikan-pengaduan", "--as", "pengadu", "--attach", "nofile", "--db", db).status == 2)
        #expect(CLI.run("case", "complete", "SB-2", "sampaikan-pengaduan", "--as", "pengadu", "--attach", "x=/nonexistent", "--db", db).status == 2)
        #expect(try contents() == before)
        #expect(try SQLiteCaseStore(path: db).summary(caseID: "SB-2") == summary)
        #expect(try SQLiteCaseStore(path: db).caseIDs() == ["SB-2"])
    }

    @Test func aFileThatIsNotADatabaseIsRefused() throws {
        let notDB = file("format: sop/v1\n")
        let r = CLI.run("case", "list", "--db", notDB)
        #expect(r.status == 1)
        #expect(r.err.contains("is not an SQLite database"))
        #expect(try String(contentsOfFile: notDB, encoding: .utf8) == "format: sop/v1\n")
    }

    @Test func theDemoRunsThreeCasesTheSameWayEveryTime() throws {
        let first = CLI.run("demo", "--db", database(), "--sops", CLI.path("sops"))
        #expect(first.status == 0, "\(first.err)")
        #expect(first.out.contains("Case SB-2026-0001"))
        #expect(first.out.contains("Revision rounds: periksa-draft ×1"))
        #expect(first.out.contains("LATE"))
        #expect(first.out.contains("Closed after the standard timeline ended"))
        let second = CLI.run("demo", "--db", database(), "--sops", CLI.path("sops"))
        func strip(_ s: String) -> String { s.split(separator: "\n").filter { !$0.contains("sop-cli-") }.joined(separator: "\n") }
        #expect(strip(first.out) == strip(second.out))
        let existing = database()
        FileManager.default.createFile(atPath: existing, contents: Data())
        #expect(CLI.run("demo", "--db", existing, "--sops", CLI.path("sops")).status == 2)
    }
}
