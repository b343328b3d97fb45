/// The state of one case: a pure fold over its events, so it can always be replayed.
public struct CaseState: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable { case open, closed }

    /// One activation of a step and, once done, its completion.
    public struct StepRecord: Sendable, Hashable, Codable {
        public var step: String
        public var round: Int
        public var activatedAt: Instant
        public var due: Instant?
        public var completedAt: Instant?
        public var outcome: String?
        public var actor: String?
        public var role: String?
        public var officeSeconds: Int64?
        public var workingDays: Int?
        public var onTime: Bool?
    }

    public var caseID: String
    public var sopID: String
    public var definitionHash: String
    public var calendarID: String
    public var openedAt: Instant
    public var due: Instant?
    public var status: Status = .open
    public var closedAt: Instant?
    /// Number of events applied; the expected version for the next write.
    public var version: Int = 0
    /// Every activation in order; the last one without `completedAt` is the active step.
    public var history: [StepRecord] = []
    /// Attachments by SOP document id, in the order they came.
    public var documents: [String: [DocumentAttachment]] = [:]
    /// Times each decision sent the case back.
    public var revisions: [String: Int] = [:]
    public var notes: [String] = []

    /// The step waiting to be done, if the case is open.
    public var active: StepRecord? {
        guard status == .open, let last = history.last, last.completedAt == nil else { return nil }
        return last
    }

    /// Total revision rounds over all decisions.
    public var revisionRounds: Int { revisions.values.reduce(0, +) }

    /// Whether the active step is overdue at `now` on `calendar` (``WorkingCalendar/isOverdue(due:at:)``).
    public func isOverdue(at now: Instant, calendar: WorkingCalendar) -> Bool {
        guard status == .open, let due = active?.due else { return false }
        return calendar.isOverdue(due: due, at: now)
    }

    /// The state after `events`; nil when they do not start with the case opening.
    public static func fold(_ events: [RecordedEvent]) -> CaseState? {
        guard let first = events.first, case .opened(let o) = first.event else { return nil }
        var state = CaseState(caseID: first.caseID, sopID: o.sopID, definitionHash: o.definitionHash,
                              calendarID: o.calendarID, openedAt: first.at, due: o.due)
        for e in events { state.apply(e) }
        return state
    }

    /// Applies one event. Total: every event the machine emits has a meaning here.
    public mutating func apply(_ e: RecordedEvent) {
        version = e.sequence
        switch e.event {
        case .opened:
            break
        case .stepActivated(let a):
            history.append(StepRecord(step: a.step, round: a.round, activatedAt: e.at, due: a.due))
        case .documentAttached(let d):
            documents[d.attachment.document, default: []].append(d.attachment)
        case .stepCompleted(let c):
            if let i = history.lastIndex(where: { $0.step == c.step && $0.completedAt == nil }) {
                history[i].completedAt = e.at
                history[i].outcome = c.outcome
                history[i].actor = e.actor
                history[i].role = e.role
                history[i].officeSeconds = c.officeSeconds
                history[i].workingDays = c.workingDays
                history[i].onTime = c.onTime
            }
        case .sentBack(let s):
            revisions[s.from] = s.round
        case .closed:
            status = .closed
            closedAt = e.at
        case .note(let n):
            notes.append(n.text)
        }
    }
}
