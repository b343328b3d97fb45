/// Why the interpreter refused an action. Nothing is recorded when it throws.
public enum CaseError: CodedError, Equatable {
    case invalidCaseID(String)
    case unknownCase(String)
    case caseExists(String)
    case caseClosed(String)
    case unknownStep(String, known: [String])
    case stepNotActive(step: String, active: String?)
    case wrongRole(step: String, role: String, required: String)
    case missingInput(step: String, document: String)
    case missingOutput(step: String, document: String)
    case unexpectedDocument(step: String, document: String)
    case outcomeRequired(step: String, options: [String])
    case unknownOutcome(step: String, outcome: String, options: [String])
    case outcomeNotAllowed(step: String)
    case timeBeforeActivation(step: String, activatedAt: Instant)
    case calendar(CalendarError)
    case conflict(caseID: String, expected: Int, actual: Int)
    case definitionMismatch(caseID: String)
    case documentTooLarge(name: String, size: Int, limit: Int)
    case revisionLimit(step: String, outcome: String, limit: Int)
    case unknownTimer(step: String, timer: Int)
    case timerNotDue(step: String, timer: Int, at: Instant)
    case timerFired(step: String, timer: Int)
    case assignedToOther(step: String, officer: String)
    /// A step the case is at (or a join it waits at) has no place in the revision it is moved to.
    case unmappedStep(caseID: String, step: String, known: [String])
    /// The case cannot move to the revision (another SOP, a lane's side changed, two steps onto one).
    case migrationRefused(caseID: String, reason: String)

    /// A stable code for APIs and scripts.
    public var code: String {
        switch self {
        case .invalidCaseID: "invalid-case-id"
        case .unknownCase: "unknown-case"
        case .caseExists: "case-exists"
        case .caseClosed: "case-closed"
        case .unknownStep: "unknown-step"
        case .stepNotActive: "step-not-active"
        case .wrongRole: "wrong-role"
        case .missingInput: "missing-input"
        case .missingOutput: "missing-output"
        case .unexpectedDocument: "unexpected-document"
        case .outcomeRequired: "outcome-required"
        case .unknownOutcome: "unknown-outcome"
        case .outcomeNotAllowed: "outcome-not-allowed"
        case .timeBeforeActivation: "time-before-activation"
        case .calendar: "calendar"
        case .conflict: "conflict"
        case .definitionMismatch: "definition-mismatch"
        case .documentTooLarge: "document-too-large"
        case .revisionLimit: "revision-limit"
        case .unknownTimer: "unknown-timer"
        case .timerNotDue: "timer-not-due"
        case .timerFired: "timer-fired"
        case .assignedToOther: "task-assigned-to-other"
        case .unmappedStep: "unmapped-step"
        case .migrationRefused: "migration-refused"
        }
    }

    public var kind: ErrorKind {
        switch self {
        case .invalidCaseID, .unknownStep, .missingInput, .missingOutput, .unexpectedDocument, .outcomeRequired,
             .unknownOutcome, .outcomeNotAllowed, .timeBeforeActivation: .invalid
        case .unknownCase: .notFound
        case .wrongRole: .forbidden
        case .caseExists, .caseClosed, .stepNotActive, .conflict, .revisionLimit, .timerNotDue, .timerFired,
             .assignedToOther, .unmappedStep, .migrationRefused: .conflict
        case .unknownTimer: .notFound
        case .documentTooLarge: .tooLarge
        case .calendar(let e): e.kind
        // The case is pinned to a definition the running service does not hold.
        case .definitionMismatch: .unavailable
        }
    }

    public var description: String {
        switch self {
        case .invalidCaseID(let id):
            "'\(id)' is not a valid case id (1–64 letters, digits, '-', '_' or '.')"
        case .unknownCase(let id): "no case '\(id)'"
        case .caseExists(let id): "case '\(id)' already exists"
        case .caseClosed(let id): "case '\(id)' is closed; no further action is possible"
        case .unknownStep(let s, let known): "no step '\(s)' in this SOP (steps: \(known.joined(separator: ", ")))"
        case .stepNotActive(let s, let active):
            "step '\(s)' is not active" + (active.map { "; the case is waiting at '\($0)'" } ?? "")
        case .wrongRole(let s, let role, let required):
            "role '\(role)' may not complete step '\(s)'; it is performed by '\(required)'"
        case .missingInput(let s, let d): "step '\(s)' needs document '\(d)', which the case does not have"
        case .missingOutput(let s, let d): "step '\(s)' must supply document '\(d)' with its completion"
        case .unexpectedDocument(let s, let d): "step '\(s)' neither needs nor produces document '\(d)'"
        case .outcomeRequired(let s, let options): "step '\(s)' is a decision: choose an outcome (\(options.joined(separator: ", ")))"
        case .unknownOutcome(let s, let o, let options): "step '\(s)' has no outcome '\(o)' (outcomes: \(options.joined(separator: ", ")))"
        case .outcomeNotAllowed(let s): "step '\(s)' is not a decision and takes no outcome"
        case .timeBeforeActivation(let s, let at): "step '\(s)' cannot be completed before it was activated (\(at))"
        case .unknownTimer(let s, let t): "step '\(s)' has no timer \(t) set in this activation"
        case .timerNotDue(let s, let t, let at): "timer \(t) of step '\(s)' fires only at \(at)"
        case .timerFired(let s, let t): "timer \(t) of step '\(s)' has already fired"
        case .assignedToOther(let s, let o):
            "step '\(s)' is assigned to officer '\(o)'; they complete it, or it is reassigned or released first"
        case .unmappedStep(let id, let step, let known):
            "case '\(id)' is at step '\(step)', which the new revision does not have (its steps: \(known.joined(separator: ", "))); map it, e.g. --map \(step)=<new step>"
        case .migrationRefused(let id, let reason): "case '\(id)' cannot move to the new revision: \(reason)"
        case .calendar(let e): "calendar: \(e)"
        case .conflict(let id, let expected, let actual):
            "case '\(id)' changed meanwhile (version \(actual), expected \(expected)); reload and try again"
        case .definitionMismatch(let id): "case '\(id)' runs against another definition of this SOP"
        case .documentTooLarge(let name, let size, let limit): "'\(name)' is \(size) bytes; the limit is \(limit) bytes"
        case .revisionLimit(let step, let outcome, let limit):
            "step '\(step)' has already sent this case back \(limit) time\(limit == 1 ? "" : "s") with '\(outcome)', its limit; choose another outcome"
        }
    }
}
