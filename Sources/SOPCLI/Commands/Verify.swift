import ArgumentParser
import Foundation
import SOPCore
import SOPStore
import SOPStoreSQLite

/// `sop verify`: checks the tamper-evident history of a database.
struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check every case's event chain: report the first event whose stored history was changed or removed.",
        discussion: "Opens the database read-only and walks each case's events in one streaming pass. Exit status 0 when every chain is intact, 1 when one is broken.")

    @Option(help: "The SQLite database file.") var db: String = "sop.db"
    @Option(name: .customLong("case"), help: "Only this case.") var caseID: String?
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    struct Output: Encodable {
        var cases: Int
        var events: Int
        var intact: Bool
        var breaks: [ChainBreak]
    }

    func run() throws {
        let store = try SQLiteCaseStore(path: db, access: .read)
        let text = format == .text
        let report = try store.verifyChain(caseID: caseID) { b in
            if text { Console.current.out("\(b.caseID) event \(b.sequence): \(b.problem.rawValue): \(b.detail)") }
        }
        switch format {
        case .json:
            Console.current.out(try JSON.encode(Output(cases: report.cases, events: report.events, intact: report.intact, breaks: report.breaks)))
        case .text:
            let what = "\(report.cases) case\(report.cases == 1 ? "" : "s"), \(report.events) event\(report.events == 1 ? "" : "s")"
            if report.intact {
                Console.current.out("\(what): every chain is intact")
            } else {
                Console.current.out("\(what): \(report.breaks.count) case\(report.breaks.count == 1 ? "" : "s") with a broken chain")
            }
        }
        if let caseID, report.cases == 0 {
            Console.current.err("error: there is no case '\(caseID)' in \(db)")
            throw ExitCode(1)
        }
        if !report.intact { throw ExitCode(1) }
    }
}
