import HTTPTypes
import SOPLoader

/// The client's address behind reverse proxies: the direct peer's, unless the peer is one of
/// the deployment's trusted proxies; then the right-most address of `X-Forwarded-For` that is
/// not a trusted proxy (each proxy appends the address it was reached from, so the entries
/// left of it are whatever the client wrote and are never believed).
struct ClientAddress: Sendable {
    let trusted: Set<String>

    init(trustedProxies: [String]) {
        trusted = Set(trustedProxies.compactMap(IPAddressText.normalized))
    }

    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!

    func isTrusted(_ peer: String?) -> Bool { peer.flatMap(IPAddressText.normalized).map(trusted.contains) ?? false }

    /// The client's address for a request from `peer` with these headers.
    func resolve(peer: String?, headers: HTTPFields) -> String {
        let direct = peer.flatMap(IPAddressText.normalized) ?? peer ?? "unknown"
        guard !trusted.isEmpty, trusted.contains(direct) else { return direct }
        let hops = headers[values: Self.forwardedFor].flatMap { $0.split(separator: ",") }
        var client = direct
        for hop in hops.reversed() {
            // An entry that is no address was not written by a proxy of ours: stop at the last good hop.
            guard let address = IPAddressText.normalized(String(hop)) else { break }
            client = address
            if !trusted.contains(address) { break }
        }
        return client
    }
}
