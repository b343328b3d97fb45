#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// IP addresses as text, as a deployment names trusted proxies and as `X-Forwarded-For` carries them.
public enum IPAddressText {
    /// The address in its canonical form (`::1`, `10.0.0.1`; an IPv4-mapped IPv6 address as
    /// its IPv4 form), or nil when it is not an address.
    public static func normalized(_ text: String) -> String? {
        var trimmed = Substring(text)
        while trimmed.first == " " || trimmed.first == "\t" { trimmed.removeFirst() }
        while trimmed.last == " " || trimmed.last == "\t" { trimmed.removeLast() }
        if trimmed.hasPrefix("["), trimmed.hasSuffix("]") { trimmed = trimmed.dropFirst().dropLast() }
        let s = String(trimmed)
        guard !s.isEmpty, s.utf8.count <= 64 else { return nil }
        var v4 = in_addr()
        if inet_pton(AF_INET, s, &v4) == 1 { return format(AF_INET, &v4, Int(INET_ADDRSTRLEN)) }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, s, &v6) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xff, bytes[11] == 0xff {
            return bytes[12...].map(String.init).joined(separator: ".")
        }
        return format(AF_INET6, &v6, Int(INET6_ADDRSTRLEN))
    }

    private static func format<T>(_ family: Int32, _ address: inout T, _ size: Int) -> String? {
        var buffer = [CChar](repeating: 0, count: size)
        guard inet_ntop(family, &address, &buffer, socklen_t(size)) != nil else { return nil }
        return String(cString: buffer)
    }
}
