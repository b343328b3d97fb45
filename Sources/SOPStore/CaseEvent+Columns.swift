import GRDB
import SOPCore

/// Events are stored as typed columns rather than JSON: no encoder on the write path, no
/// decoder on replay, and an event log analysts can query with plain SQL.
extension RecordedEvent {
    static let columns = [
        "case_id", "seq", "at", "type", "actor", "role", "step", "outcome", "due", "round", "office_seconds",
        "working_days", "on_time", "document", "sha256", "name", "media_type", "size", "from_step", "to_step",
        "sop_id", "definition_hash", "calendar_id", "text",
    ]

    /// Columns holding numbers (the rest hold text, and `on_time` a boolean).
    static let integerColumns: Set<String> = ["seq", "at", "due", "round", "office_seconds", "working_days", "size"]

    /// `SELECT` of exactly ``columns``, in order, so rows are read by position (reading a GRDB
    /// row by name searches its columns each time).
    static let selectColumns = columns.joined(separator: ", ")

    static let insertSQL = "INSERT INTO event (\(columns.joined(separator: ", "))) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))"

    /// Values in the order of ``columns``.
    var arguments: StatementArguments {
        var step: String?, outcome: String?, due: Int64?, round: Int?, officeSeconds: Int64?, workingDays: Int?
        var onTime: Bool?, document: String?, sha: String?, name: String?, mediaType: String?, size: Int?
        var from: String?, to: String?, sopID: String?, hash: String?, calendarID: String?, text: String?
        switch event {
        case .opened(let o):
            sopID = o.sopID; hash = o.definitionHash; calendarID = o.calendarID; due = o.due?.secondsSinceEpoch
        case .stepActivated(let a):
            step = a.step; due = a.due?.secondsSinceEpoch; round = a.round
        case .documentAttached(let d):
            step = d.step; document = d.attachment.document; sha = d.attachment.sha256; name = d.attachment.name
            mediaType = d.attachment.mediaType; size = d.attachment.size
        case .stepCompleted(let c):
            step = c.step; outcome = c.outcome; officeSeconds = c.officeSeconds; workingDays = c.workingDays; onTime = c.onTime
        case .sentBack(let s):
            from = s.from; to = s.to; outcome = s.outcome; round = s.round
        case .closed(let c):
            step = c.step
        case .note(let n):
            text = n.text
        }
        return [caseID, sequence, at.secondsSinceEpoch, event.type, actor, role, step, outcome, due, round, officeSeconds,
                workingDays, onTime, document, sha, name, mediaType, size, from, to, sopID, hash, calendarID, text]
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
