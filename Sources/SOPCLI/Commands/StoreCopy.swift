import ArgumentParser
import Foundation
import SOPCore
import SOPServer
import SOPStore
import SOPStorePostgres
import SOPStoreSQLite

/// `sop store copy --from FILE|URL --to URL|FILE`: an agency's cases moved between stores.
struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Move cases between stores (an SQLite file and a PostgreSQL server).",
        subcommands: [StoreCopy.self])
}

struct StoreCopy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy every case (events as stored, documents, definitions, calendars) into another store, then replay each on both and compare.",
        discussion: """
            The cases are written in batches, each one transaction; a case the target already holds is refused \
            ([case-exists]) and nothing stored there is replaced. The copy is verified by replaying every case from \
            both stores and comparing the states. Web sessions and the notification outbox are not copied. \
            Exit status: 0 when every case copied and compares equal, 1 otherwise.
            """)

    @Option(help: "The store to read: an SQLite file or postgres://user@host:port/database.") var from: String
    @Option(help: "The store to write: postgres://user@host:port/database or an SQLite file (created if missing).") var to: String
    @Option(help: "Cases per transaction.") var batch: Int = 200
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    func validate() throws {
        guard batch > 0 else { throw ValidationError("--batch must be at least 1") }
        guard from != to else { throw ValidationError("--from and --to are the same store") }
    }

    func run() async throws {
        let source = try await StoreLocation.open(from, access: .read, maximumConnections: 4)
        let target = try await StoreLocation.open(to, access: .create, maximumConnections: 4)
        let report = try await CaseCopy.copy(from: source, to: target, batch: batch)
        switch format {
        case .json:
            Console.current.out(try JSON.encode(Output(report)))
        case .text:
            Console.current.out("copied \(report.cases) case\(report.cases == 1 ? "" : "s"), \(report.events) events, \(report.documents) documents "
                                + "from \(Self.shown(from)) to \(Self.shown(to)); "
                                + (report.differing.isEmpty ? "every case replays the same from both"
                                                            : "\(report.differing.count) replay differently: \(report.differing.prefix(10).joined(separator: ", "))"))
        }
        if !report.differing.isEmpty { throw ExitCode(1) }
    }

    struct Output: Encodable {
        var cases: Int, events: Int, documents: Int, differing: [String]
        init(_ r: CaseCopy.Report) { cases = r.cases; events = r.events; documents = r.documents; differing = r.differing }
    }

    /// A location as printed: a URL without its password.
    static func shown(_ location: String) -> String {
        Deployment.isDatabaseURL(location) ? PostgresCaseStore.redacted(location) : location
    }
}
