/// The standard timeline of an SOP's main path on a calendar: each step starts when the
/// previous one is due and takes exactly its standard time.
public struct StandardTimeline: Sendable {
    public struct Entry: Sendable {
        public var step: Step
        public var start: Instant
        public var due: Instant
    }

    public var start: Instant
    public var entries: [Entry]

    public init(sop: SOPDefinition, calendar: WorkingCalendar, start: Instant) throws(CalendarError) {
        try self.init(path: sop.mainPath, calendar: calendar, start: start)
    }

    /// The timeline of `path` (an SOP's ``SOPDefinition/mainPath``, computed once by callers
    /// that need many timelines).
    public init(path: [Step], calendar: WorkingCalendar, start: Instant) throws(CalendarError) {
        self.start = start
        var at = start
        var entries: [Entry] = []
        entries.reserveCapacity(path.count)
        for step in path {
            let due = try step.time.map { t throws(CalendarError) in try calendar.due(from: at, adding: t) } ?? at
            // Shown from when the office can start on it (a step handed over at closing starts
            // at the next opening); the due instant is computed from the hand-over itself.
            entries.append(Entry(step: step, start: min(try calendar.nextOfficeInstant(from: at), due), due: due))
            at = due
        }
        self.entries = entries
        self.elapsed = try calendar.elapsed(from: start, to: at)
    }

    /// When the last step is due.
    public var due: Instant { entries.last?.due ?? start }
    /// Working time from opening to the last due instant.
    public var elapsed: WorkingCalendar.Elapsed

    public struct JSONEntry: Encodable, Sendable {
        public var no: Int
        public var step: String
        public var actor: String
        public var time: StandardTime?
        public var start: String
        public var due: String
    }

    public struct JSONOutput: Encodable, Sendable {
        public var start: String
        public var due: String
        public var workingDays: Int
        public var workingMinutes: Int64
        public var steps: [JSONEntry]
    }

    /// Instants rendered in the zone `offset` seconds east of UTC.
    public func json(offset: Int) -> JSONOutput {
        JSONOutput(start: start.iso8601(utcOffsetSeconds: offset), due: due.iso8601(utcOffsetSeconds: offset),
                   workingDays: elapsed.workingDays, workingMinutes: elapsed.officeMinutes,
                   steps: entries.map {
                       JSONEntry(no: $0.step.number, step: $0.step.id, actor: $0.step.actor, time: $0.step.time,
                                 start: $0.start.iso8601(utcOffsetSeconds: offset), due: $0.due.iso8601(utcOffsetSeconds: offset))
                   })
    }
}
