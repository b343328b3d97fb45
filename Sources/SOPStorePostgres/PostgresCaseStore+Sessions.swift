import PostgresNIO
import SOPCore
import SOPStore

/// Officers' web sessions in the shared database, so a session opened on one node is known
/// to every node (never the session id itself: only its SHA-256).
extension PostgresCaseStore: WebSessionStore {
    static let sessionTable = """
        CREATE TABLE session (id_hash TEXT PRIMARY KEY, officer_id TEXT NOT NULL, fingerprint TEXT NOT NULL,
                              opened_at BIGINT NOT NULL, last_used_at BIGINT NOT NULL)
        """

    public func saveSession(_ s: WebSession) async throws {
        try await transaction { c in
            try await self.execute("""
                INSERT INTO session (id_hash, officer_id, fingerprint, opened_at, last_used_at) VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (id_hash) DO UPDATE SET officer_id = excluded.officer_id, fingerprint = excluded.fingerprint,
                    opened_at = excluded.opened_at, last_used_at = excluded.last_used_at
                """, [.text(s.idHash), .text(s.officerID), .text(s.fingerprint), .integer(s.opened), .integer(s.lastUsed)], on: c)
        }
    }

    public func session(idHash: String) async throws -> WebSession? {
        guard let row = try await read("SELECT officer_id, fingerprint, opened_at, last_used_at FROM session WHERE id_hash = $1", [.text(idHash)]).first
        else { return nil }
        let r = Cells(row: row, place: "session", names: ["officer_id", "fingerprint", "opened_at", "last_used_at"])
        return WebSession(idHash: idHash, officerID: try r.required(0), fingerprint: try r.required(1),
                          opened: try r.requiredInt64(2), lastUsed: try r.requiredInt64(3))
    }

    public func touchSession(idHash: String, lastUsed: Int64) async throws {
        try await transaction { c in
            try await self.execute("UPDATE session SET last_used_at = greatest(last_used_at, $1) WHERE id_hash = $2",
                                   [.integer(lastUsed), .text(idHash)], on: c)
        }
    }

    public func deleteSession(idHash: String) async throws {
        try await transaction { c in try await self.execute("DELETE FROM session WHERE id_hash = $1", [.text(idHash)], on: c) }
    }

    @discardableResult
    public func deleteSessions(idleBefore: Int64, openedBefore: Int64) async throws -> Int {
        try await transaction { c in
            try await self.rows("DELETE FROM session WHERE last_used_at < $1 OR opened_at < $2 RETURNING id_hash",
                                [.integer(idleBefore), .integer(openedBefore)], on: c).count
        }
    }
}
