import Foundation
import PostgresNIO
import SOPCore
import SOPStore

extension PostgresCaseStore: CaseStore {
    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }()

    // MARK: Definitions and calendars

    public func saveDefinition(_ definition: SOPDefinition, hash: String) async throws {
        let json = try Self.encoder.encode(definition)
        try await transaction { c in try await self.insertDefinition(definition.id, hash, json, on: c) }
    }

    func insertDefinition(_ sopID: String, _ hash: String, _ json: Data, on c: PostgresConnection) async throws {
        try await execute("INSERT INTO definition (hash, sop_id, json) VALUES ($1, $2, $3) ON CONFLICT (hash) DO NOTHING",
                          [.text(hash), .text(sopID), .blob([UInt8](json))], on: c)
    }

    public func definition(hash: String) async throws -> SOPDefinition? {
        if let known = definitionCache.get(hash) { return known }
        guard let row = try await read("SELECT json FROM definition WHERE hash = $1", [.text(hash)]).first else { return nil }
        let definition = try decodeJSON(SOPDefinition.self, try bytes(row, 0, "definition \(hash)", "json"), "definition \(hash)")
        definitionCache.put(definition, hash)
        return definition
    }

    public func saveCalendar(_ calendar: CalendarDefinition) async throws {
        let json = try Self.encoder.encode(calendar)
        try await transaction { c in try await self.upsertCalendar(calendar.id, json, on: c) }
    }

    func upsertCalendar(_ id: String, _ json: Data, on c: PostgresConnection) async throws {
        try await execute("""
            INSERT INTO calendar (id, json) VALUES ($1, $2)
            ON CONFLICT (id) DO UPDATE SET json = excluded.json, revision = calendar.revision + 1 WHERE calendar.json <> excluded.json
            """, [.text(id), .blob([UInt8](json))], on: c)
    }

    public func calendar(id: String) async throws -> StoredCalendar? {
        guard let row = try await read("SELECT json, revision FROM calendar WHERE id = $1", [.text(id)]).first else { return nil }
        let definition = try decodeJSON(CalendarDefinition.self, try bytes(row, 0, "calendar \(id)", "json"), "calendar \(id)")
        return StoredCalendar(definition: definition, revision: Int(try integer(row, 1, "calendar \(id)", "revision")))
    }

    // MARK: Writes

    public func append(_ append: CaseAppend) async throws {
        try await transaction { c in
            let current = try await self.lockedVersion(append.summary.caseID, on: c)
            try await self.write(append, current: current, link: nil, on: c)
        }
    }

    public func appendBatch(_ batch: [CaseAppend]) async throws {
        try await transaction { c in
            for item in batch {
                let current = try await self.lockedVersion(item.summary.caseID, on: c)
                try await self.write(item, current: current, link: nil, on: c)
            }
        }
    }

    public func update<T: Sendable>(caseID: String, knownVersion: Int?,
                                    _ decide: @escaping @Sendable (CaseSnapshot) throws -> (CaseAppend, T)) async throws -> T {
        try await transaction { c in
            let snapshot = try await self.snapshot(caseID: caseID, knownVersion: knownVersion, locking: true, on: c)
            let (item, answer) = try decide(snapshot)
            try await self.write(item, current: snapshot.version ?? 0,
                                 link: item.expectedVersion == snapshot.version ? snapshot.chainLink : nil, on: c)
            return answer
        }
    }

    public func updateEach(_ cases: [(caseID: String, knownVersion: Int?)],
                           _ decide: @escaping @Sendable (String, CaseSnapshot) throws -> CaseAppend?) async throws -> [String: any Error] {
        // In case-id order, so that two nodes' batches lock their rows in the same order.
        let cases = cases.enumerated().sorted { ($0.element.caseID, $0.offset) < ($1.element.caseID, $1.offset) }
            .map { Known(caseID: $0.element.caseID, version: $0.element.knownVersion) }
        do {
            // Not run again when aborted: `decide` may have recorded its decisions; every case
            // is then refused as a conflict and its caller decides it again on what is stored.
            return try await transaction(retry: false) { c in
                var refused: [String: any Error] = [:]
                for (k, known) in cases.enumerated() {
                    // Each case in a savepoint: a refused one leaves nothing behind, the others stay.
                    try await self.execute("SAVEPOINT one_case_\(k)", on: c)
                    do {
                        let snapshot = try await self.snapshot(caseID: known.caseID, knownVersion: known.version, locking: true, on: c)
                        if let item = try decide(known.caseID, snapshot) {
                            try await self.write(item, current: snapshot.version ?? 0,
                                                 link: item.expectedVersion == snapshot.version ? snapshot.chainLink : nil, on: c)
                        }
                        try await self.execute("RELEASE SAVEPOINT one_case_\(k)", on: c)
                    } catch let error as PSQLError {
                        throw error
                    } catch {
                        try await self.execute("ROLLBACK TO SAVEPOINT one_case_\(k)", on: c)
                        refused[known.caseID] = error
                    }
                }
                return refused
            }
        } catch is Aborted {
            return Dictionary(cases.map { ($0.caseID, CaseError.conflict(caseID: $0.caseID, expected: $0.version ?? 0, actual: -1) as any Error) },
                              uniquingKeysWith: { a, _ in a })
        }
    }

    struct Known: Sendable { var caseID: String; var version: Int? }

    /// The case's version with its read-model row locked for this transaction (0: no such case yet).
    func lockedVersion(_ caseID: String, on c: PostgresConnection) async throws -> Int {
        guard let row = try await rows("SELECT version FROM case_summary WHERE case_id = $1 FOR UPDATE", [.text(caseID)], on: c).first else {
            return 0
        }
        return Int(try integer(row, 0, "case_summary of case \(caseID)", "version"))
    }

    /// One append inside a transaction, on the case's locked row at `current`: the version
    /// check first, then the definition and calendar of an opening, documents, the chained
    /// events, and the read model.
    func write(_ item: CaseAppend, current: Int, link known: EventChain.Link?, on c: PostgresConnection) async throws {
        let caseID = item.summary.caseID
        guard current == item.expectedVersion else {
            if item.expectedVersion == 0 { throw CaseError.caseExists(caseID) }
            throw CaseError.conflict(caseID: caseID, expected: item.expectedVersion, actual: current)
        }
        let link: EventChain.Link
        if let known { link = known } else { link = try await previousLink(item, on: c) }
        if let (definition, hash) = item.definition {
            try await insertDefinition(definition.id, hash, try Self.encoder.encode(definition), on: c)
        }
        if let calendar = item.calendar { try await upsertCalendar(calendar.id, try Self.encoder.encode(calendar), on: c) }
        for d in item.documents {
            try await execute("INSERT INTO document (sha256, media_type, size, bytes) VALUES ($1, $2, $3, $4) ON CONFLICT (sha256) DO NOTHING",
                              [.text(d.sha256), .text(d.mediaType), .integer(Int64(d.bytes.count)), .blob(d.bytes)], on: c)
        }
        let rows = item.chained.flatMap { $0.after == link ? $0.rows : nil } ?? CaseAppend.chainedRows(item.events, after: link)
        // At most 1,000 events a statement (a statement takes at most 65,535 parameters).
        let width = RecordedEvent.storedFieldNames.count + 1
        for start in stride(from: 0, to: rows.count, by: 1000) {
            let chunk = rows[start..<min(rows.count, start + 1000)]
            let values = chunk.indices.map { r in "(" + (1...width).map { "$\((r - start) * width + $0)" }.joined(separator: ", ") + ")" }
            do {
                try await execute("INSERT INTO event (\(Self.eventColumns), chain) VALUES \(values.joined(separator: ", "))", chunk.flatMap { $0 }, on: c)
            } catch let e as PSQLError where item.expectedVersion == 0 && e.serverInfo?[.sqlState] == "23505" {
                // Another opening of the same id committed between our check and our insert.
                throw CaseError.caseExists(caseID)
            }
        }
        try await writeNotices(item.events, on: c)
        try await upsertSummary(item, firstWrite: item.expectedVersion == 0, on: c)
    }

    /// The chain link the item's first event follows: the genesis for a new case, else the
    /// link of the event at the version the item was decided on.
    func previousLink(_ item: CaseAppend, on c: PostgresConnection) async throws -> EventChain.Link {
        let caseID = item.summary.caseID
        if item.expectedVersion == 0 {
            var hash = item.summary.definitionHash
            if case .opened(let o) = item.events.first?.event { hash = o.definitionHash }
            return EventChain.genesis(caseID: caseID, definitionHash: hash)
        }
        let row = try await rows("SELECT chain FROM event WHERE case_id = $1 AND seq = $2", [.text(caseID), .integer(Int64(item.expectedVersion))], on: c).first
        guard let row, let hex = try? row[0].decode(String.self), let link = EventChain.link(hex: hex) else {
            throw StoreError.corrupt("event \(caseID)#\(item.expectedVersion) has no valid chain hash")
        }
        return link
    }

    func upsertSummary(_ item: CaseAppend, firstWrite: Bool, on c: PostgresConnection) async throws {
        let s = item.summary, a = item.activity ?? CaseActivity(s)
        func t(_ v: String?) -> StoredValue { v.map(StoredValue.text) ?? .null }
        func i(_ v: Instant?) -> StoredValue { v.map { .integer($0.secondsSinceEpoch) } ?? .null }
        var calendarID = ""
        if case .opened(let o) = item.events.first?.event { calendarID = o.calendarID }
        let values: [StoredValue] = [
            .text(s.caseID), .text(s.sopID), .text(s.definitionHash), .text(s.status.rawValue), t(s.activeStep), t(s.activeRole),
            i(s.activeDue), .integer(s.openedAt.secondsSinceEpoch), i(s.closedAt), i(s.due), .integer(Int64(s.version)),
            .integer(Int64(s.revisionRounds)), i(a.pausedAt), t(a.resolution), i(a.nextTimerAt), .integer(a.applicantOfficeSeconds),
            i(a.agencyDue), .integer(a.overdueWhenPaused ? 1 : 0), .text(calendarID),
        ]
        let sql = """
            INSERT INTO case_summary (case_id, sop_id, definition_hash, status, active_step, active_role, active_due, opened_at, closed_at,
                                      due, version, revision_rounds, paused_at, resolution, next_timer_at, applicant_office_seconds,
                                      agency_due, paused_overdue, calendar_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18 = 1, $19)
            """ + (firstWrite ? "" : """
             ON CONFLICT (case_id) DO UPDATE SET definition_hash = excluded.definition_hash, status = excluded.status,
                active_step = excluded.active_step, active_role = excluded.active_role, active_due = excluded.active_due,
                closed_at = excluded.closed_at, due = excluded.due, version = excluded.version, revision_rounds = excluded.revision_rounds,
                paused_at = excluded.paused_at, resolution = excluded.resolution, next_timer_at = excluded.next_timer_at,
                applicant_office_seconds = excluded.applicant_office_seconds, agency_due = excluded.agency_due,
                paused_overdue = excluded.paused_overdue
            """)
        do {
            try await execute(sql, values, on: c)
        } catch let e as PSQLError where firstWrite && e.serverInfo?[.sqlState] == "23505" {
            // Another opening of the same id committed first.
            throw CaseError.caseExists(s.caseID)
        }
        if !firstWrite { try await execute("DELETE FROM case_active_step WHERE case_id = $1", [.text(s.caseID)], on: c) }
        var stepRows: [[StoredValue]] = []
        for (position, step) in a.activeSteps.enumerated() {
            // A step no role may act on (a definition without it) still shows as active.
            let roles: [String?] = step.roles.isEmpty ? [nil] : step.roles
            for (k, role) in roles.enumerated() {
                stepRows.append([.text(s.caseID), .integer(Int64(position)), .integer(Int64(k)), .text(step.step), t(role), i(step.due),
                                 .integer(step.applicant ? 1 : 0)])
            }
        }
        if !stepRows.isEmpty {
            let values = stepRows.indices.map { r in "($\(r * 7 + 1), $\(r * 7 + 2), $\(r * 7 + 3), $\(r * 7 + 4), $\(r * 7 + 5), $\(r * 7 + 6), $\(r * 7 + 7) = 1)" }
            try await execute("INSERT INTO case_active_step (case_id, position, k, step, role, due, applicant) VALUES \(values.joined(separator: ", "))",
                              stepRows.flatMap { $0 }, on: c)
        }
    }

    // MARK: Reads

    /// A read outside any transaction, its failures the store's.
    func read(_ sql: String, _ values: [StoredValue] = []) async throws -> [PostgresRandomAccessRow] {
        do { return try await rows(sql, values) } catch { throw Self.unavailable(error, location) }
    }

    static let selectEvents = "SELECT \(eventColumns) FROM event"

    public func events(caseID: String) async throws -> [RecordedEvent] {
        try await read("\(Self.selectEvents) WHERE case_id = $1 ORDER BY seq", [.text(caseID)]).map(Self.event)
    }

    public func summary(caseID: String) async throws -> CaseSummary? {
        try await read("SELECT \(Self.summaryColumns) FROM case_summary WHERE case_id = $1", [.text(caseID)]).first.map(Self.summary)
    }

    public func version(caseID: String) async throws -> Int? {
        try await read("SELECT version FROM case_summary WHERE case_id = $1", [.text(caseID)]).first
            .map { Int(try integer($0, 0, "case_summary of case \(caseID)", "version")) }
    }

    public func snapshot(caseID: String, knownVersion: Int?) async throws -> CaseSnapshot {
        // The version and the events in one snapshot of the database.
        try await transaction(isolation: " ISOLATION LEVEL REPEATABLE READ READ ONLY") { c in
            try await self.snapshot(caseID: caseID, knownVersion: knownVersion, locking: false, on: c)
        }
    }

    /// The case's version, its calendar's revision and the chain link at its version, and its
    /// events unless `knownVersion` is current; with `locking`, its row locked for the transaction.
    func snapshot(caseID: String, knownVersion: Int?, locking: Bool, on c: PostgresConnection) async throws -> CaseSnapshot {
        let rows = try await rows("""
            SELECT s.version, (SELECT revision FROM calendar k WHERE k.id = s.calendar_id),
                   (SELECT chain FROM event l WHERE l.case_id = s.case_id AND l.seq = s.version)
            FROM case_summary s WHERE s.case_id = $1\(locking ? " FOR UPDATE OF s" : "")
            """, [.text(caseID)], on: c)
        guard let row = rows.first else { return CaseSnapshot(version: nil, events: nil, calendarRevision: nil) }
        let version = Int(try integer(row, 0, "case_summary of case \(caseID)", "version"))
        let revision = try row[1].decode(Int64?.self).map(Int.init)
        let link = (try? row[2].decode(String?.self)).flatMap { $0.flatMap(EventChain.link(hex:)) }
        var events: [RecordedEvent]?
        if version != knownVersion {
            events = try await self.rows("\(Self.selectEvents) WHERE case_id = $1 ORDER BY seq", [.text(caseID)], on: c).map(Self.event)
        }
        return CaseSnapshot(version: version, events: events, calendarRevision: revision, chainLink: link)
    }

    public func cases(_ query: CaseQuery) async throws -> [CaseSummary] {
        let (sql, values) = Self.casesSQL(query, columns: Self.summaryColumns)
        return try await read(sql, values).map(Self.summary)
    }

    public func listings(_ query: CaseQuery) async throws -> [CaseListing] {
        let (sql, values) = Self.casesSQL(query, columns: Self.listingColumns)
        return try await listings(try await read(sql, values))
    }

    public func listing(caseID: String) async throws -> CaseListing? {
        try await listings(try await read("SELECT \(Self.listingColumns) FROM case_summary WHERE case_id = $1", [.text(caseID)])).first
    }

    public func casesWithDueTimers(at now: Instant, sopIDs: [String]?, limit: Int) async throws -> [String] {
        var sql = "SELECT case_id FROM case_summary WHERE next_timer_at IS NOT NULL AND next_timer_at <= $1 AND status = 'open'"
        var values: [StoredValue] = [.integer(now.secondsSinceEpoch)]
        if let ids = sopIDs { sql += Self.inList("sop_id", ids, &values) }
        sql += " ORDER BY next_timer_at, case_id LIMIT $\(values.count + 1)"
        values.append(.integer(Int64(max(0, limit))))
        return try await read(sql, values).map { try $0[0].decode(String.self) }
    }

    public func actions(sopIDs: [String], limit: Int, offset: Int) async throws -> [CaseAction] {
        guard !sopIDs.isEmpty, limit > 0 else { return [] }
        var values: [StoredValue] = []
        let columns = RecordedEvent.storedFieldNames.map { "e.\($0)" }.joined(separator: ", ")
        var sql = """
            SELECT \(columns), s.sop_id FROM event e JOIN case_summary s ON s.case_id = e.case_id
            WHERE e.role IS NOT NULL AND e.type IN ('step-completed', 'document-attached', 'note')
            """
        sql += Self.inList("s.sop_id", sopIDs, &values)
        sql += " ORDER BY e.at DESC, e.case_id, e.seq DESC LIMIT $\(values.count + 1) OFFSET $\(values.count + 2)"
        values += [.integer(Int64(limit)), .integer(Int64(max(0, offset)))]
        let sopColumn = RecordedEvent.storedFieldNames.count
        return try await read(sql, values).map { row in
            CaseAction(sopID: try row[sopColumn].decode(String.self), event: try Self.event(row))
        }
    }

    public func caseIDs() async throws -> [String] {
        try await read("SELECT case_id FROM case_summary ORDER BY case_id").map { try $0[0].decode(String.self) }
    }

    public func document(sha256: String) async throws -> [UInt8]? {
        try await read("SELECT bytes FROM document WHERE sha256 = $1", [.text(sha256)]).first.map { try bytes($0, 0, "document \(sha256)", "bytes") }
    }
}
