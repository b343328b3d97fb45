import Foundation
import GRDB
import SOPCore
import SOPStore

/// The read model for several active steps (``CaseActivity``): columns of `case_summary`
/// for the pause, the resolution, the next timer and the agency's earliest due, and the table
/// `case_active_step` with one row per active step and role that may act on it (the role
/// queues). Written in the transaction of every append; the event log stays append-only.
extension SQLiteCaseStore {
    /// The columns ``summary(_:)`` reads, then the activity's.
    static let listingColumns = summaryColumns + ", paused_at, resolution, next_timer_at, applicant_office_seconds, agency_due, paused_overdue"

    static let listingColumnNames = listingColumns.components(separatedBy: ", ")

    /// The read-model row of a case after an append (`firstWrite`: the case is new, so it has no
    /// active-step rows to replace).
    static func upsertSummary(_ s: CaseSummary, _ a: CaseActivity, firstWrite: Bool, to db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO case_summary (case_id, sop_id, definition_hash, status, active_step, active_role, active_due,
                                      opened_at, closed_at, due, version, revision_rounds,
                                      paused_at, resolution, next_timer_at, applicant_office_seconds, agency_due, paused_overdue)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(case_id) DO UPDATE SET definition_hash = excluded.definition_hash, status = excluded.status, active_step = excluded.active_step,
                active_role = excluded.active_role, active_due = excluded.active_due, closed_at = excluded.closed_at,
                due = excluded.due, version = excluded.version, revision_rounds = excluded.revision_rounds,
                paused_at = excluded.paused_at, resolution = excluded.resolution, next_timer_at = excluded.next_timer_at,
                applicant_office_seconds = excluded.applicant_office_seconds, agency_due = excluded.agency_due,
                paused_overdue = excluded.paused_overdue
            """).run([.text(s.caseID), .text(s.sopID), .text(s.definitionHash), .text(s.status.rawValue), .of(s.activeStep),
                      .of(s.activeRole), .of(s.activeDue), .of(s.openedAt), .of(s.closedAt), .of(s.due), .of(s.version),
                      .of(s.revisionRounds), .of(a.pausedAt), .of(a.resolution), .of(a.nextTimerAt), .of(a.applicantOfficeSeconds),
                      .of(a.agencyDue), .of(a.overdueWhenPaused)], db)
        if !firstWrite {
            try db.cachedStatement(sql: "DELETE FROM case_active_step WHERE case_id = ?").run([.text(s.caseID)], db)
        }
        let insert = try db.cachedStatement(sql: """
            INSERT INTO case_active_step (case_id, position, k, step, role, due, applicant) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        for (position, step) in a.activeSteps.enumerated() {
            // A step no role may act on (a definition without it) still shows as active.
            let roles: [String?] = step.roles.isEmpty ? [nil] : step.roles
            for (k, role) in roles.enumerated() {
                try insert.run([.text(s.caseID), .of(position), .of(k), .text(step.step), .of(role), .of(step.due), .of(step.applicant)], db)
            }
        }
    }

    /// v5: the activity columns and table, filled for the cases already stored by replaying
    /// each one under its pinned definition and calendar (a database written by a release that
    /// already ran parallel branches or timers gets every active step, not only the first).
    static func migrateSeveralActiveSteps(_ db: Database) throws {
        try db.alter(table: "case_summary") { t in
            t.add(column: "paused_at", .integer)
            t.add(column: "resolution", .text)
            t.add(column: "next_timer_at", .integer)
            t.add(column: "applicant_office_seconds", .integer).notNull().defaults(to: 0)
            t.add(column: "agency_due", .integer)
            t.add(column: "paused_overdue", .boolean).notNull().defaults(to: false)
        }
        try db.create(table: "case_active_step", options: [.withoutRowID]) { t in
            t.column("case_id", .text).notNull()
            t.column("position", .integer).notNull()
            t.column("k", .integer).notNull()
            t.column("step", .text).notNull()
            t.column("role", .text)
            t.column("due", .integer)
            t.column("applicant", .boolean).notNull()
            t.primaryKey(["case_id", "position", "k"])
        }
        try db.execute(sql: """
            CREATE INDEX case_active_step_role ON case_active_step (role, case_id);
            CREATE INDEX case_summary_next_timer ON case_summary (next_timer_at) WHERE next_timer_at IS NOT NULL;
            """)
        try backfillActivity(db)
    }

    /// Rewrites the read model of every stored case from its events.
    static func backfillActivity(_ db: Database) throws {
        let ids = try String.fetchAll(db, sql: "SELECT case_id FROM case_summary ORDER BY case_id")
        let select = try db.makeStatement(sql: "SELECT \(RecordedEvent.selectColumns) FROM event WHERE case_id = ? ORDER BY seq")
        var machines: [String: CaseMachine?] = [:]
        for id in ids {
            let events = try Row.fetchAll(select, arguments: [id]).map(RecordedEvent.init(row:))
            guard let state = CaseState.fold(events) else { throw StoreError.corrupt("case \(id) does not start with its opening") }
            let key = state.definitionHash + "|" + state.calendarID
            if machines[key] == nil { machines[key] = .some(try? migrationMachine(db, state)) }
            if let machine = machines[key] ?? nil {
                try upsertSummary(CaseSummary(state, definition: machine.definition), CaseActivity(state, machine: machine), firstWrite: false, to: db)
            } else if let stored = try Row.fetchOne(db, sql: "SELECT \(summaryColumns) FROM case_summary WHERE case_id = ?", arguments: [id]).map(summary) {
                // Without its definition or calendar (a damaged database: the case cannot run
                // anyway) the row keeps what it said, with what the events alone tell.
                try upsertSummary(stored, CaseActivity(state, stored: stored), firstWrite: false, to: db)
            }
        }
    }

    /// The machine of a stored case's definition and calendar, read in the migration.
    static func migrationMachine(_ db: Database, _ state: CaseState) throws -> CaseMachine {
        guard let definitionJSON = try Row.fetchOne(db, sql: "SELECT json FROM definition WHERE hash = ?", arguments: [state.definitionHash])
            .map({ try StoredRow($0, table: "definition", key: state.definitionHash, names: ["json"]).requiredJSON(0) }),
              let calendarJSON = try Row.fetchOne(db, sql: "SELECT json FROM calendar WHERE id = ?", arguments: [state.calendarID])
            .map({ try StoredRow($0, table: "calendar", key: state.calendarID, names: ["json"]).requiredJSON(0) }) else {
            throw StoreError.corrupt("definition or calendar of case \(state.caseID) is missing")
        }
        let definition = try JSONDecoder().decode(SOPDefinition.self, from: definitionJSON)
        let calendar = try JSONDecoder().decode(CalendarDefinition.self, from: calendarJSON)
        return CaseMachine(definition: definition, definitionHash: state.definitionHash, calendar: WorkingCalendar(calendar))
    }

    /// The read-model query of ``cases(_:)`` and ``listings(_:)``.
    static func casesSQL(_ query: CaseQuery, columns: String = summaryColumns) -> (String, [(any DatabaseValueConvertible)?]) {
        var sql = "SELECT \(columns) FROM case_summary s WHERE 1 = 1"
        var args: [(any DatabaseValueConvertible)?] = []
        if let status = query.status { sql += " AND status = ?"; args.append(status.rawValue) }
        if let role = query.role {
            sql += " AND status = 'open' AND EXISTS (SELECT 1 FROM case_active_step a WHERE a.role = ? AND a.case_id = s.case_id)"
            args.append(role)
        }
        if let overdue = query.overdue {
            // Running clock: the agency's earliest due against the cutoff now. Stopped clock: the
            // agency's steps as they stood when it stopped (recorded with the pause).
            sql += " AND status = 'open' AND ((paused_at IS NULL AND agency_due < "
            if overdue.cutoffs.isEmpty {
                sql += "?"
            } else {
                sql += "CASE sop_id"
                for (sop, cutoff) in overdue.cutoffs.sorted(by: { $0.key < $1.key }) {
                    sql += " WHEN ? THEN ?"; args.append(sop); args.append(cutoff.secondsSinceEpoch)
                }
                sql += " ELSE ? END"
            }
            args.append(overdue.now.secondsSinceEpoch)
            sql += ") OR (paused_at IS NOT NULL AND paused_overdue = 1))"
        }
        if let ids = query.sopIDs {
            sql += ids.isEmpty ? " AND 0 = 1" : " AND sop_id IN (\(Array(repeating: "?", count: ids.count).joined(separator: ", ")))"
            args += ids.map { $0 }
        }
        sql += " ORDER BY opened_at, case_id LIMIT ? OFFSET ?"
        args.append(max(0, query.limit))
        args.append(max(0, query.offset))
        return (sql, args)
    }

    public func listings(_ query: CaseQuery) throws -> [CaseListing] {
        let (sql, args) = Self.casesSQL(query, columns: Self.listingColumns)
        return try writer.read { db in
            try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)).map { try Self.listing($0, db) }
        }
    }

    public func listing(caseID: String) throws -> CaseListing? {
        try writer.read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.listingColumns) FROM case_summary WHERE case_id = ?", arguments: [caseID])
                .map { try Self.listing($0, db) }
        }
    }

    public func casesWithDueTimers(at now: Instant, sopIDs: [String]?, limit: Int) throws -> [String] {
        var sql = "SELECT case_id FROM case_summary WHERE next_timer_at IS NOT NULL AND next_timer_at <= ? AND status = 'open'"
        var args: [(any DatabaseValueConvertible)?] = [now.secondsSinceEpoch]
        if let ids = sopIDs {
            sql += ids.isEmpty ? " AND 0 = 1" : " AND sop_id IN (\(Array(repeating: "?", count: ids.count).joined(separator: ", ")))"
            args += ids.map { $0 }
        }
        sql += " ORDER BY next_timer_at, case_id LIMIT ?"
        args.append(max(0, limit))
        return try writer.read { db in
            try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args))
                .map { try Self.keyText($0[0], table: "case_summary", column: "case_id") }
        }
    }

    /// A row selected as ``listingColumns``, with its active steps read from `case_active_step`.
    static func listing(_ row: Row, _ db: Database) throws -> CaseListing {
        let summary = try summary(row)
        let r = StoredRow(row, table: "case_summary", key: summary.caseID, names: listingColumnNames)
        let base = summaryColumnNames.count
        func instant(_ column: Int) throws -> Instant? { try r.int64(column).map(Instant.init(secondsSinceEpoch:)) }
        var steps: [CaseActivity.ActiveStep] = []
        var lastPosition: Int?
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT position, step, role, due, applicant FROM case_active_step WHERE case_id = ? ORDER BY position, k
            """), arguments: [summary.caseID])
        for stepRow in rows {
            let s = StoredRow(stepRow, table: "case_active_step", key: summary.caseID, names: ["position", "step", "role", "due", "applicant"])
            let position = try s.requiredInt(0)
            if position != lastPosition {
                steps.append(CaseActivity.ActiveStep(step: try s.requiredText(1), roles: [], due: try s.int64(3).map(Instant.init(secondsSinceEpoch:)),
                                                     applicant: try s.bool(4) ?? false))
                lastPosition = position
            }
            if let role = try s.text(2) { steps[steps.count - 1].roles.append(role) }
        }
        let activity = CaseActivity(activeSteps: steps, pausedAt: try instant(base), resolution: try r.text(base + 1),
                                    nextTimerAt: try instant(base + 2), applicantOfficeSeconds: try r.requiredInt64(base + 3),
                                    agencyDue: try instant(base + 4), overdueWhenPaused: try r.bool(base + 5) ?? false)
        return CaseListing(summary: summary, activity: activity)
    }
}

extension CaseActivity {
    /// What the events alone tell, beside a stored row, when the definition is not at hand:
    /// the row's role for its active step, the roles escalations gave, the timers set.
    init(_ state: CaseState, stored: CaseSummary) {
        self.init(activeSteps: state.activeSteps.map { r in
            var roles = r.step == stored.activeStep ? stored.activeRole.map { [$0] } ?? [] : []
            for role in r.escalatedTo where !roles.contains(role) { roles.append(role) }
            return ActiveStep(step: r.step, roles: roles, due: r.due, applicant: false)
        })
        pausedAt = state.status == .open ? state.pausedAt : nil
        resolution = state.resolution
        nextTimerAt = state.activeSteps.flatMap { r in r.timers.filter { !r.firedTimers.contains($0.key) }.map(\.value) }.min()
        applicantOfficeSeconds = state.applicantOfficeSeconds
        agencyDue = activeSteps.compactMap(\.due).min()
    }

    /// Whether an agency step is overdue at `now` on `calendar`, as
    /// ``CaseState/isOverdue(at:calendar:applicantSteps:)`` judges it: while the clock stands
    /// still, at the moment it stopped; an applicant's step never.
    public func isOverdue(at now: Instant, calendar: WorkingCalendar) -> Bool {
        activeSteps.contains { calendar.isOverdue(due: $0.due, at: now, pausedAt: pausedAt, applicant: $0.applicant) }
    }
}
