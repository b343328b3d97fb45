import Foundation
import SOPCore

/// The thin shell around the interpreter: loads a case, lets ``CaseMachine`` decide, stores
/// the events (and documents) in one transaction, then tells an observer.
///
/// Every call is one short read and one short write, awaited on the store (which keeps its
/// waiting off Swift's cooperative threads); deciding is the pure interpreter's.
public struct CaseService: Sendable {
    /// A file uploaded with an action, before it is stored.
    public struct Upload: Sendable {
        public var document: String
        public var name: String
        public var mediaType: String
        public var bytes: [UInt8]

        public init(document: String, name: String, mediaType: String, bytes: [UInt8]) {
            self.document = document
            self.name = name
            self.mediaType = mediaType
            self.bytes = bytes
        }
    }

    public let store: any CaseStore
    /// States and compiled machines already built, checked against the store's case version
    /// and calendar revision before reuse; shared by copies of this service.
    let cache = CaseCache()
    /// The current time; injected so tests and demos are repeatable.
    public let clock: @Sendable () -> Instant
    /// Largest document accepted, in bytes.
    public var documentLimit: Int
    /// Called after events are stored (for notifications); never with personal data beyond ids.
    public var observer: (@Sendable ([RecordedEvent]) -> Void)?

    public init(store: any CaseStore, clock: @escaping @Sendable () -> Instant, documentLimit: Int = 10 << 20,
                observer: (@Sendable ([RecordedEvent]) -> Void)? = nil) {
        self.store = store
        self.clock = clock
        self.documentLimit = documentLimit
        self.observer = observer
    }

    /// Opens a case against `definition` (stored under `hash`) on `calendar`.
    @discardableResult
    public func open(definition: SOPDefinition, hash: String, calendar: CalendarDefinition, caseID: String,
                     at: Instant? = nil, actor: String? = nil, uploads: [Upload] = [], confidential: Bool = false) async throws -> CaseState {
        let machine = cache.openingMachine(hash, calendar) {
            CaseMachine(definition: definition, definitionHash: hash, calendar: WorkingCalendar(calendar))
        }
        let documents = try stored(uploads)
        let attachments = try Self.attachments(uploads, documents, step: definition.startStep?.id ?? "start", machine: machine)
        let events = try machine.open(caseID: caseID, at: at ?? clock(), actor: actor, attachments: attachments,
                                      confidential: confidential)
        let state = CaseState.fold(events)!
        try await store.append(CaseAppend(events: events, expectedVersion: 0, state: state, machine: machine,
                                    documents: documents, definition: (definition, hash), calendar: calendar))
        cache.remember(state)
        observer?(events)
        return state
    }

    /// Completes the active step of a case. With `expectedVersion` (the version the officer's
    /// form was built on), a case that moved on since is a ``CaseError/conflict(caseID:expected:actual:)``.
    /// A `note` (the reason for the decision) is stored with the completion in the same write.
    /// With `substituteFor`, the actor completes the task given to that officer (on leave) as
    /// their substitute: the task passes to the actor first, in the same write, so the
    /// history shows both.
    @discardableResult
    public func complete(caseID: String, step: String, role: String, actor: String? = nil, outcome: String? = nil,
                         uploads: [Upload] = [], note: String? = nil, at: Instant? = nil, expectedVersion: Int? = nil,
                         substituteFor: String? = nil) async throws -> CaseState {
        let documents = try stored(uploads)
        let now = at ?? clock()
        return try await decide(caseID, expectedVersion: expectedVersion, documents: documents) { state, machine in
            let attachments = try Self.attachments(uploads, documents, step: step, machine: machine)
            guard let substituteFor else {
                return try machine.complete(state, step: step, role: role, actor: actor, outcome: outcome, attachments: attachments, note: note, at: now)
            }
            let handover = try machine.assign(state, step: step, to: actor, substituteFor: substituteFor, actor: actor, role: role, at: now)
            var taken = state
            taken.apply(contentsOf: handover)
            return handover + (try machine.complete(taken, step: step, role: role, actor: actor, outcome: outcome,
                                                    attachments: attachments, note: note, at: now))
        }
    }

    /// Gives the active step `step` to `officer` (nil: back to its roles' queue); see
    /// ``CaseMachine/assign(_:step:to:substituteFor:actor:role:at:)``.
    @discardableResult
    public func assign(caseID: String, step: String, to officer: String?, substituteFor: String? = nil, actor: String?,
                       role: String? = nil, at: Instant? = nil, expectedVersion: Int? = nil) async throws -> CaseState {
        let now = at ?? clock()
        return try await decide(caseID, expectedVersion: expectedVersion, documents: []) { state, machine in
            try machine.assign(state, step: step, to: officer, substituteFor: substituteFor, actor: actor, role: role, at: now)
        }
    }

    /// Adds a note to an open case.
    @discardableResult
    public func note(caseID: String, text: String, actor: String? = nil, role: String? = nil, at: Instant? = nil) async throws -> CaseState {
        let now = at ?? clock()
        return try await decide(caseID, expectedVersion: nil, documents: []) { state, machine in
            try machine.note(state, text: text, actor: actor, role: role, at: now)
        }
    }

    /// Thrown inside the write transaction when the case's machine is not compiled yet: it is
    /// built outside (reading the store) and the action is tried again.
    struct MachineNeeded: Error {
        var hash: String
        var calendarID: String
    }

    /// Reads the case, decides with the machine and appends, in one store transaction.
    func decide(_ caseID: String, expectedVersion: Int?, documents: [StoredDocument],
                _ action: @escaping @Sendable (CaseState, CaseMachine) throws -> [RecordedEvent]) async throws -> CaseState {
        guard CaseMachine.isValidCaseID(caseID) else { throw CaseError.invalidCaseID(caseID) }
        for _ in 0..<3 {
            let cached = cache.state(caseID)
            let decided: (state: CaseState, events: [RecordedEvent])
            do {
                decided = try await store.update(caseID: caseID, knownVersion: cached?.version) { snapshot in
                    let state = try self.state(from: snapshot, cached: cached, caseID: caseID)
                    if let expectedVersion, expectedVersion != state.version {
                        throw CaseError.conflict(caseID: caseID, expected: expectedVersion, actual: state.version)
                    }
                    guard let revision = snapshot.calendarRevision,
                          let machine = cache.machine(Self.machineKey(state.definitionHash, state.calendarID, revision)) else {
                        throw MachineNeeded(hash: state.definitionHash, calendarID: state.calendarID)
                    }
                    let events = try action(state, machine)
                    var next = state
                    next.apply(contentsOf: events)
                    return (CaseAppend(events: events, expectedVersion: state.version, state: next, machine: machine, documents: documents),
                            (next, events))
                }
            } catch let need as MachineNeeded {
                _ = try await machine(hash: need.hash, calendarID: need.calendarID, caseID: caseID)
                continue
            }
            cache.remember(decided.state)
            observer?(decided.events)
            return decided.state
        }
        throw StoreError.corrupt("the calendar of case \(caseID) kept changing while it was read")
    }

    /// The state a snapshot describes: replayed from its events, or the cached one it confirms.
    func state(from snapshot: CaseSnapshot, cached: CaseState?, caseID: String) throws -> CaseState {
        guard snapshot.version != nil else { throw CaseError.unknownCase(caseID) }
        guard let events = snapshot.events else { return cached! }
        guard let folded = CaseState.fold(events) else { throw StoreError.corrupt("case \(caseID) does not start with its opening") }
        cache.remember(folded)
        return folded
    }

    /// The case as its events say.
    public func state(caseID: String) async throws -> CaseState {
        guard let state = CaseState.fold(try await store.events(caseID: caseID)) else { throw CaseError.unknownCase(caseID) }
        return state
    }

    /// The case with the definition it is pinned to and its agency's current calendar.
    public func load(_ caseID: String) async throws -> (CaseState, CaseMachine) {
        guard CaseMachine.isValidCaseID(caseID) else { throw CaseError.invalidCaseID(caseID) }
        // One read: the stored version (and the events only if a cached state is stale) and
        // the calendar's revision.
        let cached = cache.state(caseID)
        let snapshot = try await store.snapshot(caseID: caseID, knownVersion: cached?.version)
        let state = try state(from: snapshot, cached: cached, caseID: caseID)
        if let revision = snapshot.calendarRevision,
           let machine = cache.machine(Self.machineKey(state.definitionHash, state.calendarID, revision)) {
            return (state, machine)
        }
        return (state, try await machine(hash: state.definitionHash, calendarID: state.calendarID, caseID: caseID))
    }

    static func machineKey(_ hash: String, _ calendarID: String, _ revision: Int) -> String {
        "\(hash)|\(calendarID)|\(revision)"
    }

    func machine(hash: String, calendarID: String, caseID: String) async throws -> CaseMachine {
        guard let calendar = try await store.calendar(id: calendarID) else {
            throw StoreError.corrupt("calendar \(calendarID) of case \(caseID) is missing")
        }
        let key = Self.machineKey(hash, calendarID, calendar.revision)
        if let machine = cache.machine(key) { return machine }
        guard let definition = try await store.definition(hash: hash) else {
            throw StoreError.corrupt("definition \(hash) of case \(caseID) is missing")
        }
        let machine = CaseMachine(definition: definition, definitionHash: hash, calendar: WorkingCalendar(calendar.definition))
        cache.remember(machine, key)
        return machine
    }

    /// The uploads' files, each within the size limit.
    func stored(_ uploads: [Upload]) throws -> [StoredDocument] {
        try uploads.map { u in
            guard u.bytes.count <= documentLimit else {
                throw CaseError.documentTooLarge(name: u.name, size: u.bytes.count, limit: documentLimit)
            }
            return StoredDocument(bytes: u.bytes, mediaType: u.mediaType)
        }
    }

    /// The uploads as attachments, once each names a document of the SOP: a document id is
    /// interned (``Symbol``), and a stranger's text must not grow the process's table.
    static func attachments(_ uploads: [Upload], _ documents: [StoredDocument], step: String,
                                    machine: CaseMachine) throws -> [DocumentAttachment] {
        try zip(uploads, documents).map { u, stored in
            guard machine.definition.document(u.document) != nil else {
                throw CaseError.unexpectedDocument(step: step, document: u.document)
            }
            return DocumentAttachment(document: u.document, sha256: stored.sha256, name: u.name,
                                      mediaType: u.mediaType, size: u.bytes.count)
        }
    }
}

/// Recently used case states and compiled machines. Bounded: past the limit it starts over,
/// which costs a replay, never a wrong answer (every state is checked against the stored version).
final class CaseCache: @unchecked Sendable {
    private let lock = NSLock()
    private var states: [String: CaseState] = [:]
    private var machines: [String: CaseMachine] = [:]
    private var opening: [String: CaseMachine] = [:]
    let limit = 10_000

    func state(_ caseID: String) -> CaseState? { lock.withLock { states[caseID] } }

    /// Drops a case's state (written outside ``CaseService/decide``): the next read replays it.
    func forget(_ caseID: String) { lock.withLock { _ = states.removeValue(forKey: caseID) } }

    func remember(_ state: CaseState) {
        lock.withLock {
            if states.count >= limit { states.removeAll(keepingCapacity: true) }
            states[state.caseID] = state
        }
    }

    func machine(_ key: String) -> CaseMachine? { lock.withLock { machines[key] } }

    /// The machine cases of definition `hash` open with on `calendar` (the agency's calendar as
    /// the server has it, not yet stored): compiled once, again when the calendar changes.
    /// Kept apart from the stored cases' machines, so that a full cache of those never drops them.
    func openingMachine(_ hash: String, _ calendar: CalendarDefinition, _ make: () -> CaseMachine) -> CaseMachine {
        let key = "\(hash)|\(calendar.id)"
        if let known = lock.withLock({ opening[key] }), known.calendar.definition == calendar { return known }
        let made = make()
        lock.withLock {
            if opening.count >= 64 { opening.removeAll() }
            opening[key] = made
        }
        return made
    }

    func remember(_ machine: CaseMachine, _ key: String) {
        lock.withLock {
            if machines.count >= 64 { machines.removeAll() }
            machines[key] = machine
        }
    }
}
