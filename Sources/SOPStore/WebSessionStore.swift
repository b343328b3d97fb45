import SOPCore

/// An officer's web session as stored: never the session id itself (only its SHA-256, so a
/// copy of the database opens no session), the officer, and the fingerprint of their token
/// hash and roles at sign-in (``Deployment/Officer/sessionFingerprint``), which must still
/// match for the session to count.
public struct WebSession: Sendable, Hashable {
    /// Lowercase hex SHA-256 of the session id.
    public var idHash: String
    public var officerID: String
    public var fingerprint: String
    /// Seconds since the epoch.
    public var opened: Int64
    public var lastUsed: Int64

    public init(idHash: String, officerID: String, fingerprint: String, opened: Int64, lastUsed: Int64) {
        self.idHash = idHash
        self.officerID = officerID
        self.fingerprint = fingerprint
        self.opened = opened
        self.lastUsed = lastUsed
    }
}

/// Where web sessions are kept, so they survive a restart and every server on the same
/// database shares them.
public protocol WebSessionStore: Sendable {
    func saveSession(_ session: WebSession) async throws
    func session(idHash: String) async throws -> WebSession?
    func touchSession(idHash: String, lastUsed: Int64) async throws
    func deleteSession(idHash: String) async throws
    /// Deletes the sessions idle since before `idleBefore` or opened before `openedBefore`; how many.
    @discardableResult func deleteSessions(idleBefore: Int64, openedBefore: Int64) async throws -> Int
}
