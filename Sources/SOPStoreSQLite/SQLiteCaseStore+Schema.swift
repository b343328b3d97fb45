import GRDB
import SOPStore

/// What a database's schema says before anything is written: blank, ours at some version,
/// or something to refuse (another program's, damaged, or newer than this release).
extension SQLiteCaseStore {
    enum SchemaState: Equatable {
        /// No table at all: a new file.
        case blank
        case current
        /// Ours, with these migrations still to apply.
        case older([String])
    }

    /// The tables our migrations leave behind.
    static let requiredTables = ["calendar", "case_summary", "definition", "document", "event"]

    /// Reads the migrations table (never writes) and tells what the database is. Throws
    /// ``StoreError/foreignDatabase(_:)`` for a database without our first migration,
    /// ``StoreError/newerSchema(_:unknownMigrations:)`` when every unknown migration is named
    /// like ours with a higher number, and ``StoreError/damagedSchema(_:reason:)`` for a
    /// migrations table or a schema that is not what any sop-engine writes.
    static func inspectSchema(_ db: Database, path: String) throws -> SchemaState {
        let tables = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE type = 'table'") ?? 0
        guard tables > 0 else { return .blank }
        guard try db.tableExists("grdb_migrations") else { throw StoreError.foreignDatabase(path) }
        let columns = try Row.fetchAll(db, sql: "PRAGMA table_info(grdb_migrations)").map { ($0["name"] as String?) ?? "" }
        guard columns == ["identifier"] else {
            throw StoreError.damagedSchema(path, reason: "its migrations table has the columns (\(columns.joined(separator: ", "))) instead of (identifier)")
        }
        let rows = try Row.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
        var applied: [String] = []
        for row in rows {
            let value: DatabaseValue = row[0]
            guard case .string(let name) = value.storage else {
                throw StoreError.damagedSchema(path, reason: "its migrations table holds \(value.description), which is not a migration name")
            }
            applied.append(name)
        }
        let ours = migrator.migrations
        let known = applied.filter(ours.contains)
        let unknown = applied.filter { !ours.contains($0) }.sorted()
        guard known.contains(ours[0]) else {
            // Not one migration of ours: another program (that may also use GRDB).
            if unknown.contains(where: { migrationNumber($0) != nil }) {
                throw StoreError.damagedSchema(path, reason: "its migrations table lacks \(ours[0]) but holds \(unknown.joined(separator: ", "))")
            }
            throw StoreError.foreignDatabase(path)
        }
        if !unknown.isEmpty {
            let garbled = unknown.filter { (migrationNumber($0) ?? 0) <= ours.count }
            guard garbled.isEmpty else {
                let shown = garbled.prefix(5).map { "'\($0.prefix(60))'" }.joined(separator: ", ")
                throw StoreError.damagedSchema(path, reason: "its migrations table holds names no sop-engine writes: \(shown)")
            }
            throw StoreError.newerSchema(path, unknownMigrations: unknown)
        }
        // Migrations apply in order: what is recorded must be a prefix of ours.
        let prefix = Array(ours.prefix(known.count))
        guard Set(known) == Set(prefix) else {
            let missing = prefix.filter { !known.contains($0) }
            throw StoreError.damagedSchema(path, reason: "its migrations table records later migrations without \(missing.joined(separator: ", "))")
        }
        let present = Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'"))
        let absent = requiredTables.filter { !present.contains($0) }
        guard absent.isEmpty else {
            throw StoreError.damagedSchema(path, reason: "it lacks the table\(absent.count == 1 ? "" : "s") \(absent.joined(separator: ", "))")
        }
        if known.count == ours.count { return .current }
        return .older(Array(ours.dropFirst(known.count)))
    }

    /// The number of a migration named as ours are (`v12-some-words`), else nil.
    static func migrationNumber(_ name: String) -> Int? {
        let utf8 = Array(name.utf8)
        guard utf8.count <= 100, utf8.first == UInt8(ascii: "v"), let dash = utf8.firstIndex(of: UInt8(ascii: "-")), dash > 1,
              dash < utf8.count - 1 else { return nil }
        let digits = utf8[1..<dash], words = utf8[(dash + 1)...]
        guard digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
              words.allSatisfy({ (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "-") }),
              words.first != UInt8(ascii: "-"), words.last != UInt8(ascii: "-") else { return nil }
        return Int(String(decoding: digits, as: UTF8.self))
    }
}
