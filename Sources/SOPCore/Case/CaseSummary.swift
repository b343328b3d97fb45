/// One row of the case read model: what queue pages and lists need without replaying.
public struct CaseSummary: Sendable, Hashable, Codable {
    public var caseID: String
    public var sopID: String
    public var definitionHash: String
    public var status: CaseState.Status
    public var activeStep: String?
    /// The role whose task queue holds the case.
    public var activeRole: String?
    public var activeDue: Instant?
    public var openedAt: Instant
    public var closedAt: Instant?
    public var due: Instant?
    public var version: Int
    public var revisionRounds: Int

    public init(_ state: CaseState, definition: SOPDefinition) {
        caseID = state.caseID
        sopID = state.sopID
        definitionHash = state.definitionHash
        status = state.status
        activeStep = state.active?.step
        activeRole = state.active.flatMap { definition.step($0.step)?.actor }
        activeDue = state.active?.due
        openedAt = state.openedAt
        closedAt = state.closedAt
        due = state.due
        version = state.version
        revisionRounds = state.revisionRounds
    }

    public init(caseID: String, sopID: String, definitionHash: String, status: CaseState.Status,
                activeStep: String?, activeRole: String?, activeDue: Instant?, openedAt: Instant,
                closedAt: Instant?, due: Instant?, version: Int, revisionRounds: Int) {
        self.caseID = caseID
        self.sopID = sopID
        self.definitionHash = definitionHash
        self.status = status
        self.activeStep = activeStep
        self.activeRole = activeRole
        self.activeDue = activeDue
        self.openedAt = openedAt
        self.closedAt = closedAt
        self.due = due
        self.version = version
        self.revisionRounds = revisionRounds
    }

    /// Whether the active step is overdue at `now` on `calendar` (``WorkingCalendar/isOverdue(due:at:)``).
    public func isOverdue(at now: Instant, calendar: WorkingCalendar) -> Bool {
        guard status == .open, let activeDue else { return false }
        return calendar.isOverdue(due: activeDue, at: now)
    }
}
