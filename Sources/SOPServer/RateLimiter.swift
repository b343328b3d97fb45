import SOPCore

/// At most `limit` requests per client in each window of `window` seconds: a fixed window
/// per address, enough to stop a script filing complaints in a loop. Shared by every
/// request, hence an actor.
actor RateLimiter {
    let limit: Int
    let window: Int64
    private var counts: [String: (windowStart: Int64, count: Int)] = [:]

    init(limit: Int, window: Int) {
        self.limit = limit
        self.window = Int64(window)
    }

    /// Counts a request from `client` at `now`; false when it is over the limit.
    func allow(_ client: String, now: Instant) -> Bool {
        let start = now.secondsSinceEpoch - now.secondsSinceEpoch % window
        if counts.count > 10_000 { counts = counts.filter { $0.value.windowStart == start } }
        var entry = counts[client] ?? (start, 0)
        if entry.windowStart != start { entry = (start, 0) }
        guard entry.count < limit else { return false }
        entry.count += 1
        counts[client] = entry
        return true
    }
}
