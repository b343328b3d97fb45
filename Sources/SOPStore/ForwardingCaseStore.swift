import SOPCore

/// A store that hands every call to another one: the base of a decorator that changes a few
/// calls (counts them, fails them, runs something between a read and a write) and forwards
/// the rest, whichever store is underneath.
public protocol ForwardingCaseStore: CaseStore {
    associatedtype Base: CaseStore
    var base: Base { get }
}

extension ForwardingCaseStore {
    public func saveDefinition(_ definition: SOPDefinition, hash: String) throws { try base.saveDefinition(definition, hash: hash) }
    public func definition(hash: String) throws -> SOPDefinition? { try base.definition(hash: hash) }
    public func saveCalendar(_ calendar: CalendarDefinition) throws { try base.saveCalendar(calendar) }
    public func calendar(id: String) throws -> StoredCalendar? { try base.calendar(id: id) }
    public func append(_ append: CaseAppend) throws { try base.append(append) }
    public func appendBatch(_ batch: [CaseAppend]) throws { try base.appendBatch(batch) }
    public func events(caseID: String) throws -> [RecordedEvent] { try base.events(caseID: caseID) }
    public func summary(caseID: String) throws -> CaseSummary? { try base.summary(caseID: caseID) }
    public func version(caseID: String) throws -> Int? { try base.version(caseID: caseID) }
    public func snapshot(caseID: String, knownVersion: Int?) throws -> CaseSnapshot {
        try base.snapshot(caseID: caseID, knownVersion: knownVersion)
    }
    public func snapshots(_ cases: [(caseID: String, knownVersion: Int?)]) throws -> [String: CaseSnapshot] {
        try base.snapshots(cases)
    }
    public func update(caseID: String, knownVersion: Int?, _ decide: (CaseSnapshot) throws -> CaseAppend) throws {
        try base.update(caseID: caseID, knownVersion: knownVersion, decide)
    }
    public func updateEach(_ cases: [(caseID: String, knownVersion: Int?)],
                           _ decide: (String, CaseSnapshot) throws -> CaseAppend?) throws -> [String: any Error] {
        try base.updateEach(cases, decide)
    }
    public func cases(_ query: CaseQuery) throws -> [CaseSummary] { try base.cases(query) }
    public func listings(_ query: CaseQuery) throws -> [CaseListing] { try base.listings(query) }
    public func listing(caseID: String) throws -> CaseListing? { try base.listing(caseID: caseID) }
    public func casesWithDueTimers(at now: Instant, sopIDs: [String]?, limit: Int) throws -> [String] {
        try base.casesWithDueTimers(at: now, sopIDs: sopIDs, limit: limit)
    }
    public func actions(sopIDs: [String], limit: Int, offset: Int) throws -> [CaseAction] {
        try base.actions(sopIDs: sopIDs, limit: limit, offset: offset)
    }
    public func caseIDs() throws -> [String] { try base.caseIDs() }
    public func document(sha256: String) throws -> [UInt8]? { try base.document(sha256: sha256) }
}
