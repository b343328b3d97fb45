import Hummingbird
import SOPCore

/// `Authorization: Bearer <token>` → the officer whose token it is, or 401. The token is
/// compared by its hash in constant time and never logged.
struct OfficerAuthentication: RouterMiddleware {
    typealias Context = SOPRequestContext
    let deployment: Deployment

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "),
              let officer = deployment.officer(token: String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)) else {
            throw APIError.unauthorized
        }
        var context = context
        context.officer = officer
        return try await next(request, context)
    }
}
