import Hummingbird

/// Sets the request context's client address (see ``ClientAddress``).
struct ClientAddressMiddleware: RouterMiddleware {
    typealias Context = SOPRequestContext
    let resolver: ClientAddress

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.clientAddress = resolver.resolve(peer: context.remoteAddress?.ipAddress, headers: request.headers)
        return try await next(request, context)
    }
}
