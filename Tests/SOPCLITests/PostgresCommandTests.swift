import Foundation
import SOPStorePostgres
import Testing

/// The case, report and export commands on a PostgreSQL server (`--db postgres://…`), when the
/// tests have one (`SOP_TEST_POSTGRES_URL`, set by `make test`); and a server that cannot be
/// reached is a clear error.
@Suite struct PostgresCommandTests {
    static let server = ProcessInfo.processInfo.environment["SOP_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }

    /// The URL of a new database of its own on the test server, named `prefix` and a random part.
    static func freshDatabase(_ prefix: String) async throws -> String {
        try await PostgresCaseStore.createDatabase(on: server!, named: prefix + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""))
    }

    @Test(.enabled(if: server != nil, "no SOP_TEST_POSTGRES_URL: `make test` starts a throwaway PostgreSQL cluster"))
    func aCaseRunsThroughTheCommandsAndIsReportedAndExported() async throws {
        let db = try await Self.freshDatabase("sop_cli_")
        let doc = CLI.temporaryFile("p.txt", "pengaduan")
        let serdang = CLI.path("sops/serdang-bedagai-pengaduan.yaml")
        let opened = await CLI.run("case", "open", serdang, "--case-id", "SB-PG-1", "--at", "2026-03-02T09:00", "--attach", "form-pengaduan=\(doc)", "--db", db)
        #expect(opened.status == 0, "\(opened.err)")
        let done = await CLI.run("case", "complete", "SB-PG-1", "sampaikan-pengaduan", "--as", "pengadu", "--attach", "pengaduan-tercatat=\(doc)",
                                 "--at", "2026-03-02T09:05", "--db", db)
        #expect(done.status == 0, "\(done.err)")
        let again = await CLI.run("case", "complete", "SB-PG-1", "sampaikan-pengaduan", "--as", "pengadu", "--db", db)
        #expect(again.status == 1 && again.err.contains("[step-not-active]"))
        let list = await CLI.run("case", "list", "--db", db, "--format", "json")
        #expect(list.status == 0 && list.out.contains("\"caseID\" : \"SB-PG-1\"") && list.out.contains("catat-pengaduan"), "\(list.out)")
        let report = await CLI.run("report", "--db", db, "--now", "2026-03-03T09:00", "--format", "json")
        #expect(report.status == 0 && report.out.contains("\"cases\" : 1"), "\(report.err)")
        let events = await CLI.run("export", "events", "--db", db)
        let stored = try await PostgresCaseStore(url: db, maximumConnections: 1).events(caseID: "SB-PG-1")
        let rows = events.out.split(separator: "\n").filter { $0.hasPrefix("SB-PG-1,") }
        #expect(events.status == 0 && rows.count == stored.count && stored.count > 6, "\(events.out)")
        #expect(rows.map { Int($0.split(separator: ",")[1]) } == stored.map(\.sequence))
    }

    @Test func aURLThatDoesNotParseNeverShowsItsPassword() async {
        #expect(PostgresCaseStore.redacted("postgres://sop:ra/has#ia@db/sop") == "postgres://…")
        #expect(PostgresCaseStore.redacted("postgres://sop:rahasia@db:5432/sop") == "postgres://sop:***@db:5432/sop")
        let r = await CLI.run("case", "list", "--db", "postgres://sop:ra/has#ia@db/sop")
        #expect(r.status == 1 && !r.err.contains("has#ia") && r.err.contains("[store-unavailable]"), "\(r.err)")
    }

    @Test func aServerThatDoesNotAnswerIsAClearError() async {
        let r = await CLI.run("case", "list", "--db", "postgres://sop:rahasia@127.0.0.1:1/none")
        #expect(r.status == 1 && r.err.contains("[store-unavailable]") && r.err.contains("127.0.0.1:1"), "\(r.err)")
        #expect(!r.err.contains("rahasia"), "the password is never printed")
    }

    /// A deployment of the Lamandau SOP on `database`.
    func deployment(database: String) -> String {
        CLI.temporaryFile("deploy.yaml", """
            format: sop-deployment/v1
            agency: Kabupaten Lamandau
            sops: [\(CLI.path("sops/lamandau-pengaduan.yaml"))]
            database: \(database)
            officers: officers.yaml
            """)
    }

    @Test func deployCheckSaysWhenTheServerCannotBeUsed() async {
        let r = await CLI.run("deploy", "check", "--config", deployment(database: "postgres://sop:rahasia@127.0.0.1:1/none"))
        #expect(r.status == 1 && r.err.contains("the database cannot be used") && !r.err.contains("rahasia"), "\(r.err)")
    }

    @Test(.enabled(if: server != nil, "no SOP_TEST_POSTGRES_URL: `make test` starts a throwaway PostgreSQL cluster"))
    func deployCheckConnectsAndPreparesTheSchema() async throws {
        let db = try await Self.freshDatabase("sop_check_")
        let r = await CLI.run("deploy", "check", "--config", deployment(database: db))
        #expect(r.status == 0 && r.out.contains("database \(db)"), "\(r.out)\(r.err)")
    }
}
