import SOPCore

/// Where cases live. The interpreter never touches storage; the service appends the events
/// it decides through this protocol. Asynchronous, so that a networked database fits and a
/// store that waits (for its writer, a group commit or the network) never holds one of
/// Swift's cooperative threads.
public protocol CaseStore: Sendable {
    /// Records a definition under its content hash (idempotent).
    func saveDefinition(_ definition: SOPDefinition, hash: String) async throws
    func definition(hash: String) async throws -> SOPDefinition?
    /// Records the current version of a calendar (replacing an older one with the same id
    /// and raising its revision when the content changed).
    func saveCalendar(_ calendar: CalendarDefinition) async throws
    func calendar(id: String) async throws -> StoredCalendar?

    /// Appends `events` to a case whose stream is at `expectedVersion` (0 for a new case),
    /// updating the read model to `summary` in the same transaction. Throws
    /// ``CaseError/conflict(caseID:expected:actual:)`` when another writer got there first.
    /// Documents the events attach are stored in the same transaction.
    func append(_ append: CaseAppend) async throws
    /// Several appends in one transaction: all of them or none.
    func appendBatch(_ batch: [CaseAppend]) async throws
    func events(caseID: String) async throws -> [RecordedEvent]
    func summary(caseID: String) async throws -> CaseSummary?
    /// The case's current version (its number of events), nil for an unknown case. Cheap: lets
    /// a caller reuse a state it already holds instead of replaying the events.
    func version(caseID: String) async throws -> Int?
    /// In one read: the case's version, its events unless `knownVersion` is already current,
    /// and the revision of its calendar (the check before reusing a cached state and a
    /// compiled calendar).
    func snapshot(caseID: String, knownVersion: Int?) async throws -> CaseSnapshot
    /// ``snapshot(caseID:knownVersion:)`` of several cases, read together (cases not stored
    /// are left out).
    func snapshots(_ cases: [(caseID: String, knownVersion: Int?)]) async throws -> [String: CaseSnapshot]
    /// Reads the case as ``snapshot(caseID:knownVersion:)`` does, lets `decide` say what to
    /// append, and appends it, in one write transaction: the decision is made on the state it
    /// is stored after, and a refusal thrown by `decide` changes nothing.
    /// `decide` also answers what the caller wants back (the state after the events), returned
    /// once the append is stored.
    func update<T: Sendable>(caseID: String, knownVersion: Int?,
                             _ decide: @escaping @Sendable (CaseSnapshot) throws -> (CaseAppend, T)) async throws -> T
    /// ``update(caseID:knownVersion:_:)`` for many cases in one write transaction (one sync
    /// for all of them): each case is read, decided (nil: nothing to append) and appended on
    /// its own, and a case whose decision or append is refused changes nothing while the others
    /// are stored. Returns the refusals by case id; a failure of the database itself throws.
    func updateEach(_ cases: [(caseID: String, knownVersion: Int?)],
                    _ decide: @escaping @Sendable (String, CaseSnapshot) throws -> CaseAppend?) async throws -> [String: any Error]
    /// Cases from the read model, oldest first.
    func cases(_ query: CaseQuery) async throws -> [CaseSummary]
    /// Cases from the read model with their activity (every active step), oldest first.
    func listings(_ query: CaseQuery) async throws -> [CaseListing]
    /// One case's read-model row with its activity.
    func listing(caseID: String) async throws -> CaseListing?
    /// Open cases whose next timer is due by `now`, earliest timer first (the timer runner's work).
    func casesWithDueTimers(at now: Instant, sopIDs: [String]?, limit: Int) async throws -> [String]
    /// Who did what: the completions, attachments and notes made acting in a role (an officer,
    /// or the public in the applicant's role) on cases of `sopIDs`, newest first (by time, then
    /// case and position).
    func actions(sopIDs: [String], limit: Int, offset: Int) async throws -> [CaseAction]
    /// Every case id, for replays.
    func caseIDs() async throws -> [String]

    func document(sha256: String) async throws -> [UInt8]?
}

extension CaseStore {
    public func snapshots(_ cases: [(caseID: String, knownVersion: Int?)]) async throws -> [String: CaseSnapshot] {
        var result: [String: CaseSnapshot] = [:]
        for (caseID, known) in cases {
            let snapshot = try await snapshot(caseID: caseID, knownVersion: known)
            if snapshot.version != nil { result[caseID] = snapshot }
        }
        return result
    }

    /// Read, then append with the version check: correct for any store, one transaction
    /// fewer where a store can do both at once.
    public func update<T: Sendable>(caseID: String, knownVersion: Int?,
                                    _ decide: @escaping @Sendable (CaseSnapshot) throws -> (CaseAppend, T)) async throws -> T {
        let (item, answer) = try decide(try await snapshot(caseID: caseID, knownVersion: knownVersion))
        try await append(item)
        return answer
    }

    /// One ``update(caseID:knownVersion:_:)`` per case: correct for any store.
    public func updateEach(_ cases: [(caseID: String, knownVersion: Int?)],
                           _ decide: @escaping @Sendable (String, CaseSnapshot) throws -> CaseAppend?) async throws -> [String: any Error] {
        var refused: [String: any Error] = [:]
        for (caseID, known) in cases {
            do {
                try await update(caseID: caseID, knownVersion: known) { snapshot in
                    guard let item = try decide(caseID, snapshot) else { throw NothingToAppend() }
                    return (item, ())
                }
            } catch is NothingToAppend {
                continue
            } catch let error as StoreError where error.kind == .unavailable {
                throw error
            } catch {
                refused[caseID] = error
            }
        }
        return refused
    }
}

extension CaseStore {
    /// A store without an activity read model lists what its summaries tell.
    public func listings(_ query: CaseQuery) async throws -> [CaseListing] {
        try await cases(query).map { CaseListing(summary: $0, activity: CaseActivity($0)) }
    }

    public func listing(caseID: String) async throws -> CaseListing? {
        try await summary(caseID: caseID).map { CaseListing(summary: $0, activity: CaseActivity($0)) }
    }

    /// A store without an audit query says so, rather than "nobody did anything".
    public func actions(sopIDs: [String], limit: Int, offset: Int) async throws -> [CaseAction] {
        throw StoreError.unavailable("\(type(of: self))", reason: "this store keeps no audit query")
    }

    /// A store that keeps no timer instants cannot run timers: said so, rather than "nothing due".
    public func casesWithDueTimers(at now: Instant, sopIDs: [String]?, limit: Int) async throws -> [String] {
        throw StoreError.unavailable("\(type(of: self))", reason: "this store keeps no timer instants")
    }
}

/// A decision of ``CaseStore/updateEach(_:_:)`` to append nothing (the default implementation's signal).
private struct NothingToAppend: Error {}

/// One write to a case: its new events, the read-model row after them, and the bytes of
/// any document they attach (stored once per content).
public struct CaseAppend: Sendable {
    public var events: [RecordedEvent]
    /// The case version the events were decided on (0 for a new case).
    public var expectedVersion: Int
    public var summary: CaseSummary
    public var documents: [StoredDocument]
    /// When opening a case: the definition it is pinned to and the calendar it runs on,
    /// stored in the same transaction (so a refused opening changes nothing).
    public var definition: (definition: SOPDefinition, hash: String)?
    public var calendar: CalendarDefinition?
    /// The case's active steps, pause, resolution and next timer after the events; nil: only
    /// what `summary` tells (``CaseActivity/init(_:)-summary``). Writers with the case's state
    /// and machine give it (``init(events:expectedVersion:state:machine:documents:definition:calendar:)``).
    public var activity: CaseActivity?
    /// The events' stored columns with their chain links, computed ahead of the write (off its
    /// lock) from the link they follow; the store uses them only when that is still the link.
    package var chained: (after: EventChain.Link, rows: [[StoredValue]])?

    public init(events: [RecordedEvent], expectedVersion: Int, summary: CaseSummary, documents: [StoredDocument] = [],
                definition: (definition: SOPDefinition, hash: String)? = nil, calendar: CalendarDefinition? = nil,
                activity: CaseActivity? = nil) {
        self.activity = activity
        self.events = events
        self.expectedVersion = expectedVersion
        self.summary = summary
        self.documents = documents
        self.definition = definition
        self.calendar = calendar
    }
}

/// What ``CaseStore/snapshot(caseID:knownVersion:)`` read.
public struct CaseSnapshot: Sendable {
    /// Nil for an unknown case.
    public var version: Int?
    /// Nil when the caller's known version is current.
    public var events: [RecordedEvent]?
    public var calendarRevision: Int?
    /// The chain link of the event at `version`, when the store read it (nil: not read).
    public var chainLink: EventChain.Link?

    public init(version: Int?, events: [RecordedEvent]?, calendarRevision: Int?, chainLink: EventChain.Link? = nil) {
        self.version = version
        self.events = events
        self.calendarRevision = calendarRevision
        self.chainLink = chainLink
    }
}

/// A calendar as stored, with a revision that changes whenever its content does (so compiled
/// calendars can be cached and still follow a new holiday decree).
public struct StoredCalendar: Sendable {
    public var definition: CalendarDefinition
    public var revision: Int

    public init(definition: CalendarDefinition, revision: Int) {
        self.definition = definition
        self.revision = revision
    }
}

/// Document bytes under their content address.
public struct StoredDocument: Sendable, Hashable {
    public var sha256: String
    public var mediaType: String
    public var bytes: [UInt8]

    public init(bytes: [UInt8], mediaType: String) {
        self.sha256 = SHA256.hex(bytes)
        self.mediaType = mediaType
        self.bytes = bytes
    }
}

/// A read-model query.
public struct CaseQuery: Sendable, Hashable {
    public var status: CaseState.Status?
    /// Only open cases with an active step this role may complete (its actor, an alternative
    /// actor, or a role an escalation gave it).
    public var role: String?
    /// Only open cases with an agency step overdue (judged when the agency's clock stopped
    /// while the file is with the applicant; an applicant's step is never the agency's delay).
    public var overdue: OverdueFilter?
    /// Only cases of these SOPs (a deployment's own, when databases are shared); nil for all.
    public var sopIDs: [String]?
    public var limit: Int
    /// Cases to skip first, for paging.
    public var offset: Int

    public init(status: CaseState.Status? = nil, role: String? = nil, overdue: OverdueFilter? = nil, sopIDs: [String]? = nil,
                limit: Int = 1000, offset: Int = 0) {
        self.status = status
        self.role = role
        self.overdue = overdue
        self.sopIDs = sopIDs
        self.limit = limit
        self.offset = offset
    }
}

/// Open cases overdue at an instant by the office-time rule of ``WorkingCalendar/isOverdue(due:at:)``:
/// a case is overdue when its active step was due before the cutoff of its SOP's calendar
/// (``WorkingCalendar/overdueCutoff(at:)``); an SOP without a cutoff here compares with `now`.
public struct OverdueFilter: Sendable, Hashable {
    public var now: Instant
    /// Cutoffs by SOP id.
    public var cutoffs: [String: Instant]

    public init(now: Instant, cutoffs: [String: Instant] = [:]) {
        self.now = now
        self.cutoffs = cutoffs
    }

    /// The cutoffs of each SOP's calendar at `now`.
    public init(now: Instant, calendars: [(sopID: String, calendar: WorkingCalendar)]) {
        self.init(now: now, cutoffs: Dictionary(calendars.map { ($0.sopID, $0.calendar.overdueCutoff(at: now)) }, uniquingKeysWith: min))
    }
}

/// Problems of the store itself, as opposed to refused actions (``CaseError``).
public enum StoreError: CodedError, Equatable {
    case notADatabase(String)
    /// No database at the path, for a command that only reads or continues cases.
    case missing(String)
    /// An SQLite database of some other program.
    case foreignDatabase(String)
    case newerSchema(String, unknownMigrations: [String])
    case unavailable(String, reason: String)
    case corrupt(String)
    /// An empty file, or an SQLite file without tables, given to a command that does not create databases.
    case notSOPDatabase(String)
    /// A database this process may not write (file mode, folder or mount), for a command that writes.
    case readOnly(String)
    /// A migrations table or schema that no sop-engine writes.
    case damagedSchema(String, reason: String)
    /// A database of an earlier sop-engine, opened read-only: it needs its migrations applied first.
    case olderSchema(String, pendingMigrations: [String])
    /// A backup or restore would write over a file that is already there.
    case fileExists(String)
    /// A backup file that fails its check (integrity, schema or a case's event chain): not restored.
    case damagedBackup(String, reason: String)

    public var code: String {
        switch self {
        case .notADatabase: "not-a-database"
        case .missing: "no-database"
        case .foreignDatabase: "foreign-database"
        case .newerSchema: "newer-database"
        case .unavailable: "store-unavailable"
        case .corrupt: "store-corrupt"
        case .notSOPDatabase: "not-an-sop-database"
        case .readOnly: "read-only-database"
        case .damagedSchema: "damaged-database"
        case .olderSchema: "older-database"
        case .fileExists: "file-exists"
        case .damagedBackup: "damaged-backup"
        }
    }

    /// A database that cannot be used is the service's problem, never the caller's: to a client
    /// of the server it is "unavailable"; a command line reports it and exits like any refusal.
    /// Stored data that cannot be read is a fault.
    public var kind: ErrorKind {
        switch self {
        case .notADatabase, .missing, .foreignDatabase, .newerSchema, .unavailable, .notSOPDatabase, .readOnly, .olderSchema,
             .damagedSchema: .unavailable
        case .fileExists: .conflict
        case .damagedBackup: .invalid
        case .corrupt: .internal
        }
    }

    public var description: String {
        switch self {
        case .notADatabase(let p): "\(p) is not an SQLite database (nothing was changed)"
        case .missing(let p): "there is no database at \(p); opening a case creates one"
        case .foreignDatabase(let p): "\(p) is an SQLite database of another program, not of sop-engine (nothing was changed)"
        case .newerSchema(let p, let m):
            "\(p) was written by a newer sop-engine (unknown migrations: \(m.joined(separator: ", "))); upgrade sop-engine to use it (nothing was changed)"
        case .unavailable(let p, let reason): "cannot open \(p): \(reason)"
        case .corrupt(let what): "stored data cannot be read: \(what)"
        case .notSOPDatabase(let p): "\(p) is not a database of sop-engine: it is empty or has no tables (nothing was changed)"
        case .readOnly(let p): "\(p) is read-only (its file, folder or file system): nothing can be recorded there, and nothing was changed"
        case .damagedSchema(let p, let reason): "\(p) is damaged or not a database of sop-engine: \(reason) (nothing was changed)"
        case .olderSchema(let p, let m):
            "\(p) was written by an earlier sop-engine and is read-only here; it needs the migrations \(m.joined(separator: ", ")), applied the first time it is opened for writing (nothing was changed)"
        case .fileExists(let p): "\(p) already exists (nothing was changed); choose another file, or force it to keep the file aside and write the new one"
        case .damagedBackup(let p, let reason): "\(p) fails its check and was not restored: \(reason) (nothing was changed)"
        }
    }
}

extension CaseAppend {
    /// Computes ``chained``: each event's stored columns and chain link after `link`.
    package mutating func chain(after link: EventChain.Link) {
        chained = (link, Self.chainedRows(events, after: link))
    }

    /// The rows a store inserts for `events` following `link`: each event's stored columns,
    /// then the hex of its chain link.
    package static func chainedRows(_ events: [RecordedEvent], after link: EventChain.Link) -> [[StoredValue]] {
        var last = link
        return events.map { e in
            var fields = e.storedFields
            last = EventChain.link(last, fields)
            fields.append(.text(EventChain.hex(last)))
            return fields
        }
    }
}

/// One entry of the audit (``CaseStore/actions(sopIDs:limit:offset:)``): an event made acting
/// in a role, with the SOP of its case.
public struct CaseAction: Sendable, Hashable {
    public var sopID: String
    public var event: RecordedEvent

    public init(sopID: String, event: RecordedEvent) {
        self.sopID = sopID
        self.event = event
    }
}
