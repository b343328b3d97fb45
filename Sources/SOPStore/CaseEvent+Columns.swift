import Foundation
import GRDB
import SOPCore

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
    /// ``StoreError/corrupt(_:)`` for a row that makes no event.
    init(row: Row) throws {
        let caseID: String = row[0]
        let seq: Int = row[1]
        func need<T>(_ value: T?, _ column: String) throws -> T {
            guard let value else { throw StoreError.corrupt("event \(caseID)#\(seq) has no \(column)") }
            return value
        }
        func instant(_ column: Int) -> Instant? { (row[column] as Int64?).map(Instant.init(secondsSinceEpoch:)) }
        let type: String = row[3]
        let event: CaseEvent
        switch type {
        case "case-opened":
            event = .opened(.init(sopID: try need(row[20], "sop_id"), definitionHash: try need(row[21], "definition_hash"),
                                  calendarID: try need(row[22], "calendar_id"), due: instant(8)))
        case "step-activated":
            event = .stepActivated(.init(step: try need(row[6], "step"), due: instant(8), round: try need(row[9], "round")))
        case "document-attached":
            event = .documentAttached(.init(step: row[6], attachment: DocumentAttachment(
                document: try need(row[13], "document"), sha256: try need(row[14], "sha256"),
                name: try need(row[15], "name"), mediaType: try need(row[16], "media_type"), size: try need(row[17], "size"))))
        case "step-completed":
            event = .stepCompleted(.init(step: try need(row[6], "step"), outcome: row[7],
                                         officeSeconds: try need(row[10], "office_seconds"),
                                         workingDays: try need(row[11], "working_days"), onTime: row[12]))
        case "step-sent-back":
            event = .sentBack(.init(from: try need(row[18], "from_step"), to: try need(row[19], "to_step"),
                                    outcome: try need(row[7], "outcome"), round: try need(row[9], "round")))
        case "case-closed":
            event = .closed(.init(step: try need(row[6], "step")))
        case "note":
            event = .note(.init(text: try need(row[23], "text")))
        default:
            throw StoreError.corrupt("event \(caseID)#\(seq) has unknown type '\(type)'")
        }
        self.init(caseID: caseID, sequence: seq, at: Instant(secondsSinceEpoch: row[2]), actor: row[4], role: row[5], event: event)
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
