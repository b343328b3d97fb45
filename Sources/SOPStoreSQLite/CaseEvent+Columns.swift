import Foundation
import GRDB
import SOPCore
import SOPStore

/// Events are stored as typed columns rather than JSON: no encoder on the write path, no
/// decoder on replay, and an event log analysts can query with plain SQL.
extension RecordedEvent {
    /// The stored columns before the chain (v3): one per ``RecordedEvent/storedFields``.
    static let columns = RecordedEvent.storedFieldNames

    /// Columns holding numbers (the rest hold text, and `on_time` a boolean).
    static let integerColumns: Set<String> = ["seq", "at", "due", "round", "office_seconds", "working_days", "size"]

    /// `SELECT` of exactly ``columns``, in order, so rows are read by position (reading a GRDB
    /// row by name searches its columns each time).
    static let selectColumns = columns.joined(separator: ", ")

    /// Inserts ``columns`` only (a database before the chain, v3).
    static let insertSQL = "INSERT INTO event (\(columns.joined(separator: ", "))) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))"

    /// Inserts ``columns`` and the event's `chain` link.
    static let insertChainedSQL = "INSERT INTO event (\(columns.joined(separator: ", ")), chain) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")), ?)"

    /// Values in the order of ``columns``: the ``RecordedEvent/storedFields`` the chain hashes.
    var arguments: StatementArguments {
        StatementArguments(storedFields.map(\.databaseValue))
    }

    /// The event stored in `row` (selected as ``selectColumns``); throws
    /// ``StoreError/corrupt(_:)`` for a row that makes no event: a value of the wrong storage
    /// class or a NULL where the event's type needs a value (never a trap, issue 16).
    init(row: Row) throws {
        let caseID = try SQLiteCaseStore.keyText(row[0], table: "event", column: "case_id")
        let seqValue: DatabaseValue = row[1]
        guard case .int64(let seq64) = seqValue.storage else {
            throw StoreError.corrupt("event of case \(caseID): column 'seq' holds \(StoredRow.kind(seqValue)), not an integer")
        }
        let seq = Int(truncatingIfNeeded: seq64)
        try self.init(caseID: caseID, sequence: seq, fields: StoredRow(row, table: "event", key: caseID, sequence: seq, names: Self.columns))
    }
}

extension StoredValue {
    var databaseValue: DatabaseValue {
        switch self {
        case .null: .null
        case .integer(let v): v.databaseValue
        case .real(let v): v.databaseValue
        case .text(let v): v.databaseValue
        case .blob(let v): Data(v).databaseValue
        }
    }

    /// The value a database column holds, as the chain sees it.
    init(_ value: DatabaseValue) {
        switch value.storage {
        case .null: self = .null
        case .int64(let v): self = .integer(v)
        case .double(let v): self = .real(v)
        case .string(let v): self = .text(v)
        case .blob(let v): self = .blob([UInt8](v))
        }
    }
}
