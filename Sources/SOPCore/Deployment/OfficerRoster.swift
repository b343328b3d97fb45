/// The officers of a deployment as a server looks them up on every request: by the hash of
/// the token presented (one dictionary lookup, not a scan) and by id (for web sessions).
public struct OfficerRoster: Sendable, Hashable {
    public let officers: [Deployment.Officer]
    private let byTokenHash: [String: Deployment.Officer]
    private let byID: [String: Deployment.Officer]

    public init(_ officers: [Deployment.Officer]) {
        self.officers = officers
        byTokenHash = Dictionary(officers.map { ($0.tokenHash, $0) }, uniquingKeysWith: { first, _ in first })
        byID = Dictionary(officers.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The officer whose token this is. The lookup is by the token's SHA-256, so its timing
    /// says nothing useful about the token.
    public func officer(token: String) -> Deployment.Officer? {
        guard !token.isEmpty else { return nil }
        return byTokenHash[Deployment.Officer.hash(token)]
    }

    public func officer(id: String) -> Deployment.Officer? { byID[id] }
}
