/// The standard timeline of an SOP's forward flow on a calendar: every step of every branch
/// takes exactly its standard time (the deadline of a range) and starts when all its forward
/// predecessors are due, so parallel branches run side by side and a join waits for the
/// last of them. The case's standard total is the end of the critical path.
public struct StandardTimeline: Sendable {
    public struct Entry: Sendable {
        public var step: Step
        /// When the office can start on it (a step handed over at closing starts at the next opening).
        public var start: Instant
        /// When it is due: its standard time added to the hand-over; the hand-over itself for a
        /// step without a standard time.
        public var due: Instant
        /// Whether the step lies on the critical path: the chain of latest hand-overs that ends
        /// at the timeline's end (an overrun of any of them moves the end).
        public var critical: Bool
        /// Whether the applicant performs the step: the agency's clock does not run in it.
        public var applicant: Bool
        /// Positions (in ``StandardTimeline/entries``) of the forward predecessors it waits for.
        public var predecessors: [Int]
    }

    public var start: Instant
    /// The forward flow in the order a case meets it (a join after all its branches).
    public var entries: [Entry]

    public init(sop: SOPDefinition, calendar: WorkingCalendar, start: Instant) throws(CalendarError) {
        let applicants = Set(sop.roles.filter(\.applicant).map(\.id))
        let flow = sop.forwardFlow
        var position: [String: Int] = [:]
        for (i, s) in flow.enumerated() where position[s.id] == nil { position[s.id] = i }
        var preds: [[Int]] = Array(repeating: [], count: flow.count)
        for (i, s) in flow.enumerated() {
            for n in s.forwardSuccessors { if let j = position[n], j > i, !preds[j].contains(i) { preds[j].append(i) } }
        }
        try self.init(flow: flow, predecessors: preds, applicants: applicants, calendar: calendar, start: start)
    }

    /// The timeline of `path` taken as one sequence (each step after the previous one).
    public init(path: [Step], calendar: WorkingCalendar, start: Instant) throws(CalendarError) {
        try self.init(flow: path, predecessors: path.indices.map { $0 == 0 ? [] : [$0 - 1] }, applicants: [],
                      calendar: calendar, start: start)
    }

    /// `flow` in topological order, each step with the positions of the earlier steps it waits for.
    init(flow: [Step], predecessors preds: [[Int]], applicants: Set<String>, calendar: WorkingCalendar,
         start: Instant) throws(CalendarError) {
        self.start = start
        var entries: [Entry] = []
        entries.reserveCapacity(flow.count)
        var handOver: [Instant] = []
        for (i, step) in flow.enumerated() {
            var at = start
            for p in preds[i] where entries[p].due > at { at = entries[p].due }
            handOver.append(at)
            let due = try step.time.map { t throws(CalendarError) in try calendar.due(from: at, adding: t.deadline) } ?? at
            entries.append(Entry(step: step, start: min(try calendar.nextOfficeInstant(from: at), due), due: due, critical: false,
                                 applicant: applicants.contains(step.actor), predecessors: preds[i]))
        }
        // The critical path: back from the latest end along the predecessor handing over last
        // (the earliest such step on a tie, as the flow lists them).
        if var k = entries.indices.max(by: { entries[$0].due < entries[$1].due || (entries[$0].due == entries[$1].due && $0 > $1) }) {
            while true {
                entries[k].critical = true
                guard let p = entries[k].predecessors.filter({ entries[$0].due == handOver[k] }).min() else { break }
                k = p
            }
        }
        self.entries = entries
        self.elapsed = try calendar.elapsed(from: start, to: entries.map(\.due).max() ?? start)
    }

    /// When the last step is due: the end of the critical path.
    public var due: Instant { entries.map(\.due).max() ?? start }

    /// When the agency's work is due if every agency step takes its standard time and the
    /// applicant's steps take none of the agency's (its clock stops while they hold the file):
    /// the case's standard due (``CaseState/due`` at opening).
    public static func agencyDue(sop: SOPDefinition, calendar: WorkingCalendar, start: Instant) throws(CalendarError) -> Instant {
        var agency = sop
        let applicants = Set(sop.roles.filter(\.applicant).map(\.id))
        for i in agency.steps.indices where applicants.contains(agency.steps[i].actor) { agency.steps[i].time = nil }
        return try StandardTimeline(sop: agency, calendar: calendar, start: start).due
    }
    /// Working time from opening to the last due instant.
    public var elapsed: WorkingCalendar.Elapsed
    /// The critical path's entries, in order.
    public var criticalPath: [Entry] { entries.filter(\.critical) }

    public struct JSONEntry: Encodable, Sendable {
        public var no: Int
        public var step: String
        public var actor: String
        public var time: StandardTime?
        public var start: String
        public var due: String
        public var critical: Bool
        public var applicant: Bool
        public var after: [String]
    }

    public struct JSONOutput: Encodable, Sendable {
        public var start: String
        public var due: String
        public var workingDays: Int
        public var workingMinutes: Int64
        public var criticalPath: [String]
        public var steps: [JSONEntry]
    }

    /// Instants rendered in the zone `offset` seconds east of UTC.
    public func json(offset: Int) -> JSONOutput {
        JSONOutput(start: start.iso8601(utcOffsetSeconds: offset), due: due.iso8601(utcOffsetSeconds: offset),
                   workingDays: elapsed.workingDays, workingMinutes: elapsed.officeMinutes,
                   criticalPath: criticalPath.map(\.step.id),
                   steps: entries.map {
                       JSONEntry(no: $0.step.number, step: $0.step.id, actor: $0.step.actor, time: $0.step.time,
                                 start: $0.start.iso8601(utcOffsetSeconds: offset), due: $0.due.iso8601(utcOffsetSeconds: offset),
                                 critical: $0.critical, applicant: $0.applicant, after: $0.predecessors.map { entries[$0].step.id })
                   })
    }
}
