import Foundation
import GRDB
import SOPCore

extension SQLiteCaseStore {
    /// The executed-case report over the whole database: one pass over the event log in the
    /// order it was written (an opening always precedes the rest of its case), so memory grows
    /// with the number of cases and completions, not with the log.
    public func report(limits: [LegalLimit], now: Instant) throws -> CaseReport {
        var builder = CaseReport.Builder(limits: limits, now: now)
        try writer.read { db in
            for row in try Row.fetchAll(db, sql: "SELECT hash, json FROM definition ORDER BY sop_id, hash") {
                let hash: String = row[0]
                builder.addDefinition(try decode(SOPDefinition.self, row[1], "definition \(hash)"), hash: hash)
            }
            for row in try Row.fetchAll(db, sql: "SELECT id, json FROM calendar ORDER BY id") {
                let id: String = row[0]
                builder.addCalendar(WorkingCalendar(try decode(CalendarDefinition.self, row[1], "calendar \(id)")))
            }
            let rows = try Row.fetchCursor(db, sql: """
                SELECT case_id, type, at, step, office_seconds, working_days, on_time, definition_hash, calendar_id
                FROM event WHERE type IN ('case-opened', 'step-completed', 'step-sent-back', 'case-closed')
                """)
            while let row = try rows.next() {
                let caseID: String = row[0]
                let at = Instant(secondsSinceEpoch: row[2])
                switch row[1] as String {
                case "step-completed":
                    builder.complete(caseID: caseID, step: row[3], at: at, officeSeconds: row[4], workingDays: row[5], onTime: row[6])
                case "case-opened":
                    builder.open(caseID: caseID, definitionHash: row[7], calendarID: row[8], at: at)
                case "step-sent-back":
                    builder.sendBack(caseID: caseID)
                default:
                    builder.close(caseID: caseID, at: at)
                }
            }
        }
        return builder.build()
    }

    /// Every event, case by case (cases by id, events in order), streamed to `body` with the
    /// case's read-model row at its first event: exports never hold the log in memory.
    public func forEachEvent(_ body: (RecordedEvent, CaseSummary?) throws -> Void) throws {
        try writer.read { db in
            let summary = try db.makeStatement(sql: "SELECT * FROM case_summary WHERE case_id = ?")
            let rows = try Row.fetchCursor(db, sql: "SELECT \(RecordedEvent.selectColumns) FROM event ORDER BY case_id, seq")
            while let row = try rows.next() {
                let event = try RecordedEvent(row: row)
                let head = event.sequence == 1 ? try Row.fetchOne(summary, arguments: [event.caseID]).map(Self.summary) : nil
                try body(event, head)
            }
        }
    }

    /// The definitions stored, by hash.
    public func storedDefinitions() throws -> [String: SOPDefinition] {
        var out: [String: SOPDefinition] = [:]
        for (hash, json) in try writer.read({ db in
            try Row.fetchAll(db, sql: "SELECT hash, json FROM definition").map { ($0[0] as String, $0[1] as Data) }
        }) {
            out[hash] = try decode(SOPDefinition.self, json, "definition \(hash)")
        }
        return out
    }
}
