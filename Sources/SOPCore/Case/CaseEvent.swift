/// A file attached to a case, stored once by its content address.
public struct DocumentAttachment: Sendable, Hashable, Codable {
    /// The SOP document id it stands for (e.g. `telaahan-staf`), interned.
    public var documentSymbol: Symbol
    /// The SOP document id it stands for (e.g. `telaahan-staf`).
    public var document: String {
        get { documentSymbol.text }
        set { documentSymbol = Symbol(newValue) }
    }
    /// Lowercase hex SHA-256 of the bytes: the content address in the store.
    public var sha256: String
    /// The file name as uploaded.
    public var name: String
    public var mediaType: String
    public var size: Int

    enum CodingKeys: String, CodingKey { case documentSymbol = "document", sha256, name, mediaType, size }

    public init(document: String, sha256: String, name: String, mediaType: String, size: Int) {
        self.init(document: Symbol(document), sha256: sha256, name: name, mediaType: mediaType, size: size)
    }

    public init(document: Symbol, sha256: String, name: String, mediaType: String, size: Int) {
        self.documentSymbol = document
        self.sha256 = sha256
        self.name = name
        self.mediaType = mediaType
        self.size = size
    }
}

/// What happened to a case. Events are immutable; a case's state is a fold over them.
public enum CaseEvent: Sendable, Hashable {
    public struct Opened: Sendable, Hashable, Codable {
        public var sopID: String
        /// Content hash of the resolved definition the case runs against: a later revision of
        /// the YAML never changes a running case.
        public var definitionHash: String
        public var calendarID: String
        /// When the whole case is due if every step takes its standard time.
        public var due: Instant?
        /// A complaint filed as confidential ("rahasia"): its documents are for the officers
        /// whose lanes the case has reached, not for every officer of the SOP. Absent (not
        /// false) otherwise, so the events of every other case encode as before.
        public var confidential: Bool?

        public init(sopID: String, definitionHash: String, calendarID: String, due: Instant?, confidential: Bool? = nil) {
            self.sopID = sopID; self.definitionHash = definitionHash; self.calendarID = calendarID; self.due = due
            self.confidential = confidential
        }
    }

    public struct StepActivated: Sendable, Hashable, Codable {
        public var stepSymbol: Symbol
        public var due: Instant?
        /// 0 the first time, then one more each time the step is reached again by a revision.
        public var round: Int

        enum CodingKeys: String, CodingKey { case stepSymbol = "step", due, round }

        public init(step: Symbol, due: Instant?, round: Int) {
            self.stepSymbol = step; self.due = due; self.round = round
        }

        public init(step: String, due: Instant?, round: Int) { self.init(step: Symbol(step), due: due, round: round) }
    }

    public struct DocumentAttached: Sendable, Hashable, Codable {
        /// The step that attached it; nil at the case opening.
        public var stepSymbol: Symbol?
        public var attachment: DocumentAttachment

        enum CodingKeys: String, CodingKey { case stepSymbol = "step", attachment }

        public init(stepSymbol step: Symbol?, attachment: DocumentAttachment) {
            self.stepSymbol = step; self.attachment = attachment
        }

        public init(step: String?, attachment: DocumentAttachment) { self.init(stepSymbol: step.map { Symbol($0) }, attachment: attachment) }
    }

    public struct StepCompleted: Sendable, Hashable, Codable {
        public var stepSymbol: Symbol
        public var outcome: String?
        /// Working time between activation and completion on the agency calendar.
        public var officeSeconds: Int64
        public var workingDays: Int
        /// Nil when the step has no standard time.
        public var onTime: Bool?

        enum CodingKeys: String, CodingKey { case stepSymbol = "step", outcome, officeSeconds, workingDays, onTime }

        public init(step: Symbol, outcome: String?, officeSeconds: Int64, workingDays: Int, onTime: Bool?) {
            self.stepSymbol = step; self.outcome = outcome; self.officeSeconds = officeSeconds
            self.workingDays = workingDays; self.onTime = onTime
        }

        public init(step: String, outcome: String?, officeSeconds: Int64, workingDays: Int, onTime: Bool?) {
            self.init(step: Symbol(step), outcome: outcome, officeSeconds: officeSeconds, workingDays: workingDays, onTime: onTime)
        }
    }

    public struct SentBack: Sendable, Hashable, Codable {
        public var from: String
        public var to: String
        public var outcome: String
        /// How many times this decision has now sent the case back.
        public var round: Int

        public init(from: String, to: String, outcome: String, round: Int) {
            self.from = from; self.to = to; self.outcome = outcome; self.round = round
        }
    }

    public struct Closed: Sendable, Hashable, Codable {
        public var stepSymbol: Symbol
        /// How the case ended when not at an end step: the ending outcome's `end`
        /// (`ditolak`), or ``StepTimer/withdrawnResolution`` when the applicant did not answer.
        public var resolution: String?

        enum CodingKeys: String, CodingKey { case stepSymbol = "step", resolution }

        public init(step: Symbol, resolution: String? = nil) { self.stepSymbol = step; self.resolution = resolution }
        public init(step: String, resolution: String? = nil) { self.init(step: Symbol(step), resolution: resolution) }
    }

    /// A branch of a fork reached its join, which waits for the others.
    public struct BranchArrived: Sendable, Hashable, Codable {
        public var join: String
        public var from: String

        public init(join: String, from: String) { self.join = join; self.from = from }
    }

    /// The file went to the applicant: the agency's clock stops.
    public struct ClockStopped: Sendable, Hashable, Codable {
        /// The applicant's step that holds the file.
        public var stepSymbol: Symbol

        enum CodingKeys: String, CodingKey { case stepSymbol = "step" }

        public init(step: Symbol) { self.stepSymbol = step }
        public init(step: String) { self.init(step: Symbol(step)) }
    }

    /// The applicant answered: the agency's clock runs again.
    public struct ClockResumed: Sendable, Hashable, Codable {
        /// The applicant's step that held the file.
        public var stepSymbol: Symbol
        /// Office time the clock stood still (the applicant's time).
        public var officeSeconds: Int64

        enum CodingKeys: String, CodingKey { case stepSymbol = "step", officeSeconds }

        public init(step: Symbol, officeSeconds: Int64) { self.stepSymbol = step; self.officeSeconds = officeSeconds }
        public init(step: String, officeSeconds: Int64) { self.init(step: Symbol(step), officeSeconds: officeSeconds) }
    }

    /// A due instant recomputed after the clock stood still.
    public struct DueShifted: Sendable, Hashable, Codable {
        /// The active step whose due moved; nil for the whole case's standard due.
        public var stepSymbol: Symbol?
        public var due: Instant?
        /// Office time the step's clock stood still (nil for the case's due).
        public var pausedOfficeSeconds: Int64?

        enum CodingKeys: String, CodingKey { case stepSymbol = "step", due, pausedOfficeSeconds }

        public init(stepSymbol step: Symbol?, due: Instant?, pausedOfficeSeconds: Int64? = nil) {
            self.stepSymbol = step; self.due = due; self.pausedOfficeSeconds = pausedOfficeSeconds
        }

        public init(step: String?, due: Instant?, pausedOfficeSeconds: Int64? = nil) {
            self.init(stepSymbol: step.map { Symbol($0) }, due: due, pausedOfficeSeconds: pausedOfficeSeconds)
        }
    }

    /// When a timer of an active step fires (set at activation, moved after a stopped clock).
    public struct TimerSet: Sendable, Hashable, Codable {
        public var stepSymbol: Symbol
        /// Position of the timer in the step's `timers`.
        public var timer: Int
        public var at: Instant

        enum CodingKeys: String, CodingKey { case stepSymbol = "step", timer, at }

        public init(step: Symbol, timer: Int, at: Instant) { self.stepSymbol = step; self.timer = timer; self.at = at }
        public init(step: String, timer: Int, at: Instant) { self.init(step: Symbol(step), timer: timer, at: at) }
    }

    /// A timer fired: what it did follows in the same write (a completion, the closing).
    public struct TimerFired: Sendable, Hashable, Codable {
        public var stepSymbol: Symbol
        public var timer: Int
        public var action: StepTimer.Action
        /// The role an escalation gave the step to.
        public var to: String?

        enum CodingKeys: String, CodingKey { case stepSymbol = "step", timer, action, to }

        public init(step: Symbol, timer: Int, action: StepTimer.Action, to: String? = nil) {
            self.stepSymbol = step; self.timer = timer; self.action = action; self.to = to
        }

        public init(step: String, timer: Int, action: StepTimer.Action, to: String? = nil) {
            self.init(step: Symbol(step), timer: timer, action: action, to: to)
        }
    }

    /// A task (an active step) given to a named officer, or given back to its roles' queue.
    /// A claim is an assignment by the officer themself (the event's actor). A substitute who
    /// acts for an officer on leave takes the task over with `substituteFor` naming them, so
    /// the history shows both.
    public struct TaskAssigned: Sendable, Hashable, Codable {
        public var stepSymbol: Symbol
        /// The officer who now holds the task; nil when it is released to the roles' queue.
        public var officer: String?
        /// The officer on leave whose task the substitute took over.
        public var substituteFor: String?

        enum CodingKeys: String, CodingKey { case stepSymbol = "step", officer, substituteFor }

        public init(step: Symbol, officer: String?, substituteFor: String? = nil) {
            self.stepSymbol = step; self.officer = officer; self.substituteFor = substituteFor
        }

        public init(step: String, officer: String?, substituteFor: String? = nil) {
            self.init(step: Symbol(step), officer: officer, substituteFor: substituteFor)
        }
    }

    /// The case moved to another revision of its SOP (``CaseMachine/migrate(_:to:map:at:actor:)``):
    /// the events before it read under the old definition, those after under the new. The
    /// open steps' moves follow as ``StepMigrated`` events in the same write.
    public struct DefinitionChanged: Sendable, Hashable, Codable {
        /// Content hash of the definition the case ran against until now.
        public var fromHash: String
        /// Content hash of the definition it runs against from now on.
        public var definitionHash: String
        /// The case's standard due under the new revision.
        public var due: Instant?

        public init(fromHash: String, definitionHash: String, due: Instant?) {
            self.fromHash = fromHash; self.definitionHash = definitionHash; self.due = due
        }
    }

    /// A step of the old revision became `step` of the new one: an open activation moves with
    /// its new due instant (its timers are set again after it); a decision's revision count or
    /// a join's waiting branches follow the new id.
    public struct StepMigrated: Sendable, Hashable, Codable {
        public var stepSymbol: Symbol
        public var from: String
        public var due: Instant?

        enum CodingKeys: String, CodingKey { case stepSymbol = "step", from, due }

        public init(step: String, from: String, due: Instant?) { self.stepSymbol = Symbol(step); self.from = from; self.due = due }
    }

    public struct Note: Sendable, Hashable, Codable {
        public var text: String

        public init(text: String) { self.text = text }
    }

    case opened(Opened)
    case stepActivated(StepActivated)
    case documentAttached(DocumentAttached)
    case stepCompleted(StepCompleted)
    case sentBack(SentBack)
    case closed(Closed)
    case note(Note)
    case branchArrived(BranchArrived)
    case clockStopped(ClockStopped)
    case clockResumed(ClockResumed)
    case dueShifted(DueShifted)
    case timerSet(TimerSet)
    case timerFired(TimerFired)
    case taskAssigned(TaskAssigned)
    case definitionChanged(DefinitionChanged)
    case stepMigrated(StepMigrated)

    /// The stable name stored with the event.
    public var type: String {
        switch self {
        case .opened: "case-opened"
        case .stepActivated: "step-activated"
        case .documentAttached: "document-attached"
        case .stepCompleted: "step-completed"
        case .sentBack: "step-sent-back"
        case .closed: "case-closed"
        case .note: "note"
        case .branchArrived: "branch-arrived"
        case .clockStopped: "clock-stopped"
        case .clockResumed: "clock-resumed"
        case .dueShifted: "due-shifted"
        case .timerSet: "timer-set"
        case .timerFired: "timer-fired"
        case .taskAssigned: "task-assigned"
        case .definitionChanged: "definition-changed"
        case .stepMigrated: "step-migrated"
        }
    }
}

extension CaseEvent: Codable {
    private enum Key: String, CodingKey { case type }

    /// `{"type": "step-completed", ...payload fields}`: flat, readable in the database.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(type, forKey: .type)
        switch self {
        case .opened(let p): try p.encode(to: encoder)
        case .stepActivated(let p): try p.encode(to: encoder)
        case .documentAttached(let p): try p.encode(to: encoder)
        case .stepCompleted(let p): try p.encode(to: encoder)
        case .sentBack(let p): try p.encode(to: encoder)
        case .closed(let p): try p.encode(to: encoder)
        case .note(let p): try p.encode(to: encoder)
        case .branchArrived(let p): try p.encode(to: encoder)
        case .clockStopped(let p): try p.encode(to: encoder)
        case .clockResumed(let p): try p.encode(to: encoder)
        case .dueShifted(let p): try p.encode(to: encoder)
        case .timerSet(let p): try p.encode(to: encoder)
        case .timerFired(let p): try p.encode(to: encoder)
        case .taskAssigned(let p): try p.encode(to: encoder)
        case .definitionChanged(let p): try p.encode(to: encoder)
        case .stepMigrated(let p): try p.encode(to: encoder)
        }
    }

    public init(from decoder: Decoder) throws {
        let type = try decoder.container(keyedBy: Key.self).decode(String.self, forKey: .type)
        switch type {
        case "case-opened": self = .opened(try .init(from: decoder))
        case "step-activated": self = .stepActivated(try .init(from: decoder))
        case "document-attached": self = .documentAttached(try .init(from: decoder))
        case "step-completed": self = .stepCompleted(try .init(from: decoder))
        case "step-sent-back": self = .sentBack(try .init(from: decoder))
        case "case-closed": self = .closed(try .init(from: decoder))
        case "note": self = .note(try .init(from: decoder))
        case "branch-arrived": self = .branchArrived(try .init(from: decoder))
        case "clock-stopped": self = .clockStopped(try .init(from: decoder))
        case "clock-resumed": self = .clockResumed(try .init(from: decoder))
        case "due-shifted": self = .dueShifted(try .init(from: decoder))
        case "timer-set": self = .timerSet(try .init(from: decoder))
        case "timer-fired": self = .timerFired(try .init(from: decoder))
        case "task-assigned": self = .taskAssigned(try .init(from: decoder))
        case "definition-changed": self = .definitionChanged(try .init(from: decoder))
        case "step-migrated": self = .stepMigrated(try .init(from: decoder))
        default:
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown event type '\(type)'"))
        }
    }
}

/// An event as recorded: which case, its position, when, and who.
public struct RecordedEvent: Sendable, Hashable, Codable {
    // `sequence` is declared first so that the synthesized memberwise initializer
    // (`init(sequence:caseID:…)`) exists beside the public one, which calls it. An explicit
    // initializer that assigns the optional strings itself leaves a copy and a destruction of
    // the whole event behind at every call (Swift 6.3's optimizer keeps that pair); the
    // synthesized one does not. Every event the interpreter emits goes through here.
    /// 1-based position in the case's stream; the case version after this event.
    public var sequence: Int
    public var caseID: String
    public var at: Instant
    /// Who acted (an officer's id); never a member of the public's personal data.
    public var actor: String?
    /// The role the actor acted in.
    public var role: String?
    public var event: CaseEvent

    /// The stored form names its fields in this order (as before `sequence` moved up).
    enum CodingKeys: String, CodingKey { case caseID, sequence, at, actor, role, event }
}

extension RecordedEvent {
    public init(caseID: String, sequence: Int, at: Instant, actor: String?, role: String?, event: CaseEvent) {
        self.init(sequence: sequence, caseID: caseID, at: at, actor: actor, role: role, event: event)
    }
}
