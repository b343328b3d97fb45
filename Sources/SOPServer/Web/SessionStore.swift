import Foundation
import SOPCore

/// Signed-in officers by session id (random, in a cookie marked HttpOnly and SameSite=Strict,
/// and Secure when the deployment is reached over TLS). A session ends `idle` seconds after
/// its last use and `lifetime` seconds after signing in, whichever is first: the cookie's
/// Max-Age says the same to the browser, and the server holds to it whatever the browser keeps.
/// Kept in memory: a restart asks officers to sign in again, and the token never sits in the browser.
actor SessionStore {
    struct Session {
        var officerID: String
        var opened: Int64
        var lastUsed: Int64
    }

    let idle: Int64
    let lifetime: Int64
    let clock: @Sendable () -> Instant
    private var sessions: [String: Session] = [:]

    init(_ policy: Deployment.Sessions, clock: @escaping @Sendable () -> Instant) {
        idle = Int64(policy.idleMinutes) * 60
        lifetime = Int64(policy.maxHours) * 3600
        self.clock = clock
    }

    func open(_ officerID: String) -> String {
        let now = clock().secondsSinceEpoch
        if sessions.count > 1000 { sessions = sessions.filter { live($0.value, now) } }
        var rng = SystemRandomNumberGenerator()
        let id = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &rng)) }.joined()
        sessions[id] = Session(officerID: officerID, opened: now, lastUsed: now)
        return id
    }

    /// The officer of a live session (and it counts as used now); nil, and forgotten, once expired.
    func officer(_ id: String) -> String? {
        let now = clock().secondsSinceEpoch
        guard var session = sessions[id] else { return nil }
        guard live(session, now) else {
            sessions[id] = nil
            return nil
        }
        session.lastUsed = now
        sessions[id] = session
        return session.officerID
    }

    func close(_ id: String) { sessions[id] = nil }

    private func live(_ s: Session, _ now: Int64) -> Bool { now - s.lastUsed < idle && now - s.opened < lifetime }
}
