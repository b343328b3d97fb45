import SOPCore

/// A store that hands every call to another one: the base of a decorator that changes a few
/// calls (counts them, fails them, runs something between a read and a write) and forwards
/// the rest, whichever store is underneath.
public protocol ForwardingCaseStore: CaseStore {
    associatedtype Base: CaseStore
    var base: Base { get }
}

extension ForwardingCaseStore {
    public func saveDefinition(_ definition: SOPDefinition, hash: String) async throws { try await base.saveDefinition(definition, hash: hash) }
    public func definition(hash: String) async throws -> SOPDefinition? { try await base.definition(hash: hash) }
    public func saveCalendar(_ calendar: CalendarDefinition) async throws { try await base.saveCalendar(calendar) }
    public func calendar(id: String) async throws -> StoredCalendar? { try await base.calendar(id: id) }
    public func append(_ append: CaseAppend) async throws { try await base.append(append) }
    public func appendBatch(_ batch: [CaseAppend]) async throws { try await base.appendBatch(batch) }
    public func events(caseID: String) async throws -> [RecordedEvent] { try await base.events(caseID: caseID) }
    public func summary(caseID: String) async throws -> CaseSummary? { try await base.summary(caseID: caseID) }
    public func version(caseID: String) async throws -> Int? { try await base.version(caseID: caseID) }
    public func snapshot(caseID: String, knownVersion: Int?) async throws -> CaseSnapshot {
        try await base.snapshot(caseID: caseID, knownVersion: knownVersion)
    }
    public func snapshots(_ cases: [(caseID: String, knownVersion: Int?)]) async throws -> [String: CaseSnapshot] {
        try await base.snapshots(cases)
    }
    public func update<T: Sendable>(caseID: String, knownVersion: Int?,
                                    _ decide: @escaping @Sendable (CaseSnapshot) throws -> (CaseAppend, T)) async throws -> T {
        try await base.update(caseID: caseID, knownVersion: knownVersion, decide)
    }
    public func updateEach(_ cases: [(caseID: String, knownVersion: Int?)],
                           _ decide: @escaping @Sendable (String, CaseSnapshot) throws -> CaseAppend?) async throws -> [String: any Error] {
        try await base.updateEach(cases, decide)
    }
    public func cases(_ query: CaseQuery) async throws -> [CaseSummary] { try await base.cases(query) }
    public func listings(_ query: CaseQuery) async throws -> [CaseListing] { try await base.listings(query) }
    public func listing(caseID: String) async throws -> CaseListing? { try await base.listing(caseID: caseID) }
    public func casesWithDueTimers(at now: Instant, sopIDs: [String]?, limit: Int) async throws -> [String] {
        try await base.casesWithDueTimers(at: now, sopIDs: sopIDs, limit: limit)
    }
    public func actions(sopIDs: [String], limit: Int, offset: Int) async throws -> [CaseAction] {
        try await base.actions(sopIDs: sopIDs, limit: limit, offset: offset)
    }
    public func caseIDs() async throws -> [String] { try await base.caseIDs() }
    public func document(sha256: String) async throws -> [UInt8]? { try await base.document(sha256: sha256) }
}
