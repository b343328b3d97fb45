/// The state of one case: a pure fold over its events, so it can always be replayed.
public struct CaseState: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable { case open, closed }

    /// One activation of a step and, once done, its completion.
    public struct StepRecord: Sendable, Hashable, Codable {
        /// The step's id, interned (``StepNaming/step`` is its text).
        public var stepSymbol: Symbol
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
        /// Office time this activation's clock stood still while the file was with the applicant.
        public var pausedOfficeSeconds: Int64 = 0
        /// Timers set for this activation, by their position in the step's `timers`.
        public var timers: [Int: Instant] = [:]
        /// Timers of this activation that have fired.
        public var firedTimers: Set<Int> = []
        /// Roles an escalation gave this activation to.
        public var escalatedTo: [String] = []
        /// Whether a timer completed it (no officer acted).
        public var automatic: Bool = false
        /// The officer the task is assigned to (claimed or given), if any.
        public var assignee: String?
        /// The officer on leave whose task the assignee took over as substitute.
        public var substituteFor: String?

        /// Whether the step is still waiting to be done.
        public var isOpen: Bool { completedAt == nil }

        enum CodingKeys: String, CodingKey {
            case stepSymbol = "step", round, activatedAt, due, completedAt, outcome, actor, role, officeSeconds,
                 workingDays, onTime, pausedOfficeSeconds, timers, firedTimers, escalatedTo, automatic,
                 assignee, substituteFor
        }

        init(step: Symbol, round: Int, activatedAt: Instant, due: Instant?) {
            self.stepSymbol = step; self.round = round; self.activatedAt = activatedAt; self.due = due
        }
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
    /// Every attachment in the order it came (``documents`` has them by SOP document id).
    public private(set) var attachments: [DocumentAttachment] = []
    /// Times each decision sent the case back.
    public var revisions: [String: Int] = [:]
    public var notes: [String] = []
    /// Branches that have reached each join, by the join's step id.
    public var arrivals: [String: Int] = [:]
    /// Since when the agency's clock stands still (the file is with the applicant), if it does.
    public var pausedAt: Instant?
    /// Office time the agency's clock stood still over the whole case (the applicant's time).
    public var applicantOfficeSeconds: Int64 = 0
    /// How the case ended when not at an end step (``CaseEvent/Closed/resolution``).
    public var resolution: String?
    /// Filed as confidential (``CaseEvent/Opened/confidential``).
    public var isConfidential = false
    /// Each move of the case to another revision of its SOP, in order.
    public var revisionChanges: [RevisionChange] = []

    /// The case moved from one definition to another (``CaseEvent/DefinitionChanged``).
    public struct RevisionChange: Sendable, Hashable, Codable {
        public var at: Instant
        public var fromHash: String
        public var toHash: String
        /// Who published it.
        public var actor: String?
    }

    /// Positions in ``history`` of the steps waiting to be done, in activation order.
    public var openRecords: [Int] = []

    /// The first step waiting to be done, if the case is open (``activeSteps`` has them all).
    public var active: StepRecord? {
        guard status == .open, let first = openRecords.first else { return nil }
        return history[first]
    }

    /// Every step waiting to be done (several while parallel branches run).
    public var activeSteps: [StepRecord] {
        guard status == .open else { return [] }
        return openRecords.map { history[$0] }
    }

    /// The open activation of `step`, with its position in ``history``.
    public func openRecord(of step: String) -> (index: Int, record: StepRecord)? {
        openIndex(of: step).map { ($0, history[$0]) }
    }

    /// The position in ``history`` of the open activation of `step` (no copy of the record).
    public func openIndex(of step: String) -> Int? {
        Symbol(existing: step).flatMap { openIndex(of: $0) }
    }

    /// The position in ``history`` of the open activation of `step` (no copy of the record).
    public func openIndex(of step: Symbol) -> Int? {
        guard status == .open else { return nil }
        for k in openRecords.indices where history[openRecords[k]].stepSymbol == step { return openRecords[k] }
        return nil
    }

    /// Attachments by SOP document id, each id's in the order they came.
    public var documents: [String: [DocumentAttachment]] {
        var byDocument: [String: [DocumentAttachment]] = [:]
        for a in attachments { byDocument[a.document, default: []].append(a) }
        return byDocument
    }

    /// Every attachment ordered by SOP document id, each id's in the order they came: how pages
    /// and the API list a case's documents.
    public var attachmentsByDocument: [DocumentAttachment] {
        let ids = attachments.map(\.document)  // each id's text read once, not at every comparison
        return attachments.indices.sorted { (ids[$0], $0) < (ids[$1], $1) }.map { attachments[$0] }
    }

    /// The latest attachment for the SOP document `document`, if the case holds one.
    public func latest(_ document: String) -> DocumentAttachment? {
        guard let symbol = Symbol(existing: document) else { return nil }
        return attachments.last { $0.documentSymbol == symbol }
    }

    /// Whether the case holds a document for the SOP document `document`.
    public func holds(_ document: Symbol) -> Bool {
        for k in attachments.indices where attachments[k].documentSymbol == document { return true }
        return false
    }

    /// Whether the file is with the applicant and the agency's clock stands still.
    public var isWaitingOnApplicant: Bool { status == .open && pausedAt != nil }

    /// Total revision rounds over all decisions.
    public var revisionRounds: Int { revisions.values.reduce(0, +) }

    /// Whether an active step is overdue at `now` on `calendar` (``WorkingCalendar/isOverdue(due:at:)``).
    /// While the agency's clock stands still, the agency's steps are judged at the moment it
    /// stopped; a late applicant is not the agency's delay (``isApplicantLate``).
    public func isOverdue(at now: Instant, calendar: WorkingCalendar, applicantSteps: Set<String> = []) -> Bool {
        guard status == .open else { return false }
        return openRecords.contains { i in
            calendar.isOverdue(due: history[i].due, at: now, pausedAt: pausedAt, applicant: applicantSteps.contains(history[i].step))
        }
    }

    /// The state after `events`; nil when they do not start with the case opening.
    public static func fold(_ events: [RecordedEvent]) -> CaseState? {
        guard let first = events.first, case .opened(let o) = first.event else { return nil }
        var state = CaseState(caseID: first.caseID, sopID: o.sopID, definitionHash: o.definitionHash,
                              calendarID: o.calendarID, openedAt: first.at, due: o.due)
        state.isConfidential = o.confidential == true
        state.apply(contentsOf: events)
        return state
    }

    /// Applies `events` in order, reading each in place.
    public mutating func apply(contentsOf events: [RecordedEvent]) {
        events.withUnsafeBufferPointer { buffer in
            guard let first = buffer.baseAddress else { return }
            for k in buffer.indices { apply(at: first + k) }
        }
    }

    /// Applies one event. Total: every event the machine emits has a meaning here.
    public mutating func apply(_ e: RecordedEvent) {
        withUnsafePointer(to: e) { apply(at: $0) }
    }

    /// Applies the event at `e`, reading its fields through the pointer. A borrowed event
    /// (an element read by index, or a parameter) is copied whole, strings and all, before
    /// the first change to the state, as the compiler cannot tell that the change leaves the
    /// event's memory alone; read through the pointer, only the fields used are loaded.
    @inline(__always)
    private mutating func apply(at e: UnsafePointer<RecordedEvent>) {
        version = e.pointee.sequence
        switch e.pointee.event {
        case .opened:
            // Room for a typical case, so the first steps do not grow the arrays one by one.
            history.reserveCapacity(8); openRecords.reserveCapacity(4); attachments.reserveCapacity(8)
        case .stepActivated(let a):
            openRecords.append(history.count)
            history.append(StepRecord(step: a.stepSymbol, round: a.round, activatedAt: e.pointee.at, due: a.due))
            if !arrivals.isEmpty { arrivals[a.step] = nil }
        case .documentAttached(let d):
            attachments.append(d.attachment)
        case .stepCompleted(let c):
            if let k = openRecords.firstIndex(where: { history[$0].stepSymbol == c.stepSymbol }) {
                let i = openRecords.remove(at: k)
                history[i].completedAt = e.pointee.at
                history[i].outcome = c.outcome
                history[i].actor = e.pointee.actor
                history[i].role = e.pointee.role
                history[i].officeSeconds = c.officeSeconds
                history[i].workingDays = c.workingDays
                history[i].onTime = c.onTime
            }
        case .sentBack(let s):
            revisions[s.from] = s.round
        case .closed(let c):
            status = .closed
            closedAt = e.pointee.at
            resolution = c.resolution
            pausedAt = nil
        case .note(let n):
            notes.append(n.text)
        case .branchArrived(let b):
            arrivals[b.join, default: 0] += 1
        case .clockStopped:
            pausedAt = e.pointee.at
        case .clockResumed(let r):
            pausedAt = nil
            applicantOfficeSeconds += r.officeSeconds
        case .dueShifted(let d):
            if let step = d.stepSymbol {
                if let k = openRecords.first(where: { history[$0].stepSymbol == step }) {
                    history[k].due = d.due
                    history[k].pausedOfficeSeconds += d.pausedOfficeSeconds ?? 0
                }
            } else {
                due = d.due
            }
        case .timerSet(let t):
            if let k = openRecords.first(where: { history[$0].stepSymbol == t.stepSymbol }) { history[k].timers[t.timer] = t.at }
        case .timerFired(let t):
            if let k = openRecords.first(where: { history[$0].stepSymbol == t.stepSymbol }) {
                history[k].firedTimers.insert(t.timer)
                if let to = t.to { history[k].escalatedTo.append(to) }
                if t.action == .complete { history[k].automatic = true }
            }
        case .taskAssigned(let a):
            if let k = openRecords.first(where: { history[$0].stepSymbol == a.stepSymbol }) {
                history[k].assignee = a.officer
                history[k].substituteFor = a.substituteFor
            }
        case .definitionChanged(let d):
            revisionChanges.append(RevisionChange(at: e.pointee.at, fromHash: d.fromHash, toHash: d.definitionHash, actor: e.pointee.actor))
            definitionHash = d.definitionHash
            due = d.due
        case .stepMigrated(let m):
            let from = Symbol(m.from)
            if let k = openRecords.first(where: { history[$0].stepSymbol == from }) {
                history[k].stepSymbol = m.stepSymbol
                history[k].due = m.due
                // The new step's timers are set again by the events that follow.
                history[k].timers = [:]
                if from != m.stepSymbol { history[k].firedTimers = [] }
            }
            let to = m.stepSymbol.text
            if to != m.from {
                if let n = revisions.removeValue(forKey: m.from) { revisions[to] = n }
                if let n = arrivals.removeValue(forKey: m.from) { arrivals[to] = n }
            }
        }
    }
}

extension CaseState {
    /// The active steps' ids as refusals name them (`a', 'b`), nil when none is active.
    public var activeStepList: String? {
        let ids = activeSteps.map(\.step)
        return ids.isEmpty ? nil : ids.joined(separator: "', '")
    }
}
