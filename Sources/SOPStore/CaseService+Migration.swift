import SOPCore

/// Publishing a revision to running cases: every open case of the SOP moves to the new
/// definition (``CaseMachine/migrate(_:to:map:at:actor:)``), recorded as events, so that its
/// history replays under both definitions.
extension CaseService {
    /// What a migration did, or (a dry run) would do.
    public struct MigrationRun: Sendable {
        /// The cases moved (or that would move), in case-id order.
        public var moved: [CaseMachine.Migration] = []
        /// Open cases already on the revision.
        public var current: [String] = []
        /// Cases that cannot move, with why.
        public var refused: [(caseID: String, error: CaseError)] = []
        public var dryRun = false
        /// Whether anything was stored (never for a dry run, nor when a case is refused
        /// without `skipRefused`).
        public var stored = false
        /// Content hash of the revision.
        public var definitionHash = ""

        public init() {}
    }

    /// Moves the open cases of `definition`'s SOP (or only `caseIDs`) to `definition`, stored
    /// under `hash`. A case whose step the revision lacks must be mapped (`map`: old step id →
    /// new). With a refused case nothing is stored unless `skipRefused`, so a revision is
    /// published to all running cases or none; `dryRun` stores nothing and says what would change.
    public func migrate(to definition: SOPDefinition, hash: String, map: [String: String] = [:], caseIDs: [String]? = nil,
                        dryRun: Bool = false, skipRefused: Bool = false, actor: String? = nil, at: Instant? = nil) async throws -> MigrationRun {
        let now = at ?? clock()
        var run = MigrationRun()
        run.dryRun = dryRun
        run.definitionHash = hash
        let ids: [String]
        if let caseIDs {
            ids = caseIDs
        } else {
            ids = try await store.cases(CaseQuery(status: .open, sopIDs: [definition.id], limit: Int.max)).map(\.caseID)
        }
        var targets: [String: CaseMachine] = [:]
        var planned: [(migration: CaseMachine.Migration, version: Int, target: CaseMachine)] = []
        for caseID in ids.sorted() {
            let (state, machine) = try await load(caseID)
            // One compiled revision per calendar (the agency's current one, as the case's machine has it).
            let target = targets[state.calendarID] ?? CaseMachine(definition: definition, definitionHash: hash, calendar: machine.calendar)
            targets[state.calendarID] = target
            do {
                let migration = try machine.migrate(state, to: target, map: map, at: now, actor: actor)
                if migration.events.isEmpty { run.current.append(caseID) } else { planned.append((migration, state.version, target)) }
            } catch {
                run.refused.append((caseID, error))
            }
        }
        run.moved = planned.map(\.migration)
        guard !dryRun, !planned.isEmpty, run.refused.isEmpty || skipRefused else { return run }
        try await store.saveDefinition(definition, hash: hash)
        var appends: [CaseAppend] = []
        for (migration, version, target) in planned {
            var state = try await self.state(caseID: migration.caseID)
            guard state.version == version else {
                throw CaseError.conflict(caseID: migration.caseID, expected: version, actual: state.version)
            }
            state.apply(contentsOf: migration.events)
            appends.append(CaseAppend(events: migration.events, expectedVersion: version, state: state, machine: target, documents: []))
        }
        // All the cases in one transaction: a revision reaches every running case or none.
        try await store.appendBatch(appends)
        for a in appends { cache.forget(a.summary.caseID) }
        run.stored = true
        for a in appends { observer?(a.events) }
        return run
    }
}

/// `{definitionHash, dryRun, stored, moved: [{caseID, fromHash, dueBefore, dueAfter, steps: [{from, to, dueBefore, dueAfter}]}],
/// current, refused: [{caseID, code, message}]}`: what `sop case migrate --format json` prints and the server answers.
extension CaseService.MigrationRun: Encodable {
    private enum Key: String, CodingKey { case definitionHash, dryRun, stored, moved, current, refused }
    private struct Moved: Encodable {
        var caseID: String, fromHash: String, dueBefore: Instant?, dueAfter: Instant?, steps: [CaseMachine.Migration.Move]
    }
    private struct Refusal: Encodable { var caseID: String, code: String, message: String }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(definitionHash, forKey: .definitionHash)
        try c.encode(dryRun, forKey: .dryRun)
        try c.encode(stored, forKey: .stored)
        try c.encode(moved.map { Moved(caseID: $0.caseID, fromHash: $0.fromHash, dueBefore: $0.dueBefore, dueAfter: $0.dueAfter, steps: $0.moves) },
                     forKey: .moved)
        try c.encode(current, forKey: .current)
        try c.encode(refused.map { Refusal(caseID: $0.caseID, code: $0.error.code, message: $0.error.description) }, forKey: .refused)
    }
}
