import Hummingbird
import Logging

/// One structured line per request: method, route pattern, status, latency and the officer's
/// id. The route is the pattern (`/api/cases/{id}`), never the path: case ids, tracking codes and
/// query strings stay out of the log, as do bodies, complaint text and tokens.
struct AccessLogMiddleware: RouterMiddleware {
    typealias Context = SOPRequestContext
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            log(request, context, status: response.status.code, since: start)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            log(request, context, status: status, since: start)
            throw error
        }
    }

    private func log(_ request: Request, _ context: Context, status: Int, since start: ContinuousClock.Instant) {
        let milliseconds = (ContinuousClock.now - start) / .milliseconds(1)
        var metadata: Logger.Metadata = [
            "method": .string(request.method.rawValue),
            "route": .string(context.endpointPath ?? "(no route)"),
            "status": .stringConvertible(status),
            "ms": .string(Self.twoDecimals(milliseconds)),
        ]
        if let officer = context.trace.officer { metadata["officer"] = .string(officer) }
        logger.info("request", metadata: metadata)
    }

    /// `value` with two decimals, as `%.2f` writes a latency except that an exact half rounds up
    /// rather than to even (Foundation's `String(format:)` was a tenth of the access line's cost).
    static func twoDecimals(_ value: Double) -> String {
        let hundredths = Int((max(0, value) * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
