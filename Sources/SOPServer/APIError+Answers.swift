import Foundation
import Hummingbird
import NIOCore

/// The answers the HTTP layer itself gives, and the JSON body every error answer carries.
extension APIError {
    static func tooLarge(_ size: Int?, limit: Int?) -> APIError {
        let most = limit.map { "at most \($0) bytes" } ?? "less"
        return APIError(.tooLarge, "too-large", size.map { "the body is \($0) bytes; this endpoint takes \(most)" } ?? "the body is too large; this endpoint takes \(most)")
    }

    static func badQuery(_ message: String) -> APIError { APIError(.invalid, "bad-query", message) }

    /// `{"error": {"code": …, "message": …}}`, as bytes.
    var jsonBody: ByteBuffer {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(Body(error: .init(code: code, message: message)))) ?? Data()
        return ByteBuffer(bytes: data)
    }
}
