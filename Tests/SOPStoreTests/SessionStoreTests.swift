import Foundation
import SOPCore
import SOPStore
import SOPStoreSQLite
import Testing

/// The `session` table (migration v6): saved, read, touched, deleted, expired ones cleared,
/// and kept across reopening the file.
@Suite struct SessionStoreTests {
    func session(_ key: String, opened: Int64 = 1000, used: Int64 = 1000) -> WebSession {
        WebSession(idHash: key, officerID: "loket", fingerprint: "f-\(key)", opened: opened, lastUsed: used)
    }

    @Test func sessionsAreKeptInTheDatabase() async throws {
        let path = CaseFixtures.temporaryDatabase()
        do {
            let store = try SQLiteCaseStore(path: path)
            try await store.saveSession(session("a"))
            try await store.saveSession(session("b", opened: 10, used: 10))
            try await store.saveSession(session("c", opened: 10, used: 1500))
            try await store.touchSession(idHash: "a", lastUsed: 1200)
            // Last use never goes back.
            try await store.touchSession(idHash: "a", lastUsed: 1100)
            await #expect(try store.session(idHash: "a") == session("a", used: 1200))
            await #expect(try store.session(idHash: "zz") == nil)
        }
        let reopened = try SQLiteCaseStore(path: path)
        await #expect(try reopened.session(idHash: "a")?.lastUsed == 1200)
        // Idle since before 500, or opened before 100: b (idle) and c (too old) go.
        await #expect(try reopened.deleteSessions(idleBefore: 500, openedBefore: 100) == 2)
        await #expect(try reopened.session(idHash: "b") == nil)
        await #expect(try reopened.session(idHash: "c") == nil)
        try await reopened.deleteSession(idHash: "a")
        await #expect(try reopened.session(idHash: "a") == nil)
        // Read-only opening still reads.
        try await reopened.saveSession(session("d"))
        await #expect(try SQLiteCaseStore(path: path, access: .read).session(idHash: "d") != nil)
    }
}
