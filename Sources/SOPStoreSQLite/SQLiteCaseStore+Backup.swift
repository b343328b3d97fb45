import Foundation
import GRDB
import SOPCore
import SOPStore

/// What a backup or a restore copied, and the check it passed.
public struct BackupReport: Sendable, Hashable, Codable {
    public var path: String
    public var cases: Int
    public var events: Int
    public var documents: Int
    public var bytes: Int
    /// The file an existing database was moved to before a restore (nil when there was none).
    public var keptAside: String?
}

/// Backups while the server runs: SQLite's online backup (`sqlite3_backup_*`, through GRDB)
/// copies a consistent snapshot of the database page by page from a reader connection, so
/// writers go on meanwhile. The copy is written to a temporary file beside the target, checked
/// (`PRAGMA integrity_check`, the schema, every case's event chain) and only then moved into
/// place, so a target never holds half a backup.
extension SQLiteCaseStore {
    /// Copies this database to `target`, which must not exist yet.
    public func backup(to target: String) throws -> BackupReport {
        guard !FileManager.default.fileExists(atPath: target) else { throw StoreError.fileExists(target) }
        let temporary = Self.temporaryPath(beside: target)
        defer { Self.removeDatabaseFiles(temporary) }
        do {
            let copy = try DatabaseQueue(path: temporary)
            try writer.backup(to: copy)
            // A single file: the copy carries no WAL of its own.
            try copy.writeWithoutTransaction { db in _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE") }
            try copy.close()
        } catch let error as DatabaseError {
            throw StoreError.unavailable(target, reason: "the backup could not be written: \(error.message ?? "\(error.resultCode)")")
        }
        var report = try Self.check(temporary, shownAs: target)
        try Self.move(temporary, to: target)
        report.path = target
        return report
    }

    /// Restores the backup at `source` into `target`. The backup is checked first and nothing
    /// is changed when it fails. An existing `target` is refused unless `force`, in which case it
    /// is moved aside (with its WAL, so nothing committed is lost) to `target.before-restore-N`.
    /// The server must not run on `target` meanwhile. The restored file is opened for writing
    /// once, which applies the migrations of this release to a backup of an earlier one.
    public static func restore(from source: String, to target: String, force: Bool = false) throws -> BackupReport {
        guard FileManager.default.fileExists(atPath: source) else { throw StoreError.missing(source) }
        try checkHeader(source, allowEmpty: false)
        _ = try check(source, shownAs: source)
        let exists = FileManager.default.fileExists(atPath: target)
        if exists && !force { throw StoreError.fileExists(target) }
        let temporary = temporaryPath(beside: target)
        defer { removeDatabaseFiles(temporary) }
        do {
            let from = try openReadOnly(source)
            let copy = try DatabaseQueue(path: temporary)
            try from.backup(to: copy)
            try copy.close()
            try from.close()
        } catch let error as DatabaseError {
            throw StoreError.unavailable(target, reason: "the backup could not be copied: \(error.message ?? "\(error.resultCode)")")
        }
        var aside: String?
        if exists {
            var n = 1
            while FileManager.default.fileExists(atPath: "\(target).before-restore-\(n)") { n += 1 }
            let kept = "\(target).before-restore-\(n)"
            try move(target, to: kept)
            for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: target + suffix) {
                try move(target + suffix, to: kept + suffix)
            }
            aside = kept
        }
        try move(temporary, to: target)
        // Migrates a backup of an earlier release, and proves the restored file opens.
        _ = try SQLiteCaseStore(path: target, access: .write)
        var report = try check(target, shownAs: target)
        report.keptAside = aside
        return report
    }

    /// Integrity, schema and every chain of the database at `path`; its counts.
    static func check(_ path: String, shownAs shown: String) throws -> BackupReport {
        let integrity: [String]
        do {
            let queue = try openReadOnly(path)
            integrity = try queue.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
            try queue.close()
        } catch let error as DatabaseError {
            throw StoreError.damagedBackup(shown, reason: error.message ?? "\(error.resultCode)")
        }
        guard integrity == ["ok"] else {
            throw StoreError.damagedBackup(shown, reason: "SQLite's integrity check: \(integrity.prefix(3).joined(separator: "; "))")
        }
        let store: SQLiteCaseStore
        do {
            store = try SQLiteCaseStore(path: path, access: .read)
        } catch StoreError.olderSchema {
            // A backup of an earlier release: counted as it is, migrated once restored.
            return try counts(path, shownAs: shown)
        } catch let error as StoreError {
            throw StoreError.damagedBackup(shown, reason: error.description)
        }
        let chain = try store.verifyChain()
        if let first = chain.breaks.first {
            throw StoreError.damagedBackup(shown, reason: "\(chain.breaks.count) case(s) with a broken event chain, the first \(first.caseID) at event \(first.sequence)")
        }
        return try counts(path, shownAs: shown)
    }

    private static func counts(_ path: String, shownAs shown: String) throws -> BackupReport {
        let queue = try openReadOnly(path)
        defer { try? queue.close() }
        return try queue.read { db in
            BackupReport(path: shown,
                         cases: try Int.fetchOne(db, sql: "SELECT count(*) FROM case_summary") ?? 0,
                         events: try Int.fetchOne(db, sql: "SELECT count(*) FROM event") ?? 0,
                         documents: try Int.fetchOne(db, sql: "SELECT count(*) FROM document") ?? 0,
                         bytes: fileSize(path), keptAside: nil)
        }
    }

    static func temporaryPath(beside target: String) -> String {
        "\(target).partial-\(UInt32.random(in: 0...UInt32.max))"
    }

    static func removeDatabaseFiles(_ path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    static func move(_ from: String, to: String) throws {
        guard rename(from, to) == 0 else {
            throw StoreError.unavailable(to, reason: "cannot move \(from) there: \(String(cString: strerror(errno)))")
        }
    }
}
