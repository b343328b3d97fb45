import SOPCore

/// What a case waits for, as the read model keeps it beside its ``CaseSummary``: every active
/// step (several while parallel branches run) with the roles that may act on it and its due,
/// whether the file is with the applicant (the agency's clock stopped since when), how it
/// ended, and when its next timer fires. Queues, overdue lists and the timer runner read
/// this instead of replaying events.
public struct CaseActivity: Sendable, Hashable, Codable {
    /// One step waiting to be done.
    public struct ActiveStep: Sendable, Hashable, Codable {
        public var step: String
        /// The roles that may complete it: its actor, its alternative actors, then the roles
        /// escalations gave it, each once.
        public var roles: [String]
        public var due: Instant?
        /// Whether an applicant role performs it (it is never the agency's delay).
        public var applicant: Bool

        public init(step: String, roles: [String], due: Instant?, applicant: Bool) {
            self.step = step
            self.roles = roles
            self.due = due
            self.applicant = applicant
        }
    }

    /// In activation order.
    public var activeSteps: [ActiveStep]
    /// Since when the agency's clock stands still (the file is with the applicant).
    public var pausedAt: Instant?
    /// How a closed case ended when not at an end step (`withdrawn`, an ending outcome's name).
    public var resolution: String?
    /// The earliest timer of an active step that has not fired.
    public var nextTimerAt: Instant?
    /// Office time the agency's clock stood still over the whole case (the applicant's time).
    public var applicantOfficeSeconds: Int64
    /// The earliest due of the agency's active steps (applicant steps left out).
    public var agencyDue: Instant?
    /// While the clock stands still: whether the agency's steps were already overdue when it
    /// stopped (``CaseState/isOverdue(at:calendar:applicantSteps:)`` judges them then).
    public var overdueWhenPaused: Bool

    public init(activeSteps: [ActiveStep], pausedAt: Instant? = nil, resolution: String? = nil, nextTimerAt: Instant? = nil,
                applicantOfficeSeconds: Int64 = 0, agencyDue: Instant? = nil, overdueWhenPaused: Bool = false) {
        self.activeSteps = activeSteps
        self.pausedAt = pausedAt
        self.resolution = resolution
        self.nextTimerAt = nextTimerAt
        self.applicantOfficeSeconds = applicantOfficeSeconds
        self.agencyDue = agencyDue
        self.overdueWhenPaused = overdueWhenPaused
    }

    /// The activity of `state` under the machine of its definition and calendar.
    public init(_ state: CaseState, machine: CaseMachine) {
        let applicantSteps = machine.applicantStepIDs
        activeSteps = state.activeSteps.map { record in
            var roles = machine.definition.step(record.step)?.actors ?? []
            for role in record.escalatedTo where !roles.contains(role) { roles.append(role) }
            return ActiveStep(step: record.step, roles: roles, due: record.due, applicant: applicantSteps.contains(record.step))
        }
        pausedAt = state.status == .open ? state.pausedAt : nil
        resolution = state.resolution
        nextTimerAt = machine.pendingTimers(state).first?.at
        applicantOfficeSeconds = state.applicantOfficeSeconds
        agencyDue = activeSteps.filter { !$0.applicant }.compactMap(\.due).min()
        overdueWhenPaused = pausedAt.map { state.isOverdue(at: $0, calendar: machine.calendar, applicantSteps: applicantSteps) } ?? false
    }

    /// What can be told from a summary alone (a writer that gives no activity): its one active
    /// step, taken as the agency's, and no timer.
    public init(_ summary: CaseSummary) {
        if summary.status == .open, let step = summary.activeStep {
            activeSteps = [ActiveStep(step: step, roles: summary.activeRole.map { [$0] } ?? [], due: summary.activeDue, applicant: false)]
        } else {
            activeSteps = []
        }
        pausedAt = nil
        resolution = nil
        nextTimerAt = nil
        applicantOfficeSeconds = 0
        agencyDue = summary.status == .open ? summary.activeDue : nil
        overdueWhenPaused = false
    }

    /// Whether the file is with the applicant and the agency's clock stands still.
    public var isWaitingOnApplicant: Bool { pausedAt != nil }
}

/// A read-model row with its activity: what a queue or a list shows.
public struct CaseListing: Sendable, Hashable, Codable {
    public var summary: CaseSummary
    public var activity: CaseActivity

    public init(summary: CaseSummary, activity: CaseActivity) {
        self.summary = summary
        self.activity = activity
    }
}

extension CaseAppend {
    /// A write whose read-model row (summary and activity) is taken from `state`, the case
    /// after `events`, under `machine`.
    public init(events: [RecordedEvent], expectedVersion: Int, state: CaseState, machine: CaseMachine,
                documents: [StoredDocument] = [], definition: (definition: SOPDefinition, hash: String)? = nil,
                calendar: CalendarDefinition? = nil) {
        self.init(events: events, expectedVersion: expectedVersion, summary: CaseSummary(state, definition: machine.definition),
                  documents: documents, definition: definition, calendar: calendar)
        activity = CaseActivity(state, machine: machine)
    }
}
