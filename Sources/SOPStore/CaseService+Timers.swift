import SOPCore
import Synchronization

/// Durable timers: the read model keeps each open case's next timer instant
/// (``CaseActivity/nextTimerAt``); a run selects the cases due, and for each one, inside the
/// write transaction with the store's version check, folds it, lets its machine fire what is
/// due (``CaseMachine/fireDue(_:at:)``) and appends the events. A timer fires exactly once: a
/// second runner at the same time, or a run after a crash, reads the case in its own write
/// transaction after the first one's events, where the machine finds the timer fired.
extension CaseService {
    /// One timer that fired.
    public struct FiredTimer: Sendable, Hashable, Codable {
        public var caseID: String
        public var step: String
        /// The timer's position in the step's `timers`.
        public var timer: Int
        public var action: StepTimer.Action
        /// The role an escalation gave the step.
        public var to: String?
        /// When the case closed by it (a withdrawal, or the case's last step completed): how it ended.
        public var closed: String?

        public init(caseID: String, step: String, timer: Int, action: StepTimer.Action, to: String? = nil, closed: String? = nil) {
            self.caseID = caseID
            self.step = step
            self.timer = timer
            self.action = action
            self.to = to
            self.closed = closed
        }
    }

    /// What a run did: the timers fired, in order, and the cases that could not be advanced
    /// (their timers stay pending and the next run tries them again).
    public struct TimerRun: Sendable {
        public var fired: [FiredTimer] = []
        /// Case id and the refusal.
        public var failed: [(caseID: String, error: any Error)] = []
        /// Cases a run found due.
        public var cases = 0

        public init() {}
    }

    /// Fires every timer due by `now` (at most `limit` cases); returns the number fired.
    @discardableResult
    public func fireDueTimers(at now: Instant, limit: Int? = nil) async throws -> Int {
        try await runTimers(at: now, limit: limit).fired.count
    }

    /// Fires every timer due by `now` on cases of `sopIDs` (nil: all), at most `limit` cases,
    /// `batch` cases per write transaction.
    ///
    /// Each batch is read (one read for all its cases) and decided on every core outside the
    /// write transaction; inside it, a case whose stored version is still the one decided on
    /// gets the events decided (their chain links computed ahead too), and one that moved on
    /// meanwhile (an officer acted) is decided again on what is stored. The write lock is held
    /// only to confirm and append, and the next batch is prepared while it is.
    public func runTimers(at now: Instant, limit: Int? = nil, sopIDs: [String]? = nil, batch: Int = 500) async throws -> TimerRun {
        var run = TimerRun()
        let due = try await store.casesWithDueTimers(at: now, sopIDs: sopIDs, limit: max(0, limit ?? Int.max))
        run.cases = due.count
        let size = max(1, batch)
        let chunks = stride(from: 0, to: due.count, by: size).map { Array(due[$0..<min(due.count, $0 + size)]) }
        guard !chunks.isEmpty else { return run }
        // A pipeline: while one batch is confirmed and appended in the write transaction, the
        // next one is read and decided (its cases are others, so the write does not change them;
        // an officer's change meanwhile is caught by the version check).
        var ahead = try await decideAhead(chunks[0], at: now)
        for k in chunks.indices {
            async let next = k + 1 < chunks.count ? decideAhead(chunks[k + 1], at: now) : [:]
            let part = try await fire(chunks[k], decidedAhead: ahead, at: now)
            run.fired += part.fired
            run.failed += part.failed
            ahead = try await next
        }
        return run
    }

    /// One batch in one write transaction: each case confirmed against the decision made
    /// ahead, or decided again on what is stored.
    private func fire(_ chunk: [String], decidedAhead: [String: Ahead], at now: Instant) async throws -> TimerRun {
        var run = TimerRun()
        var pending = chunk
        var early = decidedAhead
        // A case whose machine is not compiled yet, or that an officer changed between the
        // read and the write (a store without one write transaction), is tried again.
        for attempt in 0..<3 where !pending.isEmpty {
            if attempt > 0 { early = try await decideAhead(pending, at: now) }
            // Each case's cached state is taken once: the version the write checks against
            // and the state it stands for must be the same one.
            let cached = Dictionary(pending.compactMap { id in early[id] == nil ? cache.state(id).map { (id, $0) } : nil },
                                    uniquingKeysWith: { a, _ in a })
            let decisions = Mutex<[String: (state: CaseState, events: [RecordedEvent])]>([:])
            let early = early
            let refused = try await store.updateEach(pending.map { ($0, early[$0]?.version ?? cached[$0]?.version) }) { caseID, snapshot in
                if let ahead = early[caseID], snapshot.events == nil, ahead.version == snapshot.version {
                    // Stored as it was read: the decision made ahead stands.
                    guard let (next, events, append) = ahead.decision else { return nil }
                    decisions.withLock { $0[caseID] = (next, events) }
                    return append
                }
                guard let (next, events, append) = try self.decideTimers(caseID, snapshot, cached: cached[caseID], at: now) else { return nil }
                decisions.withLock { $0[caseID] = (next, events) }
                return append
            }
            let decided = decisions.withLock { $0 }
            var again: [String] = []
            for caseID in pending {
                if let (state, events) = decided[caseID], refused[caseID] == nil {
                    cache.remember(state)
                    observer?(events)
                    run.fired += Self.fired(events, caseID: caseID)
                    continue
                }
                guard let error = refused[caseID] else { continue }
                switch error {
                case let need as MachineNeeded where attempt < 2:
                    do {
                        _ = try await machine(hash: need.hash, calendarID: need.calendarID, caseID: caseID)
                        again.append(caseID)
                    } catch {
                        run.failed.append((caseID, error))
                    }
                case CaseError.conflict where attempt < 2:
                    again.append(caseID)
                default:
                    run.failed.append((caseID, error))
                }
            }
            pending = again
        }
        return run
    }

    /// A case's timers decided before the write: the version decided on, and what firing them
    /// appends (nil: nothing is due after all).
    private struct Ahead: Sendable {
        var version: Int
        var decision: (state: CaseState, events: [RecordedEvent], append: CaseAppend)?
    }

    /// Reads `cases` in one read and decides their timers on every core. A case that cannot be
    /// decided here (its machine is not compiled yet, a refusal) is left to the write, which
    /// decides it again and says why.
    private func decideAhead(_ cases: [String], at now: Instant) async throws -> [String: Ahead] {
        let cached = cases.map { cache.state($0) }
        let read = try await store.snapshots(zip(cases, cached).map { ($0, $1?.version) })
        let work: [(String, CaseSnapshot, CaseState?)] = zip(cases, cached).compactMap { id, state in read[id].map { (id, $0, state) } }
        let decided = work.concurrentMap { caseID, snapshot, cached -> (String, Ahead)? in
            guard let version = snapshot.version,
                  var decision = try? self.decideTimers(caseID, snapshot, cached: cached, at: now) else { return nil }
            // The chain links too, when the read gave the link they follow.
            if let link = snapshot.chainLink { decision.append.chain(after: link) }
            return (caseID, Ahead(version: version, decision: decision))
        }
        var result: [String: Ahead] = [:]
        for case let (caseID, ahead)? in decided { result[caseID] = ahead }
        return result
    }

    /// The state `snapshot` describes and the events its due timers append, with the write;
    /// nil when the case is closed or nothing is due.
    private func decideTimers(_ caseID: String, _ snapshot: CaseSnapshot, cached: CaseState?, at now: Instant)
        throws -> (state: CaseState, events: [RecordedEvent], append: CaseAppend)? {
        let state = try self.state(from: snapshot, cached: cached, caseID: caseID)
        guard state.status == .open else { return nil }
        guard let revision = snapshot.calendarRevision,
              let machine = cache.machine(Self.machineKey(state.definitionHash, state.calendarID, revision)) else {
            throw MachineNeeded(hash: state.definitionHash, calendarID: state.calendarID)
        }
        let events = try machine.fireDue(state, at: now)
        guard !events.isEmpty else { return nil }
        var next = state
        next.apply(contentsOf: events)
        return (next, events, CaseAppend(events: events, expectedVersion: state.version, state: next, machine: machine))
    }

    /// The timers `events` record as fired.
    static func fired(_ events: [RecordedEvent], caseID: String) -> [FiredTimer] {
        var result: [FiredTimer] = []
        for e in events {
            switch e.event {
            case .timerFired(let t):
                result.append(FiredTimer(caseID: caseID, step: t.step, timer: t.timer, action: t.action, to: t.to))
            case .closed(let c):
                if !result.isEmpty { result[result.count - 1].closed = c.resolution ?? "closed" }
            default:
                break
            }
        }
        return result
    }

    /// A timer not yet fired, with its case and the calendar (agency zone) it runs on.
    public struct PendingCaseTimer: Sendable {
        public var caseID: String
        public var timer: CaseMachine.PendingTimer
        public var calendar: CalendarDefinition
    }

    /// The timers of open cases not yet fired, earliest first: of the `limit` cases whose next
    /// timer comes first by `until` (default: whenever), every pending timer.
    public func pendingTimers(sopIDs: [String]? = nil, until: Instant = Instant(secondsSinceEpoch: Int64(Int32.max) * 64),
                              limit: Int = 1000) async throws -> [PendingCaseTimer] {
        var result: [PendingCaseTimer] = []
        for caseID in try await store.casesWithDueTimers(at: until, sopIDs: sopIDs, limit: limit) {
            let (state, machine) = try await load(caseID)
            for t in machine.pendingTimers(state) {
                result.append(PendingCaseTimer(caseID: caseID, timer: t, calendar: machine.calendar.definition))
            }
        }
        return result.sorted { ($0.timer.at, $0.caseID, $0.timer.step, $0.timer.timer) < ($1.timer.at, $1.caseID, $1.timer.step, $1.timer.timer) }
    }
}
