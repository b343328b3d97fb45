import Foundation
import SOPCore

/// An RFC 5322 message of one delivery: UTF-8 text in base64 (safe through any relay), the
/// subject and names in RFC 2047 encoded words, and a Message-ID derived from the delivery's
/// key, so a message sent again after a crash between the relay's answer and the outbox's
/// record carries the same id (and mail systems fold it into one).
enum MailMessage {
    static func messageID(_ key: String, domain: String) -> String {
        "<sop-\(SHA256.hex(Array(key.utf8)).prefix(32))@\(domain)>"
    }

    static func encodedWord(_ text: String) -> String {
        if text.unicodeScalars.allSatisfy({ $0.value >= 32 && $0.value < 127 }) && !text.contains("=?") { return text }
        // Encoded words of at most 75 characters (RFC 2047): 45 bytes of UTF-8 each, never
        // splitting a character, folded onto continuation lines.
        var words: [String] = []
        var chunk: [UInt8] = []
        for c in text {
            let bytes = Array(String(c).utf8)
            if chunk.count + bytes.count > 45 {
                words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=") }
        return words.joined(separator: "\r\n ")
    }

    /// A display name as a header's phrase: the name without characters that would break out of it.
    static func phrase(_ name: String) -> String {
        let clean = String(name.unicodeScalars.filter { $0.value >= 32 && !"\"\\<>\r\n".unicodeScalars.contains($0) }.map(Character.init))
        let word = encodedWord(clean)
        return word == clean ? "\"\(clean)\"" : word
    }

    static func date(_ at: Instant) -> String {
        let (d, s) = at.local(utcOffsetSeconds: 0)
        let days = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let weekday = days[Int(((at.secondsSinceEpoch / 86_400) % 7 + 7) % 7)]
        return String(format: "%@, %02d %@ %04d %02d:%02d:%02d +0000", weekday, d.day, months[d.month - 1], d.year, s / 3600, s / 60 % 60, s % 60)
    }

    /// The message, lines ending in CRLF, not yet dot-stuffed.
    static func text(from: String, fromName: String, to: String, toName: String?, subject: String, body: String,
                     key: String, caseID: String, at: Instant) -> String {
        let domain = from.split(separator: "@").last.map(String.init) ?? "sop-engine"
        let encoded = Data(body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n").utf8)
            .base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        let headers = [
            "From: \(phrase(fromName)) <\(from)>",
            "To: " + (toName.map { "\(phrase($0)) <\(to)>" } ?? "<\(to)>"),
            "Subject: \(encodedWord(subject))",
            "Date: \(date(at))",
            "Message-ID: \(messageID(key, domain: domain))",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: base64",
            "Auto-Submitted: auto-generated",
            "X-SOP-Case: \(encodedWord(caseID))",
        ]
        return headers.joined(separator: "\r\n") + "\r\n\r\n" + encoded + "\r\n"
    }
}
