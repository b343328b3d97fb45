import Foundation
import GRDB
import GRDBSQLite
import SOPCore
import SOPStore

extension SQLiteCaseStore {
    /// The executed-case report over the whole database: one pass over the event log in the
    /// order it was written (an opening always precedes the rest of its case), so memory grows
    /// with the number of cases and completions, not with the log.
    /// `parts` (default: one per core for a large log) only changes how fast, never the result.
    public func report(limits: [LegalLimit], now: Instant, parts requested: Int? = nil) throws -> CaseReport {
        var base = CaseReport.Builder(limits: limits, now: now)
        let caseCount = try writer.read { db in
            for (hash, json) in try Self.keyedJSON(db, table: "definition", key: "hash", order: "sop_id, hash") {
                base.addDefinition(try decode(SOPDefinition.self, json, "definition \(hash)"), hash: hash)
            }
            for (id, json) in try Self.keyedJSON(db, table: "calendar", key: "id", order: "id") {
                base.addCalendar(WorkingCalendar(try decode(CalendarDefinition.self, json, "calendar \(id)")))
            }
            return try Int.fetchOne(db, sql: "SELECT count(*) FROM case_summary") ?? 0
        }
        // The log in consecutive ranges of case ids (it is stored clustered by case), one reader
        // connection per core; the parts are merged in order, so the result is that of one pass.
        // Parts come from the read model's case ids; without any, one pass reads everything.
        let parts = caseCount == 0 ? 1 : max(1, requested ?? (caseCount < 10_000 ? 1 : min(4, ProcessInfo.processInfo.activeProcessorCount)))
        let bounds: [String?] = try writer.read { db in
            let cuts = try (1..<parts).map { k in
                try Row.fetchOne(db, sql: "SELECT case_id FROM case_summary ORDER BY case_id LIMIT 1 OFFSET ?",
                                 arguments: [caseCount * k / parts])
                    .map { try Self.keyText($0[0], table: "case_summary", column: "case_id") }
            }
            return [nil] + cuts + [nil]
        }
        let results = PartResults(count: parts)
        let start = base
        DispatchQueue.concurrentPerform(iterations: parts) { k in
            var builder = start
            do {
                try writer.read { db in try Self.scanForReport(db, from: bounds[k], to: bounds[k + 1], into: &builder) }
                results.set(k, .success(builder))
            } catch {
                results.set(k, .failure(error))
            }
        }
        var merged = try results.get(0)
        for k in 1..<parts { merged.absorb(try results.get(k)) }
        return merged.build()
    }

    /// The `(key, json)` rows of the definition or calendar table, checked (text key, JSON blob).
    static func keyedJSON(_ db: Database, table: String, key: String, order: String) throws -> [(String, Data)] {
        try Row.fetchAll(db, sql: "SELECT \(key), json FROM \(table) ORDER BY \(order)").map { row in
            let k = try keyText(row[0], table: table, column: key)
            return (k, try StoredRow(row, table: table, key: k, names: [key, "json"]).requiredJSON(1))
        }
    }

    /// Builders filled on several threads, collected under a lock.
    private final class PartResults: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [Result<CaseReport.Builder, any Error>?]

        init(count: Int) { items = Array(repeating: nil, count: count) }

        func set(_ k: Int, _ result: Result<CaseReport.Builder, any Error>) { lock.withLock { items[k] = result } }

        func get(_ k: Int) throws -> CaseReport.Builder { try lock.withLock { items[k]! }.get() }
    }

    /// The report's pass over the log, on SQLite's own cursor: ids are compared as bytes, and
    /// a string is made only when the case changes (a million cases, ten million rows).
    /// Cases with ids in `from..<to` (nil: unbounded), each case's events in order.
    static func scanForReport(_ db: Database, from: String?, to: String?, into builder: inout CaseReport.Builder) throws {
        let statement = try db.makeStatement(sql: """
            SELECT case_id, type, at, step, office_seconds, working_days, on_time, definition_hash, calendar_id, seq
            FROM event WHERE case_id >= ? AND (? IS NULL OR case_id < ?)
              AND type IN ('case-opened', 'step-completed', 'step-sent-back', 'case-closed')
            ORDER BY case_id, seq
            """)
        // An id that is not text can only be a blob (the column's text affinity stores numbers
        // as text, and it is NOT NULL): blobs sort after every text, into the last part, whose
        // scan refuses them.
        try statement.setArguments([from ?? "", to, to])
        // The raw pointer is only valid while GRDB's statement lives: keep it alive to the end.
        try withExtendedLifetime(statement) { try scan(statement.sqliteStatement, db, into: &builder) }
    }

    private static func scan(_ stmt: SQLiteStatement, _ db: Database, into builder: inout CaseReport.Builder) throws {
        func bytes(_ column: Int32) -> UnsafeRawBufferPointer {
            guard let p = sqlite3_column_blob(stmt, column) else { return UnsafeRawBufferPointer(start: nil, count: 0) }
            return UnsafeRawBufferPointer(start: p, count: Int(sqlite3_column_bytes(stmt, column)))
        }
        func text(_ column: Int32) -> String { String(decoding: bytes(column), as: UTF8.self) }
        /// Refuses a value of the wrong storage class (checked before any read converts it).
        func check(_ column: Int32, _ expected: Int32, nullable: Bool = false) throws {
            let t = sqlite3_column_type(stmt, column)
            if t == expected || (nullable && t == SQLITE_NULL) { return }
            throw corrupt(stmt, column, t, Self.reportColumns, expected: expected)
        }
        var lastCase: [UInt8] = []
        var current: Int32?
        var steps: [[UInt8]] = []
        defer { sqlite3_reset(stmt) }
        while true {
            let rc = sqlite3_step(stmt)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else {
                throw StoreError.corrupt("reading the event log: \(String(cString: sqlite3_errmsg(db.sqliteConnection)))")
            }
            // The query's filter keeps only the four text types; the id and time are checked.
            try check(0, SQLITE_TEXT)
            try check(2, SQLITE_INTEGER)
            let type = bytes(1)
            let at = Instant(secondsSinceEpoch: sqlite3_column_int64(stmt, 2))
            // 'case-opened' | 'case-closed' | 'step-completed' | 'step-sent-back': the 6th byte tells them apart.
            let kind = type.count > 5 ? type[5] : 0
            if kind == UInt8(ascii: "o") {
                try check(7, SQLITE_TEXT)
                try check(8, SQLITE_TEXT)
                lastCase = Array(bytes(0))
                current = builder.open(caseID: String(decoding: lastCase, as: UTF8.self), definitionHash: text(7), calendarID: text(8), at: at)
                steps = current.map(builder.stepIDs(ofCase:)) ?? []
                continue
            }
            if kind == UInt8(ascii: "c") && type.count == 14 {
                try check(3, SQLITE_TEXT)
                try check(4, SQLITE_INTEGER)
                try check(5, SQLITE_INTEGER)
                try check(6, SQLITE_INTEGER, nullable: true)
            }
            let id = bytes(0)
            if !id.elementsEqual(lastCase) {
                lastCase = Array(id)
                current = builder.caseIndex[String(decoding: lastCase, as: UTF8.self)]
                steps = current.map(builder.stepIDs(ofCase:)) ?? []
            }
            guard let c = current else {
                // Opened in an earlier part of the log: kept for the merge.
                let caseID = String(decoding: lastCase, as: UTF8.self)
                switch kind {
                case UInt8(ascii: "c") where type.count == 14:
                    let onTime: Bool? = sqlite3_column_type(stmt, 6) == SQLITE_NULL ? nil : sqlite3_column_int64(stmt, 6) != 0
                    builder.complete(caseID: caseID, step: text(3), at: at, officeSeconds: sqlite3_column_int64(stmt, 4),
                                     workingDays: Int(sqlite3_column_int64(stmt, 5)), onTime: onTime)
                case UInt8(ascii: "s"): builder.sendBack(caseID: caseID)
                case UInt8(ascii: "c"): builder.close(caseID: caseID, at: at)
                default: break
                }
                continue
            }
            switch kind {
            case UInt8(ascii: "c") where type.count == 14:
                let step = bytes(3)
                guard let i = steps.firstIndex(where: { $0.elementsEqual(step) }) else { continue }
                let onTime: Bool? = sqlite3_column_type(stmt, 6) == SQLITE_NULL ? nil : sqlite3_column_int64(stmt, 6) != 0
                builder.complete(case: c, step: i, at: at, officeSeconds: sqlite3_column_int64(stmt, 4),
                                 workingDays: Int(sqlite3_column_int64(stmt, 5)), onTime: onTime)
            case UInt8(ascii: "s"):
                builder.sendBack(case: c)
            case UInt8(ascii: "c"):
                builder.close(case: c, at: at)
            default:
                continue
            }
        }
    }

    static let reportColumns = ["case_id", "type", "at", "step", "office_seconds", "working_days", "on_time", "definition_hash", "calendar_id", "seq"]
    static let exportColumns = ["case_id", "seq", "at", "type", "actor", "role", "step", "outcome", "due", "round",
                                "office_seconds", "working_days", "on_time", "document", "sha256", "sop_id", "definition_hash"]

    /// The error for a raw statement's `column` of storage class `type` where `expected`
    /// belongs, naming the event by `case_id` (column 0) and `seq` (in `names`) when those are
    /// readable. Called before any other read of the row converts its values.
    static func corrupt(_ stmt: SQLiteStatement, _ column: Int32, _ type: Int32, _ names: [String], expected: Int32) -> StoreError {
        let caseID = sqlite3_column_type(stmt, 0) == SQLITE_TEXT
            ? sqlite3_column_text(stmt, 0).map { String(cString: $0) } : nil
        let seqColumn = names.firstIndex(of: "seq").map(Int32.init)
        let sequence = seqColumn.flatMap { sqlite3_column_type(stmt, $0) == SQLITE_INTEGER ? Int(sqlite3_column_int64(stmt, $0)) : nil }
        let place = StoredRow.place("event", key: column == 0 ? nil : caseID, sequence: column == seqColumn ? nil : sequence)
        let wanted = expected == SQLITE_INTEGER ? "an integer" : "text"
        return .corrupt("\(place): column '\(names[Int(column)])' holds \(StoredRow.kind(sqliteType: type)), not \(wanted)")
    }

    /// Every event, case by case (cases by id, events in order), as borrowed bytes with the
    /// case's status and revision rounds on its first event: exports stream the log without
    /// holding it, or a string per field, in memory.
    public func forEachEventBytes(_ body: (EventBytes) throws -> Void) throws {
        try writer.read { db in
            // The log is clustered by case, so this is one sequential pass; the case's read-model
            // row is looked up once, at its first event (a join would re-seek for every row).
            let statement = try db.makeStatement(sql: """
                SELECT case_id, seq, at, type, actor, role, coalesce(step, from_step), outcome, due, round,
                       office_seconds, working_days, on_time, document, sha256, sop_id, definition_hash
                FROM event ORDER BY case_id, seq
                """)
            let summary = try db.makeStatement(sql: "SELECT status, revision_rounds FROM case_summary WHERE case_id = ?")
            // The raw pointers are only valid while GRDB's statements live.
            try withExtendedLifetime((statement, summary)) {
                try Self.stream(statement.sqliteStatement, summary.sqliteStatement, db, body)
            }
        }
    }

    private static func stream(_ stmt: SQLiteStatement, _ sum: SQLiteStatement, _ db: Database, _ body: (EventBytes) throws -> Void) throws {
        do {
            defer { sqlite3_reset(stmt); sqlite3_reset(sum) }
            // Each value's storage class is checked just before it is read (a read may convert
            // it: a text read as an integer would be 0, an integer read as text its digits).
            func text(_ column: Int32) throws -> UnsafeRawBufferPointer? {
                let t = sqlite3_column_type(stmt, column)
                if t == SQLITE_NULL { return nil }
                guard t == SQLITE_TEXT else { throw corrupt(stmt, column, t, exportColumns, expected: SQLITE_TEXT) }
                // An empty text gives a valid pointer.
                guard let p = sqlite3_column_text(stmt, column) else { return nil }
                return UnsafeRawBufferPointer(start: p, count: Int(sqlite3_column_bytes(stmt, column)))
            }
            func int(_ column: Int32) throws -> Int64? {
                let t = sqlite3_column_type(stmt, column)
                if t == SQLITE_NULL { return nil }
                guard t == SQLITE_INTEGER else { throw corrupt(stmt, column, t, exportColumns, expected: SQLITE_INTEGER) }
                return sqlite3_column_int64(stmt, column)
            }
            func required<T>(_ value: T?, _ column: Int32, _ expected: Int32) throws -> T {
                guard let value else { throw corrupt(stmt, column, SQLITE_NULL, exportColumns, expected: expected) }
                return value
            }
            while true {
                let rc = sqlite3_step(stmt)
                if rc == SQLITE_DONE { break }
                guard rc == SQLITE_ROW else {
                    throw StoreError.corrupt("reading the event log: \(String(cString: sqlite3_errmsg(db.sqliteConnection)))")
                }
                let caseID = try required(text(0), 0, SQLITE_TEXT)
                let sequence = Int(try required(int(1), 1, SQLITE_INTEGER))
                let at = Instant(secondsSinceEpoch: try required(int(2), 2, SQLITE_INTEGER))
                var e = EventBytes(caseID: caseID, sequence: sequence, at: at, type: try required(text(3), 3, SQLITE_TEXT))
                e.actor = try text(4); e.role = try text(5); e.step = try text(6); e.outcome = try text(7)
                e.due = try int(8).map(Instant.init(secondsSinceEpoch:)); e.round = try int(9).map(Int.init)
                e.officeSeconds = try int(10); e.workingDays = try int(11).map(Int.init); e.onTime = try int(12).map { $0 != 0 }
                e.document = try text(13); e.sha256 = try text(14); e.sopID = try text(15); e.definitionHash = try text(16)
                if sequence == 1 {
                    sqlite3_bind_text(sum, 1, caseID.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(caseID.count), nil)
                    if sqlite3_step(sum) == SQLITE_ROW {
                        let statusType = sqlite3_column_type(sum, 0), roundsType = sqlite3_column_type(sum, 1)
                        if statusType != SQLITE_TEXT || roundsType != SQLITE_INTEGER {
                            let (name, t, wanted) = statusType != SQLITE_TEXT ? ("status", statusType, "text") : ("revision_rounds", roundsType, "an integer")
                            throw StoreError.corrupt("case_summary of case \(String(decoding: caseID, as: UTF8.self)): column '\(name)' holds \(StoredRow.kind(sqliteType: t)), not \(wanted)")
                        }
                        let status = sqlite3_column_text(sum, 0).map { UnsafeRawBufferPointer(start: $0, count: Int(sqlite3_column_bytes(sum, 0))) }
                        e.caseStatus = status
                        e.caseRevisionRounds = Int(sqlite3_column_int64(sum, 1))
                        try body(e)
                    } else {
                        try body(e)
                    }
                    sqlite3_reset(sum)
                    continue
                }
                try body(e)
            }
        }
    }

    /// The definitions stored, by hash.
    public func storedDefinitions() throws -> [String: SOPDefinition] {
        var out: [String: SOPDefinition] = [:]
        for (hash, json) in try writer.read({ db in try Self.keyedJSON(db, table: "definition", key: "hash", order: "hash") }) {
            out[hash] = try decode(SOPDefinition.self, json, "definition \(hash)")
        }
        return out
    }
}
