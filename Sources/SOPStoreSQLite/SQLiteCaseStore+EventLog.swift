import SOPCore
import SOPStore

/// The event log over SQLite: read where it is awaited (WAL readers do not wait for the
/// writer; the report reads its parts on every core itself).
extension SQLiteCaseStore: EventLog {
    public func report(limits: [LegalLimit], now: Instant) async throws -> CaseReport {
        try here { try self.report(limits: limits, now: now, parts: nil) }
    }

    public func forEachEventBytes(_ body: (EventBytes) throws -> Void) async throws {
        try here { try self.forEachEventBytes(body) }
    }

    public func storedDefinitions() async throws -> [String: SOPDefinition] {
        try here { try self.storedDefinitions() }
    }
}
