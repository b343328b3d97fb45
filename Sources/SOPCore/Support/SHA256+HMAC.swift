extension SHA256 {
    /// HMAC-SHA256 (RFC 2104) of `message` under `key`: the public side's question signs its
    /// answer with it, so a challenge the server handed out needs no server-side record.
    public static func hmac(key: some Sequence<UInt8>, message: some Sequence<UInt8>) -> [UInt8] {
        var k = Array(key)
        if k.count > 64 {
            var h = SHA256()
            h.update(k)
            k = h.finalize()
        }
        k += [UInt8](repeating: 0, count: 64 - k.count)
        var inner = SHA256()
        inner.update(k.map { $0 ^ 0x36 })
        inner.update(message)
        var outer = SHA256()
        outer.update(k.map { $0 ^ 0x5c })
        outer.update(inner.finalize())
        return outer.finalize()
    }
}
