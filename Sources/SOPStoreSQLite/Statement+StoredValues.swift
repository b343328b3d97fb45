import Foundation
import GRDB
import GRDBSQLite
import SOPCore
import SOPStore

extension Statement {
    /// Runs this (cached) statement once with `values` bound by position, through SQLite's C
    /// API: the write paths that run per event and per case (the event insert, the read-model
    /// rows) build no `StatementArguments` of existentials. A failure is the `DatabaseError`
    /// GRDB would throw (code, SQLite's message, the SQL; never the values, which may be
    /// personal data).
    func run(_ values: [StoredValue], _ db: Database) throws {
        let statement = sqliteStatement
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
        for (k, value) in values.enumerated() {
            let index = CInt(k + 1)
            let code: CInt = switch value {
            case .null: sqlite3_bind_null(statement, index)
            case .integer(let v): sqlite3_bind_int64(statement, index, v)
            case .real(let v): sqlite3_bind_double(statement, index, v)
            case .text(let v): v.bind(to: statement, at: index)
            case .blob(let v): DatabaseValue.blob(v).bind(to: statement, at: index)
            }
            guard code == SQLITE_OK else { throw Self.failure(code, db, sql) }
        }
        let code = sqlite3_step(statement)
        sqlite3_reset(statement)
        // The copies SQLite made of the text are freed now, not at the statement's next use.
        sqlite3_clear_bindings(statement)
        guard code == SQLITE_DONE else { throw Self.failure(code, db, sql) }
    }

    private static func failure(_ code: CInt, _ db: Database, _ sql: String) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: sql)
    }
}

extension DatabaseValue {
    /// Blob bytes as GRDB binds them.
    fileprivate static func blob(_ bytes: [UInt8]) -> DatabaseValue { Data(bytes).databaseValue }
}

extension StoredValue {
    /// A column value, NULL for nil (a boolean as 0 or 1).
    static func of(_ value: String?) -> StoredValue { value.map(StoredValue.text) ?? .null }
    static func of(_ value: Int64?) -> StoredValue { value.map(StoredValue.integer) ?? .null }
    static func of(_ value: Int?) -> StoredValue { value.map { .integer(Int64($0)) } ?? .null }
    static func of(_ value: Instant?) -> StoredValue { value.map { .integer($0.secondsSinceEpoch) } ?? .null }
    static func of(_ value: Bool?) -> StoredValue { value.map { .integer($0 ? 1 : 0) } ?? .null }
}
