/// Reading an event back from the fields a store keeps (``RecordedEvent/storedFields``), in
/// the order of ``RecordedEvent/storedFieldNames``: one decoder for every store. A store gives
/// typed reads of its row (each throwing its own error for a value of the wrong kind) and the
/// errors for a missing value and an unknown type, so its messages name its table and column.
public protocol StoredEventFields {
    /// Text at `index`, nil for NULL; throws for a value that is not text.
    func text(_ index: Int) throws -> String?
    /// An integer at `index`, nil for NULL; throws for a value that is not an integer.
    func int64(_ index: Int) throws -> Int64?
    /// The error for NULL at `index`, where the event's type needs a value.
    func missing(_ index: Int) -> any Error
    /// The error for a row whose `type` (or timer action) is not one this engine knows.
    func unknown(_ what: String) -> any Error
}

/// Typed reads every store's fields have, built on ``StoredEventFields/text(_:)`` and
/// ``StoredEventFields/int64(_:)``.
extension StoredEventFields {
    public func required(_ index: Int) throws -> String {
        guard let v = try text(index) else { throw missing(index) }
        return v
    }
    public func requiredInt64(_ index: Int) throws -> Int64 {
        guard let v = try int64(index) else { throw missing(index) }
        return v
    }
    public func int(_ index: Int) throws -> Int? { try int64(index).map { Int(truncatingIfNeeded: $0) } }
    public func requiredInt(_ index: Int) throws -> Int { Int(truncatingIfNeeded: try requiredInt64(index)) }
    /// A boolean is stored as the integer 0 or 1.
    public func bool(_ index: Int) throws -> Bool? { try int64(index).map { $0 != 0 } }
    public func instant(_ index: Int) throws -> Instant? { try int64(index).map(Instant.init(secondsSinceEpoch:)) }
}

extension RecordedEvent {
    /// The event of case `caseID` at `sequence` stored in `r` (columns 2 onwards: `at`, `type`,
    /// then the rest of ``storedFieldNames``).
    public init(caseID: String, sequence: Int, fields r: some StoredEventFields) throws {
        let at = Instant(secondsSinceEpoch: try r.requiredInt64(2))
        let type = try r.required(3)
        let actor = try r.text(4), role = try r.text(5)
        let event: CaseEvent
        switch type {
        case "case-opened":
            event = .opened(.init(sopID: try r.required(20), definitionHash: try r.required(21), calendarID: try r.required(22), due: try r.instant(8)))
        case "step-activated":
            event = .stepActivated(.init(step: try r.required(6), due: try r.instant(8), round: try r.requiredInt(9)))
        case "document-attached":
            event = .documentAttached(.init(step: try r.text(6), attachment: DocumentAttachment(
                document: try r.required(13), sha256: try r.required(14), name: try r.required(15), mediaType: try r.required(16),
                size: try r.requiredInt(17))))
        case "step-completed":
            event = .stepCompleted(.init(step: try r.required(6), outcome: try r.text(7), officeSeconds: try r.requiredInt64(10),
                                         workingDays: try r.requiredInt(11), onTime: try r.bool(12)))
        case "step-sent-back":
            event = .sentBack(.init(from: try r.required(18), to: try r.required(19), outcome: try r.required(7), round: try r.requiredInt(9)))
        case "case-closed":
            event = .closed(.init(step: try r.required(6), resolution: try r.text(7)))
        case "note":
            event = .note(.init(text: try r.required(23)))
        case "branch-arrived":
            event = .branchArrived(.init(join: try r.required(6), from: try r.required(18)))
        case "clock-stopped":
            event = .clockStopped(.init(step: try r.required(6)))
        case "clock-resumed":
            event = .clockResumed(.init(step: try r.required(6), officeSeconds: try r.requiredInt64(10)))
        case "due-shifted":
            event = .dueShifted(.init(step: try r.text(6), due: try r.instant(8), pausedOfficeSeconds: try r.int64(10)))
        case "timer-set":
            guard let at = try r.instant(8) else { throw r.missing(8) }
            event = .timerSet(.init(step: try r.required(6), timer: try r.requiredInt(9), at: at))
        case "timer-fired":
            guard let action = StepTimer.Action(rawValue: try r.required(7)) else { throw r.unknown("timer action") }
            event = .timerFired(.init(step: try r.required(6), timer: try r.requiredInt(9), action: action, to: try r.text(23)))
        case "task-assigned":
            event = .taskAssigned(.init(step: try r.required(6), officer: try r.text(19), substituteFor: try r.text(18)))
        case "definition-changed":
            event = .definitionChanged(.init(fromHash: try r.required(23), definitionHash: try r.required(21), due: try r.instant(8)))
        case "step-migrated":
            event = .stepMigrated(.init(step: try r.required(6), from: try r.required(18), due: try r.instant(8)))
        default:
            throw r.unknown("event type")
        }
        self.init(caseID: caseID, sequence: sequence, at: at, actor: actor, role: role, event: event)
    }
}
