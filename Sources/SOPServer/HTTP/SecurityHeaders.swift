import Foundation
import HTTPTypes
import Hummingbird

/// The headers every answer carries, pages, API answers, errors and documents alike: a strict
/// Content-Security-Policy (the pages run no script and load only their own stylesheet), no
/// framing, no MIME sniffing, no referrer, and nothing kept in caches (answers name people and
/// their complaints). A response that sets its own policy or cache rule (a document, the
/// stylesheet) keeps it.
enum SecurityHeaders {
    /// For pages and JSON: nothing but this origin's stylesheet and images, forms posting back
    /// to this origin, never in a frame.
    static let pagePolicy =
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

    /// For uploaded documents: nothing runs, even when a browser renders the bytes.
    static let documentPolicy = "default-src 'none'; sandbox; frame-ancestors 'none'"

    static func apply(to headers: inout HTTPFields) {
        if headers[.contentSecurityPolicy] == nil { headers[.contentSecurityPolicy] = pagePolicy }
        if headers[.cacheControl] == nil { headers[.cacheControl] = "no-store" }
        headers[.xContentTypeOptions] = "nosniff"
        headers[.xFrameOptions] = "DENY"
        headers[.referrerPolicy] = "no-referrer"
    }
}

/// Adds ``SecurityHeaders`` to every answer of the router; an error thrown below becomes its
/// JSON answer here, so errors carry the headers too.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = try APIError.from(error, logger: context.logger).response(from: request, context: context)
        }
        SecurityHeaders.apply(to: &response.headers)
        return response
    }
}

extension HTTPField.Name {
    static let xFrameOptions = HTTPField.Name("X-Frame-Options")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
}
