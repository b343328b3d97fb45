import Foundation
import HTTPTypes
import Hummingbird
import SOPCore

/// The largest body each route takes: the public filing a small one (a complaint is text),
/// the officers' routes room for documents as base64. A body declared larger is refused with
/// 413 before it is read (``ConnectionGuard`` on a connection, ``BodyLimitMiddleware`` in the
/// router); a chunked body is read up to the limit only.
struct BodyLimits: Sendable {
    var publicLimit: Int
    var officerLimit: Int

    /// Officers' bodies carry documents as base64: room for a 10 MiB document and its JSON.
    static let defaultOfficerLimit = 64 << 20

    init(_ deployment: Deployment) {
        publicLimit = deployment.publicBodyLimit
        officerLimit = max(Self.defaultOfficerLimit, deployment.documentLimit / 3 * 4 + (1 << 20))
    }

    func limit(for request: HTTPRequest) -> Int {
        let path = request.path ?? "/"
        return path.hasPrefix("/public/") || path == "/public" || path.hasPrefix("/masuk") ? publicLimit : officerLimit
    }
}

/// Refuses a body declared (Content-Length) larger than its route takes, 413 with the JSON error.
struct BodyLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    let limits: BodyLimits

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let limit = limits.limit(for: request.head)
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > limit {
            throw APIError.tooLarge(declared, limit: limit)
        }
        return try await next(request, context)
    }
}
