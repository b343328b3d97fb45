import SOPCore

/// The case event log as CSV (RFC 4180), one row per event, streamed; the columns most
/// process-mining tools map by name (case, activity, timestamp, resource). Notes are left
/// out: they may hold a complainant's words.
public struct EventCSVWriter {
    public static let header = "case_id,sequence,timestamp,event,activity,lifecycle,resource,role,outcome,round,due,office_seconds,working_days,on_time,document,sha256"

    private var out: ByteWriter

    public init(sink: @escaping ([UInt8]) throws -> Void) {
        out = ByteWriter(sink: sink)
        out.write(Self.header)
        out.write("\n")
    }

    public mutating func write(_ e: RecordedEvent) throws {
        var activity: String?, lifecycle: StaticString = "", outcome: String?, round: Int?, due: Instant?
        var seconds: Int64?, days: Int?, onTime: Bool?, document: String?, sha: String?
        switch e.event {
        case .opened(let o): due = o.due
        case .stepActivated(let a): activity = a.step; lifecycle = "start"; round = a.round; due = a.due
        case .documentAttached(let d): activity = d.step; document = d.attachment.document; sha = d.attachment.sha256
        case .stepCompleted(let c):
            activity = c.step; lifecycle = "complete"; outcome = c.outcome; seconds = c.officeSeconds; days = c.workingDays; onTime = c.onTime
        case .sentBack(let s): activity = s.from; outcome = s.outcome; round = s.round
        case .closed(let c): activity = c.step
        case .note: return
        }
        out.writeCSV(e.caseID); out.write(",")
        out.write(e.sequence); out.write(",")
        out.writeTimestamp(e.at); out.write(",")
        out.write(e.event.type); out.write(",")
        if let activity { out.writeCSV(activity) }; out.write(",")
        out.write(lifecycle); out.write(",")
        if let actor = e.actor { out.writeCSV(actor) }; out.write(",")
        if let role = e.role { out.writeCSV(role) }; out.write(",")
        if let outcome { out.writeCSV(outcome) }; out.write(",")
        if let round { out.write(round) }; out.write(",")
        if let due { out.writeTimestamp(due) }; out.write(",")
        if let seconds { out.write(Int(seconds)) }; out.write(",")
        if let days { out.write(days) }; out.write(",")
        if let onTime { out.write(onTime ? "true" : "false") }; out.write(",")
        if let document { out.writeCSV(document) }; out.write(",")
        if let sha { out.write(sha) }
        out.write("\n")
        try out.flushIfNeeded()
    }

    public mutating func finish() throws { try out.flush() }
}
