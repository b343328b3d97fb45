/// The first place a case's stored history disagrees with its chain.
public struct ChainBreak: Sendable, Hashable, Codable {
    public enum Problem: String, Sendable, Hashable, Codable {
        /// The event's stored fields (or its stored link) changed after it was written.
        case changed
        /// An event is missing: the sequence jumps, or the case's read model counts more events.
        case missing
        /// No link is stored with the event.
        case unlinked
        /// The read model counts fewer events than the log holds, or has no row for the case.
        case extra
    }

    public var caseID: String
    /// The sequence number of the first event that breaks the chain (for a missing event,
    /// the one that should be there).
    public var sequence: Int
    public var problem: Problem
    /// What differs, in words.
    public var detail: String

    public init(caseID: String, sequence: Int, problem: Problem, detail: String) {
        self.caseID = caseID
        self.sequence = sequence
        self.problem = problem
        self.detail = detail
    }
}

/// Checks stored events against ``EventChain``, one event at a time, in the order of case id
/// then sequence: memory stays constant however long the log is. A store feeds it its rows
/// (``visit(caseID:sequence:fields:storedLink:)``) and the read model's count of events per
/// case (``finish(caseID:version:)``), and collects the first break of each case.
public struct ChainWalk: Sendable {
    public private(set) var cases = 0
    public private(set) var events = 0
    public private(set) var breaks: [ChainBreak] = []

    private var current: String?
    private var previous: EventChain.Link = []
    private var expected = 1
    private var broken = false

    public init() {}

    /// The next stored event. Returns the break it reveals, if it is its case's first.
    @discardableResult
    public mutating func visit(caseID: String, sequence: Int, fields: [StoredValue], storedLink: String?) -> ChainBreak? {
        events += 1
        if caseID != current {
            current = caseID
            cases += 1
            broken = false
            expected = 1
            var hash = ""
            if fields.count > RecordedEvent.definitionHashField, case .text(let h) = fields[RecordedEvent.definitionHashField] { hash = h }
            previous = EventChain.genesis(caseID: caseID, definitionHash: hash)
        }
        guard !broken else { return nil }
        if sequence != expected {
            let detail = sequence > expected
                ? "event \(expected) is missing: after event \(expected - 1) comes event \(sequence)"
                : "event \(sequence) comes again after event \(expected - 1)"
            return record(ChainBreak(caseID: caseID, sequence: min(expected, sequence), problem: .missing, detail: detail))
        }
        expected += 1
        let computed = EventChain.link(previous, fields)
        guard let storedLink else {
            return record(ChainBreak(caseID: caseID, sequence: sequence, problem: .unlinked, detail: "the event has no stored chain hash"))
        }
        guard EventChain.link(hex: storedLink) == computed else {
            return record(ChainBreak(
                caseID: caseID, sequence: sequence, problem: .changed,
                detail: "stored chain hash \(storedLink.prefix(16))… differs from \(EventChain.hex(computed).prefix(16))…, "
                    + "the hash of the event's stored fields after event \(sequence - 1): the event was changed after it was written"))
        }
        previous = computed
        return nil
    }

    /// The end of case `caseID`'s events, with the number of events its read model counts
    /// (nil when it has no read-model row).
    @discardableResult
    public mutating func finish(caseID: String, version: Int?) -> ChainBreak? {
        guard caseID == current, !broken else { return nil }
        let last = expected - 1
        guard let version else {
            return record(ChainBreak(caseID: caseID, sequence: 1, problem: .extra, detail: "the case has events but no read-model row"))
        }
        if version > last {
            return record(ChainBreak(caseID: caseID, sequence: last + 1, problem: .missing,
                                     detail: "the case counts \(version) events but its log ends at event \(last)"))
        }
        if version < last {
            return record(ChainBreak(caseID: caseID, sequence: version + 1, problem: .extra,
                                     detail: "the case counts \(version) events but its log goes on to event \(last)"))
        }
        return nil
    }

    /// A case the read model knows that has no stored event at all.
    @discardableResult
    public mutating func noEvents(caseID: String, version: Int) -> ChainBreak {
        cases += 1
        return record(ChainBreak(caseID: caseID, sequence: 1, problem: .missing,
                                 detail: "the case counts \(version) events but none is stored"))
    }

    private mutating func record(_ b: ChainBreak) -> ChainBreak {
        broken = true
        breaks.append(b)
        return b
    }
}
