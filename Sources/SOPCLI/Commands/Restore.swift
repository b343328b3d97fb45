import ArgumentParser
import Foundation
import SOPCore
import SOPStore
import SOPStoreSQLite

/// `sop restore`: a checked backup put in place of a database.
struct Restore: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Put a checked backup in place of the database. Stop the server on that database first.",
        discussion: """
            The backup is checked first (integrity, schema, every case's event chain); a backup that fails is refused and \
            nothing changes. An existing database is refused unless --force, which moves it, with its WAL, to \
            DB.before-restore-N, so nothing stored is lost.
            """)

    @Option(name: .customLong("from"), help: "The backup file.") var source: String
    @Option(help: "The SQLite database file to restore into.") var db: String = "sop.db"
    @Flag(help: "Move an existing database aside instead of refusing.") var force = false
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    func run() throws {
        let report = try SQLiteCaseStore.restore(from: source, to: db, force: force)
        BackupOutput.print(report, verb: "restored \(source) to", format: format)
    }
}
