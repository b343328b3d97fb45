import Foundation
import PostgresNIO
import SOPCore
import SOPStore

/// Reading rows back: every value checked for its type, a row that makes no event or summary
/// is ``StoreError/corrupt(_:)`` naming the table, the case and the column, never the value.
extension PostgresCaseStore {
    static let summaryColumns = "case_id, sop_id, definition_hash, status, active_step, active_role, active_due, opened_at, closed_at, due, version, revision_rounds"
    static let listingColumns = summaryColumns + ", paused_at, resolution, next_timer_at, applicant_office_seconds, agency_due, paused_overdue"

    /// ` AND column IN ($n, …)` for `ids` (none: nothing matches), their values appended.
    static func inList(_ column: String, _ ids: [String], _ values: inout [StoredValue]) -> String {
        guard !ids.isEmpty else { return " AND false" }
        let marks = ids.indices.map { "$\(values.count + $0 + 1)" }.joined(separator: ", ")
        values += ids.map(StoredValue.text)
        return " AND \(column) IN (\(marks))"
    }

    /// The read-model query of ``cases(_:)`` and ``listings(_:)``, as the SQLite store's.
    static func casesSQL(_ query: CaseQuery, columns: String) -> (String, [StoredValue]) {
        var sql = "SELECT \(columns) FROM case_summary s WHERE true"
        var values: [StoredValue] = []
        func next(_ v: StoredValue) -> String { values.append(v); return "$\(values.count)" }
        if let status = query.status { sql += " AND status = \(next(.text(status.rawValue)))" }
        if let role = query.role {
            sql += " AND status = 'open' AND EXISTS (SELECT 1 FROM case_active_step a WHERE a.role = \(next(.text(role))) AND a.case_id = s.case_id)"
        }
        if let overdue = query.overdue {
            // Running clock: the agency's earliest due against its SOP's cutoff now. Stopped
            // clock: the agency's steps as they stood when it stopped.
            sql += " AND status = 'open' AND ((paused_at IS NULL AND agency_due < "
            if overdue.cutoffs.isEmpty {
                sql += next(.integer(overdue.now.secondsSinceEpoch))
            } else {
                sql += "CASE sop_id"
                for (sop, cutoff) in overdue.cutoffs.sorted(by: { $0.key < $1.key }) {
                    sql += " WHEN \(next(.text(sop))) THEN \(next(.integer(cutoff.secondsSinceEpoch)))::BIGINT"
                }
                sql += " ELSE \(next(.integer(overdue.now.secondsSinceEpoch)))::BIGINT END"
            }
            sql += ") OR (paused_at IS NOT NULL AND paused_overdue))"
        }
        if let ids = query.sopIDs { sql += inList("sop_id", ids, &values) }
        sql += " ORDER BY opened_at, case_id LIMIT \(next(.integer(Int64(max(0, query.limit))))) OFFSET \(next(.integer(Int64(max(0, query.offset)))))"
        return (sql, values)
    }

    static func summary(_ row: PostgresRandomAccessRow) throws -> CaseSummary {
        let caseID = try row[0].decode(String.self)
        let r = Cells(row: row, place: "case_summary of case \(caseID)", names: summaryColumns.components(separatedBy: ", "))
        guard let status = CaseState.Status(rawValue: try r.required(3)) else {
            throw StoreError.corrupt("case_summary of case \(caseID): column 'status' holds no known status")
        }
        return CaseSummary(caseID: caseID, sopID: try r.required(1), definitionHash: try r.required(2), status: status,
                           activeStep: try r.text(3 + 1), activeRole: try r.text(5), activeDue: try r.instant(6),
                           openedAt: Instant(secondsSinceEpoch: try r.requiredInt64(7)), closedAt: try r.instant(8), due: try r.instant(9),
                           version: try r.requiredInt(10), revisionRounds: try r.requiredInt(11))
    }

    /// Rows selected as ``listingColumns``, with their active steps read in one query.
    func listings(_ rows: [PostgresRandomAccessRow]) async throws -> [CaseListing] {
        guard !rows.isEmpty else { return [] }
        let summaries = try rows.map(Self.summary)
        var values: [StoredValue] = []
        let inList = Self.inList("case_id", summaries.map(\.caseID), &values)
        var steps: [String: [CaseActivity.ActiveStep]] = [:]
        var last: (String, Int)?
        for row in try await read("SELECT case_id, position, step, role, due, applicant FROM case_active_step WHERE true\(inList) ORDER BY case_id, position, k", values) {
            let caseID = try row[0].decode(String.self)
            let r = Cells(row: row, place: "case_active_step of case \(caseID)", names: ["case_id", "position", "step", "role", "due", "applicant"])
            let position = try r.requiredInt(1)
            if last.map({ $0 != (caseID, position) }) ?? true {
                steps[caseID, default: []].append(CaseActivity.ActiveStep(step: try r.required(2), roles: [], due: try r.instant(4),
                                                                          applicant: try row[5].decode(Bool.self)))
                last = (caseID, position)
            }
            if let role = try r.text(3) { steps[caseID]![steps[caseID]!.count - 1].roles.append(role) }
        }
        let base = 12
        return try zip(rows, summaries).map { row, summary in
            let r = Cells(row: row, place: "case_summary of case \(summary.caseID)", names: Self.listingColumns.components(separatedBy: ", "))
            let activity = CaseActivity(activeSteps: steps[summary.caseID] ?? [], pausedAt: try r.instant(base), resolution: try r.text(base + 1),
                                        nextTimerAt: try r.instant(base + 2), applicantOfficeSeconds: try r.requiredInt64(base + 3),
                                        agencyDue: try r.instant(base + 4), overdueWhenPaused: try row[base + 5].decode(Bool.self))
            return CaseListing(summary: summary, activity: activity)
        }
    }

    /// The event in `row` (selected as ``eventColumns``), by the core's decoder.
    static func event(_ row: PostgresRandomAccessRow) throws -> RecordedEvent {
        let caseID = try row[0].decode(String.self)
        let sequence = Int(try row[1].decode(Int64.self))
        return try RecordedEvent(caseID: caseID, sequence: sequence,
                                 fields: Cells(row: row, place: "event \(caseID)#\(sequence)", names: RecordedEvent.storedFieldNames))
    }

    func integer(_ row: PostgresRandomAccessRow, _ index: Int, _ place: String, _ column: String) throws -> Int64 {
        try Cells(row: row, place: place, names: Array(repeating: column, count: index + 1)).requiredInt64(index)
    }

    func bytes(_ row: PostgresRandomAccessRow, _ index: Int, _ place: String, _ column: String) throws -> [UInt8] {
        guard let buffer = try? row[index].decode(ByteBuffer.self) else {
            throw StoreError.corrupt("\(place): column '\(column)' holds no bytes")
        }
        return Array(buffer.readableBytesView)
    }

    func decodeJSON<T: Decodable>(_ type: T.Type, _ bytes: [UInt8], _ what: String) throws -> T {
        do { return try JSONDecoder().decode(type, from: Data(bytes)) } catch {
            throw StoreError.corrupt("\(what): its JSON does not decode as stored")
        }
    }

}

/// A PostgreSQL row read by position with its values' types checked, for the core's event
/// decoder and the read model: a value of another type is ``StoreError/corrupt(_:)``.
struct Cells: StoredEventFields {
    let row: PostgresRandomAccessRow
    let place: String
    let names: [String]

    func corrupt(_ index: Int, _ expected: String) -> StoreError {
        .corrupt("\(place): column '\(index < names.count ? names[index] : "#\(index)")' holds \(expected == "a value" ? "NULL" : "another type"), not \(expected)")
    }

    func text(_ index: Int) throws -> String? {
        do { return try row[index].decode(String?.self) } catch { throw corrupt(index, "text") }
    }

    func int64(_ index: Int) throws -> Int64? {
        do { return try row[index].decode(Int64?.self) } catch { throw corrupt(index, "an integer") }
    }

    func missing(_ index: Int) -> any Error { corrupt(index, "a value") }

    func unknown(_ what: String) -> any Error {
        StoreError.corrupt("\(place): " + (what == "event type" ? "column 'type' holds no known event type" : "column 'outcome' holds no \(what)"))
    }
}
