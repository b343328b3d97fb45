import ArgumentParser
import Foundation
import SOPCore
import SOPStore
import SOPStoreSQLite

/// `sop backup`: an online copy of the database, taken while the server runs.
struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy the database to a new file while the server goes on (SQLite's online backup), checked before it is kept.",
        discussion: """
            The copy is a consistent snapshot: writes made meanwhile are either wholly in it or not at all. It is written \
            beside the target, checked (SQLite's integrity check, the schema, every case's event chain) and only then given \
            its name. Restore it with `sop restore`.
            """)

    @Option(help: "The SQLite database file.") var db: String = "sop.db"
    @Option(name: .customLong("to"), help: "The backup file to write (must not exist).") var target: String
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    func run() throws {
        let store = try SQLiteCaseStore(path: db, access: .read)
        let report = try store.backup(to: target)
        BackupOutput.print(report, verb: "backed up \(db) to", format: format)
    }
}

enum BackupOutput {
    static func print(_ report: BackupReport, verb: String, format: OutputFormat) {
        switch format {
        case .json:
            Console.current.out((try? JSON.encode(report)) ?? "{}")
        case .text:
            Console.current.out("\(verb) \(report.path): \(report.cases) case\(report.cases == 1 ? "" : "s"), \(report.events) event\(report.events == 1 ? "" : "s"), \(report.documents) document\(report.documents == 1 ? "" : "s"), \(report.bytes) bytes; integrity and every event chain checked")
            if let aside = report.keptAside { Console.current.out("the database that was there is kept as \(aside)") }
        }
    }
}
