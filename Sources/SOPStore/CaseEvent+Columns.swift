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

    /// The event stored in `row`; throws ``StoreError/corrupt(_:)`` for a row that makes no event.
    init(row: Row) throws {
        let caseID: String = row["case_id"]
        let seq: Int = row["seq"]
        func need<T>(_ value: T?, _ column: String) throws -> T {
            guard let value else { throw StoreError.corrupt("event \(caseID)#\(seq) has no \(column)") }
            return value
        }
        func instant(_ column: String) -> Instant? { (row[column] as Int64?).map(Instant.init(secondsSinceEpoch:)) }
        let type: String = row["type"]
        let event: CaseEvent
        switch type {
        case "case-opened":
            event = .opened(.init(sopID: try need(row["sop_id"], "sop_id"), definitionHash: try need(row["definition_hash"], "definition_hash"),
                                  calendarID: try need(row["calendar_id"], "calendar_id"), due: instant("due")))
        case "step-activated":
            event = .stepActivated(.init(step: try need(row["step"], "step"), due: instant("due"), round: try need(row["round"], "round")))
        case "document-attached":
            event = .documentAttached(.init(step: row["step"], attachment: DocumentAttachment(
                document: try need(row["document"], "document"), sha256: try need(row["sha256"], "sha256"),
                name: try need(row["name"], "name"), mediaType: try need(row["media_type"], "media_type"), size: try need(row["size"], "size"))))
        case "step-completed":
            event = .stepCompleted(.init(step: try need(row["step"], "step"), outcome: row["outcome"],
                                         officeSeconds: try need(row["office_seconds"], "office_seconds"),
                                         workingDays: try need(row["working_days"], "working_days"), onTime: row["on_time"]))
        case "step-sent-back":
            event = .sentBack(.init(from: try need(row["from_step"], "from_step"), to: try need(row["to_step"], "to_step"),
                                    outcome: try need(row["outcome"], "outcome"), round: try need(row["round"], "round")))
        case "case-closed":
            event = .closed(.init(step: try need(row["step"], "step")))
        case "note":
            event = .note(.init(text: try need(row["text"], "text")))
        default:
            throw StoreError.corrupt("event \(caseID)#\(seq) has unknown type '\(type)'")
        }
        self.init(caseID: caseID, sequence: seq, at: Instant(secondsSinceEpoch: row["at"]), actor: row["actor"], role: row["role"], event: event)
    }
}
