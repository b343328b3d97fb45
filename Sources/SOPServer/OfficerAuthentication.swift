import Hummingbird
import SOPCore
import SOPLoader

/// `Authorization: Bearer <token>` → the officer whose token it is, or 401. The token is
/// looked up by its hash among the officers as the officers file says now (a removed or
/// rotated token is refused on the next request) and never logged.
struct OfficerAuthentication: RouterMiddleware {
    typealias Context = SOPRequestContext
    let officers: OfficerDirectory

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "),
              let officer = officers.officer(token: String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)) else {
            throw APIError.unauthorized
        }
        var context = context
        context.officer = officer
        return try await next(request, context)
    }
}
