import SOPCore
import SOPStore

/// The asynchronous store seam over SQLite's synchronous calls: a write (which may wait for
/// the writer and its group commit) runs on a ``StoreThreads`` thread, never holding one of
/// Swift's cooperative threads while it waits; a read runs where it is awaited (WAL readers do
/// not wait for the writer). The synchronous calls stay for the commands and tools that hold
/// this store itself.
extension SQLiteCaseStore: CaseStore {
    public func saveDefinition(_ definition: SOPDefinition, hash: String) async throws {
        try await StoreThreads.run { try self.saveDefinition(definition, hash: hash) }
    }

    public func definition(hash: String) async throws -> SOPDefinition? { try here { try self.definition(hash: hash) } }

    public func saveCalendar(_ calendar: CalendarDefinition) async throws {
        try await StoreThreads.run { try self.saveCalendar(calendar) }
    }

    public func calendar(id: String) async throws -> StoredCalendar? { try here { try self.calendar(id: id) } }

    public func append(_ append: CaseAppend) async throws {
        try await StoreThreads.run { try self.append(append) }
    }

    public func appendBatch(_ batch: [CaseAppend]) async throws {
        try await StoreThreads.run { try self.appendBatch(batch) }
    }

    public func events(caseID: String) async throws -> [RecordedEvent] { try here { try self.events(caseID: caseID) } }
    public func summary(caseID: String) async throws -> CaseSummary? { try here { try self.summary(caseID: caseID) } }
    public func version(caseID: String) async throws -> Int? { try here { try self.version(caseID: caseID) } }

    public func snapshot(caseID: String, knownVersion: Int?) async throws -> CaseSnapshot {
        try here { try self.snapshot(caseID: caseID, knownVersion: knownVersion) }
    }

    public func snapshots(_ cases: [(caseID: String, knownVersion: Int?)]) async throws -> [String: CaseSnapshot] {
        try here { try self.snapshots(cases) }
    }

    public func update<T: Sendable>(caseID: String, knownVersion: Int?,
                                    _ decide: @escaping @Sendable (CaseSnapshot) throws -> (CaseAppend, T)) async throws -> T {
        try await StoreThreads.run {
            var answer: T?
            try self.update(caseID: caseID, knownVersion: knownVersion) { snapshot in
                let (item, decided) = try decide(snapshot)
                answer = decided
                return item
            }
            return answer!
        }
    }

    public func updateEach(_ cases: [(caseID: String, knownVersion: Int?)],
                           _ decide: @escaping @Sendable (String, CaseSnapshot) throws -> CaseAppend?) async throws -> [String: any Error] {
        let cases = cases.map { Pair(caseID: $0.caseID, knownVersion: $0.knownVersion) }
        return try await StoreThreads.run { try self.updateEach(cases.map { ($0.caseID, $0.knownVersion) }, decide) }
    }

    public func cases(_ query: CaseQuery) async throws -> [CaseSummary] { try here { try self.cases(query) } }
    public func listings(_ query: CaseQuery) async throws -> [CaseListing] { try here { try self.listings(query) } }
    public func listing(caseID: String) async throws -> CaseListing? { try here { try self.listing(caseID: caseID) } }

    public func casesWithDueTimers(at now: Instant, sopIDs: [String]?, limit: Int) async throws -> [String] {
        try here { try self.casesWithDueTimers(at: now, sopIDs: sopIDs, limit: limit) }
    }

    public func actions(sopIDs: [String], limit: Int, offset: Int) async throws -> [CaseAction] {
        try here { try self.actions(sopIDs: sopIDs, limit: limit, offset: offset) }
    }

    public func caseIDs() async throws -> [String] { try here { try self.caseIDs() } }
    public func document(sha256: String) async throws -> [UInt8]? { try here { try self.document(sha256: sha256) } }

    /// Runs `body` where it is: in its synchronous context, the calls in it are the store's
    /// synchronous ones, not these.
    func here<T>(_ body: () throws -> T) rethrows -> T { try body() }

    /// A case id with the version its caller knows (a tuple is not `Sendable` across threads).
    private struct Pair: Sendable { var caseID: String; var knownVersion: Int? }
}
