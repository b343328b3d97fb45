import Foundation
import SOPCore
import SOPStore
import Synchronization

/// Signed-in officers' web sessions. The session id is random (32 bytes), travels only in a
/// cookie marked HttpOnly and SameSite=Strict (Secure when the deployment is reached over
/// TLS), and is stored as its SHA-256 in the store's `session` table, so sessions survive a
/// restart and are shared by every server on the database. A session ends `idle` seconds
/// after its last use and `lifetime` seconds after signing in, whichever is first (the
/// cookie's Max-Age says the same to the browser), at sign-out, and at once when its officer
/// is removed from the officers file, their token is rotated or their roles change (the
/// fingerprint taken at sign-in no longer matches).
///
/// Our own small type rather than hummingbird-auth's `SessionStorage`: that package is not a
/// dependency of this one, and its storage keys the persist driver by the session id itself
/// and keeps one expiry, where this keeps the id's hash, an idle and a maximum life, and the
/// officer's fingerprint.
struct SessionStore: Sendable {
    let idle: Int64
    let lifetime: Int64
    let clock: @Sendable () -> Instant
    let store: any WebSessionStore
    /// Last use is written at most this often per session (a board reload is not a write).
    static let touchEvery: Int64 = 30

    init(_ policy: Deployment.Sessions, store: any WebSessionStore, clock: @escaping @Sendable () -> Instant) {
        idle = Int64(policy.idleMinutes) * 60
        lifetime = Int64(policy.maxHours) * 3600
        self.store = store
        self.clock = clock
    }

    /// The hash a session id is stored by.
    static func idHash(_ id: String) -> String { SHA256.hex(Array(id.utf8)) }

    /// Opens a session for `officer`; its id (for the cookie only).
    func open(_ officer: Deployment.Officer) async throws -> String {
        let now = clock().secondsSinceEpoch
        // Expired rows are cleared now and then (one sign-in in 32), not on every one.
        if Int.random(in: 0..<32) == 0 {
            try await store.deleteSessions(idleBefore: now - idle, openedBefore: now - lifetime)
        }
        var rng = SystemRandomNumberGenerator()
        let id = Hex.random(bytes: 32, using: &rng)
        try await store.saveSession(WebSession(idHash: Self.idHash(id), officerID: officer.id, fingerprint: officer.sessionFingerprint,
                                         opened: now, lastUsed: now))
        return id
    }

    /// The officer of a live session, as the officers file says now (and the session counts
    /// as used); nil, and the session deleted, once it expired or its officer was removed,
    /// re-tokened or given other roles.
    func officer(_ id: String, in roster: OfficerRoster) async throws -> Deployment.Officer? {
        guard Self.isSessionID(id) else { return nil }
        let key = Self.idHash(id)
        guard let session = try await store.session(idHash: key) else { return nil }
        let now = clock().secondsSinceEpoch
        guard now - session.lastUsed < idle, now - session.opened < lifetime,
              let officer = roster.officer(id: session.officerID), officer.sessionFingerprint == session.fingerprint else {
            try await store.deleteSession(idHash: key)
            return nil
        }
        if now - session.lastUsed >= Self.touchEvery { try await store.touchSession(idHash: key, lastUsed: now) }
        return officer
    }

    func close(_ id: String) async throws {
        guard Self.isSessionID(id) else { return }
        try await store.deleteSession(idHash: Self.idHash(id))
    }

    /// 64 lowercase hex digits, as ``open(_:)`` makes them.
    static func isSessionID(_ id: String) -> Bool {
        id.utf8.count == 64 && id.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}

/// Sessions in memory, for a store that keeps none (a test's stand-in store).
final class MemorySessions: WebSessionStore {
    private let rows = Mutex<[String: WebSession]>([:])

    func saveSession(_ session: WebSession) async { rows.withLock { $0[session.idHash] = session } }
    func session(idHash: String) async -> WebSession? { rows.withLock { $0[idHash] } }
    func touchSession(idHash: String, lastUsed: Int64) async { rows.withLock { $0[idHash]?.lastUsed = lastUsed } }
    func deleteSession(idHash: String) async { rows.withLock { $0[idHash] = nil } }
    func deleteSessions(idleBefore: Int64, openedBefore: Int64) async -> Int {
        rows.withLock { rows in
            let before = rows.count
            rows = rows.filter { $0.value.lastUsed >= idleBefore && $0.value.opened >= openedBefore }
            return before - rows.count
        }
    }
}
