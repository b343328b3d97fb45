import GRDB
import SOPCore
import SOPStore

/// The audit of who did what: every event made acting in a role, newest first, read from the
/// append-only log (nothing is kept beside it that could disagree).
extension SQLiteCaseStore {
    public func actions(sopIDs: [String], limit: Int, offset: Int) throws -> [CaseAction] {
        guard !sopIDs.isEmpty, limit > 0 else { return [] }
        let columns = RecordedEvent.columns.map { "e.\($0)" }.joined(separator: ", ")
        let sql = """
            SELECT \(columns), s.sop_id FROM event e JOIN case_summary s ON s.case_id = e.case_id
            WHERE e.role IS NOT NULL AND e.type IN ('step-completed', 'document-attached', 'note') AND s.sop_id IN (\(Array(repeating: "?", count: sopIDs.count).joined(separator: ", ")))
            ORDER BY e.at DESC, e.case_id, e.seq DESC LIMIT ? OFFSET ?
            """
        var arguments: [(any DatabaseValueConvertible)?] = sopIDs
        arguments.append(limit)
        arguments.append(max(0, offset))
        return try writer.read { db in
            let rows = try Row.fetchCursor(db, sql: sql, arguments: StatementArguments(arguments))
            var actions: [CaseAction] = []
            let sopColumn = RecordedEvent.columns.count
            while let row = try rows.next() {
                let event = try RecordedEvent(row: row)
                actions.append(CaseAction(sopID: try Self.keyText(row[sopColumn], table: "case_summary", column: "sop_id"), event: event))
            }
            return actions
        }
    }
}
