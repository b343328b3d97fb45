import Foundation
import GRDB
import SOPCore
import SOPStore
import GRDBSQLite

/// A copied GRDB row read without conversions that trap or guess (issue 16): a value must
/// have its column's storage class, or the read throws ``StoreError/corrupt(_:)`` naming the
/// table, the case (and event), and the column, never the value (it may be personal data).
/// GRDB's `row[i] as T` traps on NULL, and SQLite's own conversions would silently read a
/// text as 0 or a blob as text; both are refused here.
struct StoredRow {
    let row: Row
    /// Where the row is, for messages: `event`, `case_summary`, `calendar`, `definition`.
    let table: String
    /// The row's key: a case id (event, case_summary), a calendar id or a definition hash.
    let key: String
    /// The event's sequence number, for event rows.
    let sequence: Int?
    /// Column names by position.
    let names: [String]

    init(_ row: Row, table: String, key: String, sequence: Int? = nil, names: [String]) {
        self.row = row
        self.table = table
        self.key = key
        self.sequence = sequence
        self.names = names
    }

    /// The value at `index` has the wrong storage class (or is NULL where a value belongs).
    func corrupt(_ index: Int, _ value: DatabaseValue, expected: String) -> StoreError {
        .corrupt("\(Self.place(table, key: key, sequence: sequence)): column '\(names[index])' holds \(Self.kind(value)), not \(expected)")
    }

    static func place(_ table: String, key: String?, sequence: Int?) -> String {
        guard let key else { return "\(table) row" }
        switch table {
        case "event": return sequence.map { "event \(key)#\($0)" } ?? "event of case \(key)"
        case "case_summary": return "case_summary of case \(key)"
        default: return "\(table) \(key)"
        }
    }

    /// The storage class of a value, as messages name it (never the value itself).
    static func kind(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .null: "NULL"
        case .int64: "an integer"
        case .double: "a real number"
        case .string: "text"
        case .blob: "a blob"
        }
    }

    /// The storage class SQLite reports (`sqlite3_column_type`), as ``kind(_:)`` names it.
    static func kind(sqliteType: Int32) -> String {
        switch sqliteType {
        case SQLITE_NULL: "NULL"
        case SQLITE_INTEGER: "an integer"
        case SQLITE_FLOAT: "a real number"
        case SQLITE_TEXT: "text"
        default: "a blob"
        }
    }

    @inline(__always) func value(_ index: Int) -> DatabaseValue { row[index] }

    func text(_ index: Int) throws -> String? {
        let v = value(index)
        switch v.storage {
        case .null: return nil
        case .string(let s): return s
        default: throw corrupt(index, v, expected: "text")
        }
    }

    func requiredText(_ index: Int) throws -> String {
        let v = value(index)
        guard case .string(let s) = v.storage else { throw corrupt(index, v, expected: "text") }
        return s
    }

    func int64(_ index: Int) throws -> Int64? {
        let v = value(index)
        switch v.storage {
        case .null: return nil
        case .int64(let n): return n
        default: throw corrupt(index, v, expected: "an integer")
        }
    }

    func requiredInt64(_ index: Int) throws -> Int64 {
        let v = value(index)
        guard case .int64(let n) = v.storage else { throw corrupt(index, v, expected: "an integer") }
        return n
    }

    func int(_ index: Int) throws -> Int? { try int64(index).map { Int(truncatingIfNeeded: $0) } }

    func requiredInt(_ index: Int) throws -> Int { Int(truncatingIfNeeded: try requiredInt64(index)) }

    /// A boolean is stored as the integer 0 or 1.
    func bool(_ index: Int) throws -> Bool? { try int64(index).map { $0 != 0 } }

    /// JSON is stored as a blob (text is accepted too).
    func requiredJSON(_ index: Int) throws -> Data {
        let v = value(index)
        switch v.storage {
        case .blob(let d): return d
        case .string(let s): return Data(s.utf8)
        default: throw corrupt(index, v, expected: "JSON")
        }
    }
}

/// An event row read by the core's decoder: NULL where a value belongs, and a type or timer
/// action this engine does not know, as ``StoreError/corrupt(_:)`` naming the event and column.
extension StoredRow: StoredEventFields {
    func missing(_ index: Int) -> any Error { corrupt(index, .null, expected: "a value") }

    func unknown(_ what: String) -> any Error {
        StoreError.corrupt("\(Self.place(table, key: key, sequence: sequence)): "
                           + (what == "event type" ? "column 'type' holds no known event type" : "column 'outcome' holds no \(what)"))
    }
}

extension SQLiteCaseStore {
    /// The first column of a one-column key read (a case id, a definition hash): text, or
    /// ``StoreError/corrupt(_:)`` naming `table` and `column`.
    static func keyText(_ value: DatabaseValue, table: String, column: String) throws -> String {
        guard case .string(let s) = value.storage else {
            throw StoreError.corrupt("\(table) row: column '\(column)' holds \(StoredRow.kind(value)), not text")
        }
        return s
    }

    /// What is wrong with JSON that does not decode, without quoting any of it (the coding
    /// path names fields of the format; Foundation's descriptions may quote values).
    static func describe(_ error: any Error) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.isEmpty ? "the top level" : keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case DecodingError.dataCorrupted(let c):
            return c.codingPath.isEmpty ? "its JSON is not valid" : "its JSON has an invalid value at \(path(c.codingPath))"
        case DecodingError.keyNotFound(let key, let c):
            return "its JSON lacks '\(key.stringValue)' at \(path(c.codingPath))"
        case DecodingError.typeMismatch(_, let c):
            return "its JSON has a value of the wrong type at \(path(c.codingPath))"
        case DecodingError.valueNotFound(_, let c):
            return "its JSON has a null at \(path(c.codingPath))"
        default:
            return "its JSON does not decode"
        }
    }
}
