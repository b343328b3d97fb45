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
        let r = StoredRow(row, table: "event", key: caseID, sequence: seq, names: Self.columns)
        func need<T>(_ value: T?, _ column: Int) throws -> T {
            guard let value else { throw r.corrupt(column, .null, expected: "a value") }
            return value
        }
        func text(_ column: Int) throws -> String { try need(r.text(column), column) }
        func int(_ column: Int) throws -> Int { try need(r.int(column), column) }
        func instant(_ column: Int) throws -> Instant? { try r.int64(column).map(Instant.init(secondsSinceEpoch:)) }
        let at = Instant(secondsSinceEpoch: try r.requiredInt64(2))
        let type = try r.requiredText(3)
        let actor = try r.text(4), role = try r.text(5)
        let event: CaseEvent
        switch type {
        case "case-opened":
            event = .opened(.init(sopID: try text(20), definitionHash: try text(21), calendarID: try text(22), due: try instant(8)))
        case "step-activated":
            event = .stepActivated(.init(step: try text(6), due: try instant(8), round: try int(9)))
        case "document-attached":
            event = .documentAttached(.init(step: try r.text(6), attachment: DocumentAttachment(
                document: try text(13), sha256: try text(14), name: try text(15), mediaType: try text(16), size: try int(17))))
        case "step-completed":
            event = .stepCompleted(.init(step: try text(6), outcome: try r.text(7), officeSeconds: try need(r.int64(10), 10),
                                         workingDays: try int(11), onTime: try r.bool(12)))
        case "step-sent-back":
            event = .sentBack(.init(from: try text(18), to: try text(19), outcome: try text(7), round: try int(9)))
        case "case-closed":
            event = .closed(.init(step: try text(6), resolution: try r.text(7)))
        case "note":
            event = .note(.init(text: try text(23)))
        case "branch-arrived":
            event = .branchArrived(.init(join: try text(6), from: try text(18)))
        case "clock-stopped":
            event = .clockStopped(.init(step: try text(6)))
        case "clock-resumed":
            event = .clockResumed(.init(step: try text(6), officeSeconds: try need(r.int64(10), 10)))
        case "due-shifted":
            event = .dueShifted(.init(step: try r.text(6), due: try instant(8), pausedOfficeSeconds: try r.int64(10)))
        case "timer-set":
            guard let at = try instant(8) else { throw r.corrupt(8, .null, expected: "a value") }
            event = .timerSet(.init(step: try text(6), timer: try int(9), at: at))
        case "timer-fired":
            guard let action = StepTimer.Action(rawValue: try text(7)) else {
                throw StoreError.corrupt("event \(caseID)#\(seq): column 'outcome' holds no timer action")
            }
            event = .timerFired(.init(step: try text(6), timer: try int(9), action: action, to: try r.text(23)))
        case "task-assigned":
            event = .taskAssigned(.init(step: try text(6), officer: try r.text(19), substituteFor: try r.text(18)))
        case "definition-changed":
            event = .definitionChanged(.init(fromHash: try text(23), definitionHash: try text(21), due: try instant(8)))
        case "step-migrated":
            event = .stepMigrated(.init(step: try text(6), from: try text(18), due: try instant(8)))
        default:
            throw StoreError.corrupt("event \(caseID)#\(seq): column 'type' holds no known event type")
        }
        self.init(caseID: caseID, sequence: seq, at: at, actor: actor, role: role, event: event)
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
