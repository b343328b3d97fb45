import Synchronization

/// Open connections per client address, shared by every connection of the server: a client
/// past its `limit` is refused, so a handful of clients cannot hold every connection.
final class ConnectionLimiter: Sendable {
    let limit: Int
    private let open = Mutex<[String: Int]>([:])

    init(limit: Int) { self.limit = limit }

    /// Counts a new connection from `address`; false (and not counted) when it is one too many.
    func acquire(_ address: String) -> Bool {
        open.withLock { open in
            let count = open[address, default: 0]
            guard count < limit else { return false }
            open[address] = count + 1
            return true
        }
    }

    /// A counted connection from `address` closed.
    func release(_ address: String) {
        open.withLock { open in
            let count = open[address, default: 0] - 1
            open[address] = count > 0 ? count : nil
        }
    }

    /// Open connections from `address` (for tests and logs).
    func count(_ address: String) -> Int { open.withLock { $0[address, default: 0] } }
}
