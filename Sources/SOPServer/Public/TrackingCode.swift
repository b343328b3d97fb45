/// The code the public follows its complaint with: `LAPOR-`, 12 random letters and digits
/// from an alphabet without look-alikes (no 0/O, 1/I/L), and a check character (a weighted
/// sum modulo 31, ``check(_:)``), 19 characters in all. Read case-insensitively, with spaces around it ignored;
/// a code whose check character does not match is told apart from an unknown one, so a
/// mistyped character is reported as such. Codes issued before the check character (18
/// characters) are still read.
enum TrackingCode {
    static let prefix = "LAPOR-"
    static let alphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")
    static let bodyLength = 12

    /// A new code.
    static func make() -> String {
        var rng = SystemRandomNumberGenerator()
        let body = (0..<bodyLength).map { _ in alphabet.randomElement(using: &rng)! }
        return prefix + String(body) + String(check(body)!)
    }

    /// What reading `text` as a tracking code gives.
    enum Reading: Equatable {
        /// A well-formed code, in the canonical (upper-case) form it is stored under.
        case code(String)
        /// The right shape, but the check character does not match: a character was mistyped.
        case mistyped
        /// Not a tracking code at all.
        case invalid
    }

    static func read(_ text: String) -> Reading {
        let s = text.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
        guard s.hasPrefix(prefix) else { return .invalid }
        let rest = Array(s.dropFirst(prefix.count))
        guard rest.allSatisfy(alphabet.contains) else { return .invalid }
        switch rest.count {
        case bodyLength: return .code(s)
        case bodyLength + 1: return check(rest.dropLast()) == rest.last ? .code(s) : .mistyped
        default: return .invalid
        }
    }

    /// The check character of `body` (every character in ``alphabet``): the one that makes
    /// the weighted sum of all 13 values, position k (from 1) weighing k, a multiple of 31.
    /// As 31 is prime and every weight and every difference of neighbouring weights is
    /// nonzero modulo 31, it catches every single wrong character and every swap of two
    /// different neighbours, the check character included. (Luhn mod N would not: for an odd
    /// N, as 31 is, its doubling maps two values to one.)
    static func check<C: Collection<Character>>(_ body: C) -> Character? {
        let n = alphabet.count
        var sum = 0
        for (k, c) in body.enumerated() {
            guard let v = alphabet.firstIndex(of: c) else { return nil }
            sum += (k + 1) * v
        }
        let weight = body.count + 1
        return (0..<n).first { (sum + weight * $0) % n == 0 }.map { alphabet[$0] }
    }
}

import Foundation
