import SOPCore

/// Where cases live. The interpreter never touches storage; the service appends the events
/// it decides through this protocol, so a PostgreSQL store can follow the SQLite one.
public protocol CaseStore: Sendable {
    /// Records a definition under its content hash (idempotent).
    func saveDefinition(_ definition: SOPDefinition, hash: String) throws
    func definition(hash: String) throws -> SOPDefinition?
    /// Records the current version of a calendar (replacing an older one with the same id).
    func saveCalendar(_ calendar: CalendarDefinition) throws
    func calendar(id: String) throws -> CalendarDefinition?

    /// Appends `events` to a case whose stream is at `expectedVersion` (0 for a new case),
    /// updating the read model to `summary` in the same transaction. Throws
    /// ``CaseError/conflict(caseID:expected:actual:)`` when another writer got there first.
    func append(_ events: [RecordedEvent], expectedVersion: Int, summary: CaseSummary) throws
    /// Several appends in one transaction: all of them or none.
    func appendBatch(_ batch: [(events: [RecordedEvent], expectedVersion: Int, summary: CaseSummary)]) throws
    func events(caseID: String) throws -> [RecordedEvent]
    func summary(caseID: String) throws -> CaseSummary?
    /// Cases from the read model, oldest first.
    func cases(_ query: CaseQuery) throws -> [CaseSummary]
    /// Every case id, for replays.
    func caseIDs() throws -> [String]

    /// Stores bytes under their SHA-256 (once) and returns the address.
    func putDocument(_ bytes: [UInt8], mediaType: String) throws -> String
    func document(sha256: String) throws -> [UInt8]?
}

/// A read-model query.
public struct CaseQuery: Sendable, Hashable {
    public var status: CaseState.Status?
    /// Only cases waiting on this role.
    public var role: String?
    /// Only open cases whose active step was due before this instant.
    public var overdueAt: Instant?
    public var limit: Int

    public init(status: CaseState.Status? = nil, role: String? = nil, overdueAt: Instant? = nil, limit: Int = 1000) {
        self.status = status
        self.role = role
        self.overdueAt = overdueAt
        self.limit = limit
    }
}

/// Problems of the store itself, as opposed to refused actions (``CaseError``).
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case notADatabase(String)
    case newerSchema(String, unknownMigrations: [String])
    case unavailable(String, reason: String)
    case corrupt(String)

    public var description: String {
        switch self {
        case .notADatabase(let p): "\(p) is not an SQLite database (nothing was changed)"
        case .newerSchema(let p, let m):
            "\(p) was written by a newer sop-engine (unknown migrations: \(m.joined(separator: ", "))); upgrade sop-engine to use it (nothing was changed)"
        case .unavailable(let p, let reason): "cannot open \(p): \(reason)"
        case .corrupt(let what): "stored data cannot be read: \(what)"
        }
    }
}
