import Foundation
import Hummingbird
import MultipartKit
import NIOCore
import NIOHTTP1
import SOPCore

/// Cross-site request forgery: every form the pages post carries a hidden `csrf` field, and
/// a web POST without the right value is refused 403. For a browser with a session cookie the
/// value is bound to that session (the SHA-256 of a label and the session id: a page shows
/// it, and it reveals nothing of the id); before signing in it is a double-submit cookie,
/// `sop_csrf`, random, HttpOnly and SameSite=Strict, that the sign-in form must repeat.
enum CSRF {
    static let cookie = "sop_csrf"
    static let field = "csrf"

    static func sessionToken(_ sessionID: String) -> String { SHA256.hex(Array("sop-csrf\n\(sessionID)".utf8)) }

    /// What a form posted by this browser must carry; nil when it has no cookie to bind to.
    static func expected(_ request: Request) -> String? {
        if let s = request.cookies[OfficerPages.cookie]?.value, !s.isEmpty { return sessionToken(s) }
        if let c = request.cookies[cookie]?.value, isToken(c) { return c }
        return nil
    }

    /// The value the page's forms carry, and a new double-submit cookie's value when the
    /// browser has none yet.
    static func token(for request: Request) -> (token: String, newCookie: String?) {
        if let e = expected(request) { return (e, nil) }
        var rng = SystemRandomNumberGenerator()
        let value = Hex.random(bytes: 32, using: &rng)
        return (value, value)
    }

    static func isToken(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// Compared in constant time.
    static func matches(_ given: String, _ expected: String) -> Bool {
        let a = Array(given.utf8), b = Array(expected.utf8)
        guard a.count == b.count, !a.isEmpty else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }

    /// The `csrf` field of a form body (URL-encoded or multipart), if any.
    static func field(in body: ByteBuffer, contentType: String?) -> String? {
        let type = contentType?.lowercased() ?? ""
        if type.hasPrefix("application/x-www-form-urlencoded") {
            for pair in String(buffer: body).split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard kv.count == 2, kv[0] == field else { continue }
                return String(kv[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
            }
            return nil
        }
        if type.hasPrefix("multipart/form-data"), let contentType, let range = contentType.range(of: "boundary=") {
            let boundary = String(contentType[range.upperBound...]).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            let parser = MultipartParser(boundary: boundary)
            var headers = HTTPHeaders()
            var value = ByteBuffer()
            var found: String?
            parser.onHeader = { name, v in headers.add(name: name, value: v) }
            parser.onBody = { chunk in value.writeBuffer(&chunk) }
            parser.onPartComplete = {
                if found == nil, MultipartPart(headers: headers, body: value).name == field { found = String(buffer: value) }
                headers = HTTPHeaders()
                value = ByteBuffer()
            }
            try? parser.execute(body)
            return found
        }
        return nil
    }
}

/// Refuses, with a 403 page, every web POST (outside the JSON API under /api and /public,
/// which take no cookies) without the form's CSRF value. POST is the only method the pages
/// take; any other method has no page route and the router answers it (404/405) as JSON.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = SOPRequestContext
    let refuse: @Sendable (Request) -> Response

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard Self.isGuarded(request) else { return try await next(request, context) }
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        guard let expected = CSRF.expected(request),
              let given = CSRF.field(in: body, contentType: request.headers[.contentType]),
              CSRF.matches(given, expected) else {
            context.logger.notice("form refused: no valid CSRF value", metadata: ["path": .string(request.uri.path)])
            return refuse(request)
        }
        return try await next(request, context)
    }

    static func isGuarded(_ request: Request) -> Bool {
        guard request.method == .post else { return false }
        let path = request.uri.path
        return !(path == "/api" || path.hasPrefix("/api/") || path == "/public" || path.hasPrefix("/public/"))
    }
}
