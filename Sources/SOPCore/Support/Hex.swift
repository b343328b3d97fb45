/// Lowercase hex text of bytes: digests, HMAC signatures, and the random ids and tokens of
/// sessions, CSRF cookies and question nonces.
public enum Hex {
    public static func string(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0xf)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `count` random bytes from `rng`, as hex (two characters a byte).
    public static func random(bytes count: Int, using rng: inout some RandomNumberGenerator) -> String {
        string((0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) })
    }
}
