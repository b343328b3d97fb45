import SOPCore

/// The case event log as CSV (RFC 4180), one row per event, streamed; the columns most
/// process-mining tools map by name (case, activity, timestamp, resource). Notes are left
/// out: they may hold a complainant's words.
public struct EventCSVWriter {
    public static let header = "case_id,sequence,timestamp,event,activity,lifecycle,resource,role,outcome,round,due,office_seconds,working_days,on_time,document,sha256"

    private var out: ByteWriter

    public init(sink: @escaping (UnsafeRawBufferPointer) throws -> Void) {
        out = ByteWriter(sink: sink)
        out.writeString(Self.header)
        out.write("\n")
    }

    public mutating func write(_ e: EventBytes) throws {
        let kind = e.kind
        if kind == .note { return }
        // A withdrawn closing is the activity `STEP:withdrawn` (as in the XES and BPMN exports).
        let withdrawn = kind == .closed && e.step != nil && e.outcome.map(EventBytes.isWithdrawn) == true
        let lifecycle: StaticString = kind == .stepActivated ? "start" : kind == .stepCompleted || withdrawn ? "complete" : ""
        out.writeCSV(e.caseID); out.write(",")
        out.write(e.sequence); out.write(",")
        out.writeTimestamp(e.at); out.write(",")
        out.write(e.type); out.write(",")
        if let step = e.step {
            if withdrawn {
                var name = Array(step)
                name += ":withdrawn".utf8
                name.withUnsafeBytes { out.writeCSV($0) }
            } else {
                out.writeCSV(step)
            }
        }
        out.write(",")
        out.write(lifecycle); out.write(",")
        if let actor = e.actor { out.writeCSV(actor) }; out.write(",")
        if let role = e.role { out.writeCSV(role) }; out.write(",")
        if let outcome = e.outcome { out.writeCSV(outcome) }; out.write(",")
        if let round = e.round { out.write(round) }; out.write(",")
        if let due = e.due { out.writeTimestamp(due) }; out.write(",")
        if let seconds = e.officeSeconds { out.write(Int(seconds)) }; out.write(",")
        if let days = e.workingDays { out.write(days) }; out.write(",")
        if let onTime = e.onTime { if onTime { out.write("true") } else { out.write("false") } }; out.write(",")
        if let document = e.document { out.writeCSV(document) }; out.write(",")
        if let sha = e.sha256 { out.write(sha) }
        out.write("\n")
        try out.flushIfNeeded()
    }

    public mutating func write(_ e: RecordedEvent) throws {
        try e.withBytes { try write($0) }
    }

    public mutating func finish() throws { try out.flush() }
}
