import GRDB
import SOPCore
import SOPStore

/// What ``SQLiteCaseStore/verifyChain(caseID:onBreak:)`` found.
public struct ChainReport: Sendable, Hashable, Codable {
    public var cases: Int
    public var events: Int
    /// The first break of each broken case, in case-id order.
    public var breaks: [ChainBreak]

    public var intact: Bool { breaks.isEmpty }
}

extension SQLiteCaseStore {
    /// Walks the chain of every case (or of `caseID` only) in one streaming pass over the log
    /// in case order, checking each event's stored link against the hash of its stored fields
    /// (``ChainWalk``) and each case's event count against its read model. Memory stays
    /// constant besides the breaks found; `onBreak` hears each break as it is found.
    public func verifyChain(caseID: String? = nil, onBreak: (ChainBreak) -> Void = { _ in }) throws -> ChainReport {
        try writer.read { db in
            var walk = ChainWalk()
            let filter = caseID == nil ? "" : "WHERE e.case_id = ?"
            let arguments: StatementArguments = caseID.map { [$0] } ?? []
            let rows = try Row.fetchCursor(db, sql: """
                SELECT \(RecordedEvent.selectColumns), chain FROM event e \(filter) ORDER BY case_id, seq
                """, arguments: arguments)
            let width = RecordedEvent.columns.count
            // The read model's count, looked up once per case (a join would seek for every row).
            let version = try db.makeStatement(sql: "SELECT version FROM case_summary WHERE case_id = ?")
            func count(_ id: String) throws -> Int? {
                try Row.fetchOne(version, arguments: [id]).flatMap { Self.integer($0[0] as DatabaseValue) }
            }
            var current: (id: String, version: Int?)?
            while let row = try rows.next() {
                // Read without conversions that trap: a tampered row may hold any type.
                let id = Self.text(row[0] as DatabaseValue) ?? (row[0] as DatabaseValue).description
                if current?.id != id {
                    if let c = current, let b = walk.finish(caseID: c.id, version: c.version) { onBreak(b) }
                    current = (id, try count(id))
                }
                let sequence = Self.integer(row[1] as DatabaseValue) ?? 0
                let fields = (0..<width).map { StoredValue(row[$0] as DatabaseValue) }
                if let b = walk.visit(caseID: id, sequence: sequence, fields: fields, storedLink: Self.text(row[width] as DatabaseValue)) { onBreak(b) }
            }
            if let c = current, let b = walk.finish(caseID: c.id, version: c.version) { onBreak(b) }
            // Cases the read model knows and the log has no event of.
            let orphans = try Row.fetchCursor(db, sql: """
                SELECT s.case_id, s.version FROM case_summary s
                WHERE \(caseID == nil ? "" : "s.case_id = ? AND") NOT EXISTS (SELECT 1 FROM event e WHERE e.case_id = s.case_id)
                ORDER BY s.case_id
                """, arguments: arguments)
            while let row = try orphans.next() { onBreak(walk.noEvents(caseID: Self.text(row[0] as DatabaseValue) ?? "?", version: Self.integer(row[1] as DatabaseValue) ?? 0)) }
            var breaks = walk.breaks
            breaks.sort { ($0.caseID.utf8.lexicographicallyPrecedes($1.caseID.utf8)) }
            return ChainReport(cases: walk.cases, events: walk.events, breaks: breaks)
        }
    }

    static func text(_ value: DatabaseValue) -> String? {
        if case .string(let s) = value.storage { return s }
        return nil
    }

    static func integer(_ value: DatabaseValue) -> Int? {
        if case .int64(let v) = value.storage { return Int(exactly: v) }
        return nil
    }
}
