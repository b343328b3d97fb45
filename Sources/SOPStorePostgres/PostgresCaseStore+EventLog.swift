import Foundation
import PostgresNIO
import SOPCore
import SOPStore

/// The whole log read in one streamed pass ordered by case and position (the rows come as the
/// server sends them, never all held), for the report and the exports.
extension PostgresCaseStore: EventLog {
    public func report(limits: [LegalLimit], now: Instant) async throws -> CaseReport {
        var builder = CaseReport.Builder(limits: limits, now: now)
        for (hash, definition) in try await storedDefinitions().sorted(by: { ($0.value.id, $0.key) < ($1.value.id, $1.key) }) {
            builder.addDefinition(definition, hash: hash)
        }
        for row in try await read("SELECT id, json FROM calendar ORDER BY id") {
            let id = try row[0].decode(String.self)
            builder.addCalendar(WorkingCalendar(try decodeJSON(CalendarDefinition.self, try bytes(row, 1, "calendar \(id)", "json"), "calendar \(id)")))
        }
        let sql = """
            SELECT case_id, seq, type, at, step, office_seconds, working_days, on_time, definition_hash, calendar_id FROM event
            WHERE type IN ('case-opened', 'step-completed', 'step-sent-back', 'case-closed') ORDER BY case_id, seq
            """
        do {
            for try await row in try await client.query(Self.query(sql, []), logger: logger) {
                let r = row.makeRandomAccess()
                let caseID = try r[0].decode(String.self)
                let cells = Cells(row: r, place: "event \(caseID)#\((try? r[1].decode(Int64.self)) ?? 0)",
                                  names: ["case_id", "seq", "type", "at", "step", "office_seconds", "working_days", "on_time", "definition_hash", "calendar_id"])
                let at = Instant(secondsSinceEpoch: try cells.requiredInt64(3))
                switch try cells.required(2) {
                case "case-opened":
                    builder.open(caseID: caseID, definitionHash: try cells.required(8), calendarID: try cells.required(9), at: at)
                case "step-completed":
                    builder.complete(caseID: caseID, step: try cells.required(4), at: at, officeSeconds: try cells.requiredInt64(5),
                                     workingDays: try cells.requiredInt(6), onTime: try cells.bool(7))
                case "step-sent-back": builder.sendBack(caseID: caseID)
                default: builder.close(caseID: caseID, at: at)
                }
            }
        } catch let e as StoreError {
            throw e
        } catch {
            throw Self.unavailable(error, location)
        }
        return builder.build()
    }

    public func forEachEventBytes(_ body: (EventBytes) throws -> Void) async throws {
        let columns = RecordedEvent.storedFieldNames.map { "e.\($0)" }.joined(separator: ", ")
        let sql = """
            SELECT \(columns), CASE WHEN e.seq = 1 THEN s.status END, CASE WHEN e.seq = 1 THEN s.revision_rounds END
            FROM event e LEFT JOIN case_summary s ON s.case_id = e.case_id ORDER BY e.case_id, e.seq
            """
        let status = RecordedEvent.storedFieldNames.count
        do {
            for try await row in try await client.query(Self.query(sql, []), logger: logger) {
                let r = row.makeRandomAccess()
                let event = try Self.event(r)
                let rounds = try r[status + 1].decode(Int64?.self).map(Int.init)
                do {
                    try event.withBytes(caseStatus: try r[status].decode(String?.self), caseRevisionRounds: rounds, body)
                } catch {
                    throw Refusal(error: error)
                }
            }
        } catch let r as Refusal {
            throw r.error
        } catch let e as StoreError {
            throw e
        } catch {
            throw Self.unavailable(error, location)
        }
    }

    public func storedDefinitions() async throws -> [String: SOPDefinition] {
        var out: [String: SOPDefinition] = [:]
        for row in try await read("SELECT hash, json FROM definition ORDER BY hash") {
            let hash = try row[0].decode(String.self)
            out[hash] = try decodeJSON(SOPDefinition.self, try bytes(row, 1, "definition \(hash)", "json"), "definition \(hash)")
        }
        return out
    }
}
