import SOPCore

/// The simple question the public side asks once an address has used its honest budget of
/// filings: a sum of two numbers from 2 to 9 written in words ("Berapa tiga ditambah
/// empat?"), answered in digits. Chosen over proof-of-work because it needs no JavaScript and
/// costs a citizen's cheap phone nothing, while proof-of-work costs that phone far more than
/// it costs a script on a server; a screen reader reads it as it reads the rest of the form.
///
/// The challenge carries its expiry and a nonce, signed with the answer (HMAC-SHA256 under a
/// key of this process): the server keeps no record of the questions it asked, only of the
/// nonces already answered (``PublicGate``), so an answer counts once.
struct PublicQuestion: Sendable {
    /// How long a question may be answered.
    static let lifetime: Int64 = 15 * 60

    let key: [UInt8]

    init(key: [UInt8]? = nil) {
        var rng = SystemRandomNumberGenerator()
        self.key = key ?? (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
    }

    struct Asked: Sendable, Equatable {
        /// The question as the page shows it.
        var text: String
        /// What the form returns with the answer: `expiry.nonce.signature`.
        var challenge: String
    }

    static let words = ["nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"]
    static let english = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]

    func ask(now: Instant, lang: String, using rng: inout some RandomNumberGenerator) -> Asked {
        let a = Int.random(in: 2...9, using: &rng), b = Int.random(in: 2...9, using: &rng)
        let nonce = Hex.random(bytes: 8, using: &rng)
        let expiry = now.secondsSinceEpoch + Self.lifetime
        let text = lang == "en" ? "What is \(Self.english[a]) plus \(Self.english[b])? Answer in digits."
                                : "Berapa \(Self.words[a]) ditambah \(Self.words[b])? Jawab dengan angka."
        return Asked(text: text, challenge: "\(expiry).\(nonce).\(signature(expiry: expiry, nonce: nonce, answer: a + b))")
    }

    /// Whether `answer` answers `challenge` before its expiry; the nonce when it does.
    func check(challenge: String, answer: String, now: Instant) -> (nonce: String, expiry: Int64)? {
        let parts = challenge.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let expiry = Int64(parts[0]), expiry >= now.secondsSinceEpoch,
              expiry <= now.secondsSinceEpoch + Self.lifetime, parts[1].count == 16, parts[1].allSatisfy(\.isHexDigit),
              let given = Int(answer.trimmingCharacters(in: .whitespaces)), (0...99).contains(given) else { return nil }
        let nonce = String(parts[1])
        let expected = signature(expiry: expiry, nonce: nonce, answer: given)
        return CSRF.matches(String(parts[2]), expected) ? (nonce, expiry) : nil
    }

    func signature(expiry: Int64, nonce: String, answer: Int) -> String {
        Hex.string(SHA256.hmac(key: key, message: Array("sop-question\n\(expiry)\n\(nonce)\n\(answer)".utf8)))
    }
}

import Foundation
