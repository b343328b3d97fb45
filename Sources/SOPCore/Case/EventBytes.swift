/// One stored event as borrowed UTF-8 columns: how exports stream millions of events from a
/// store without making a string per field. Valid only inside the call that receives it.
public struct EventBytes {
    public var caseID: UnsafeRawBufferPointer
    public var sequence: Int
    public var at: Instant
    /// The stable type name (``CaseEvent/type``).
    public var type: UnsafeRawBufferPointer
    public var actor: UnsafeRawBufferPointer?
    public var role: UnsafeRawBufferPointer?
    public var step: UnsafeRawBufferPointer?
    public var outcome: UnsafeRawBufferPointer?
    public var due: Instant?
    public var round: Int?
    public var officeSeconds: Int64?
    public var workingDays: Int?
    public var onTime: Bool?
    public var document: UnsafeRawBufferPointer?
    public var sha256: UnsafeRawBufferPointer?
    public var sopID: UnsafeRawBufferPointer?
    public var definitionHash: UnsafeRawBufferPointer?
    /// From the case's read model, given with its first event.
    public var caseStatus: UnsafeRawBufferPointer?
    public var caseRevisionRounds: Int?

    public init(caseID: UnsafeRawBufferPointer, sequence: Int, at: Instant, type: UnsafeRawBufferPointer) {
        self.caseID = caseID
        self.sequence = sequence
        self.at = at
        self.type = type
    }

    public enum Kind: Sendable {
        case opened, stepActivated, documentAttached, stepCompleted, sentBack, closed, note, unknown
    }

    /// The kind of event, told from its type name by length and one byte (no string compare).
    public var kind: Kind {
        switch (type.count, type.count > 5 ? type[5] : 0) {
        case (11, UInt8(ascii: "o")): .opened
        case (11, UInt8(ascii: "c")): .closed
        case (14, UInt8(ascii: "a")): .stepActivated
        case (14, UInt8(ascii: "c")): .stepCompleted
        case (14, UInt8(ascii: "s")): .sentBack
        case (17, UInt8(ascii: "e")): .documentAttached
        case (4, _): .note
        default: .unknown
        }
    }
}

extension RecordedEvent {
    /// This event as ``EventBytes`` (with the case's status and revision rounds when given),
    /// for code that handles events from memory and from a store alike.
    public func withBytes<R>(caseStatus: String? = nil, caseRevisionRounds: Int? = nil,
                             _ body: (EventBytes) throws -> R) rethrows -> R {
        var arena: [UInt8] = []
        var ranges: [String: Range<Int>] = [:]
        func put(_ key: String, _ value: String?) {
            guard let value else { return }
            let start = arena.count
            arena += value.utf8
            ranges[key] = start..<arena.count
        }
        put("case", caseID); put("type", event.type); put("actor", actor); put("role", role); put("status", caseStatus)
        var due: Instant?, round: Int?, seconds: Int64?, days: Int?, onTime: Bool?
        switch event {
        case .opened(let o): put("sop", o.sopID); put("hash", o.definitionHash); due = o.due
        case .stepActivated(let a): put("step", a.step); due = a.due; round = a.round
        case .documentAttached(let d): put("step", d.step); put("document", d.attachment.document); put("sha", d.attachment.sha256)
        case .stepCompleted(let c):
            put("step", c.step); put("outcome", c.outcome); seconds = c.officeSeconds; days = c.workingDays; onTime = c.onTime
        case .sentBack(let s): put("step", s.from); put("outcome", s.outcome); round = s.round
        case .closed(let c): put("step", c.step); put("outcome", c.resolution)
        case .note: break
        case .branchArrived(let b): put("step", b.join)
        case .clockStopped(let c): put("step", c.step)
        case .clockResumed(let c): put("step", c.step); seconds = c.officeSeconds
        case .dueShifted(let d): put("step", d.step); due = d.due; seconds = d.pausedOfficeSeconds
        case .timerSet(let t): put("step", t.step); due = t.at; round = t.timer
        case .timerFired(let t): put("step", t.step); put("outcome", t.action.rawValue); round = t.timer
        case .taskAssigned(let a): put("step", a.step)
        case .definitionChanged(let d): put("hash", d.definitionHash); due = d.due
        case .stepMigrated(let m): put("step", m.step); due = m.due
        }
        return try arena.withUnsafeBytes { all in
            func slice(_ key: String) -> UnsafeRawBufferPointer? {
                ranges[key].map { UnsafeRawBufferPointer(rebasing: all[$0]) }
            }
            var e = EventBytes(caseID: slice("case")!, sequence: sequence, at: at, type: slice("type")!)
            e.actor = slice("actor"); e.role = slice("role"); e.step = slice("step"); e.outcome = slice("outcome")
            e.document = slice("document"); e.sha256 = slice("sha"); e.sopID = slice("sop"); e.definitionHash = slice("hash")
            e.caseStatus = slice("status"); e.caseRevisionRounds = caseRevisionRounds
            e.due = due; e.round = round; e.officeSeconds = seconds; e.workingDays = days; e.onTime = onTime
            return try body(e)
        }
    }
}
