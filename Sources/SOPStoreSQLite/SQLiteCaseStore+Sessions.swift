import Foundation
import GRDB
import SOPCore
import SOPStore

extension SQLiteCaseStore: WebSessionStore {
    /// v6: the `session` table.
    static func createSessionTable(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE session (
                id_hash TEXT PRIMARY KEY NOT NULL,
                officer_id TEXT NOT NULL,
                fingerprint TEXT NOT NULL,
                opened_at INTEGER NOT NULL,
                last_used_at INTEGER NOT NULL
            ) WITHOUT ROWID;
            CREATE INDEX session_last_used ON session (last_used_at);
            """)
    }

    public func saveSession(_ s: WebSession) async throws {
        try await StoreThreads.run { try self.writer.write { db in
            try db.execute(sql: """
                INSERT OR REPLACE INTO session (id_hash, officer_id, fingerprint, opened_at, last_used_at) VALUES (?, ?, ?, ?, ?)
                """, arguments: [s.idHash, s.officerID, s.fingerprint, s.opened, s.lastUsed])
        } }
    }

    public func session(idHash: String) async throws -> WebSession? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT officer_id, fingerprint, opened_at, last_used_at FROM session WHERE id_hash = ?",
                             arguments: [idHash]).map {
                WebSession(idHash: idHash, officerID: $0[0], fingerprint: $0[1], opened: $0[2], lastUsed: $0[3])
            }
        }
    }

    public func touchSession(idHash: String, lastUsed: Int64) async throws {
        try await StoreThreads.run { try self.writer.write { db in
            try db.execute(sql: "UPDATE session SET last_used_at = max(last_used_at, ?) WHERE id_hash = ?", arguments: [lastUsed, idHash])
        } }
    }

    public func deleteSession(idHash: String) async throws {
        try await StoreThreads.run { try self.writer.write { db in try db.execute(sql: "DELETE FROM session WHERE id_hash = ?", arguments: [idHash]) } }
    }

    @discardableResult
    public func deleteSessions(idleBefore: Int64, openedBefore: Int64) async throws -> Int {
        try await StoreThreads.run { try self.writer.write { db in
            try db.execute(sql: "DELETE FROM session WHERE last_used_at < ? OR opened_at < ?", arguments: [idleBefore, openedBefore])
            return db.changesCount
        } }
    }
}
