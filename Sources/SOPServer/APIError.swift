import Foundation
import Hummingbird
import NIOCore
import SOPCore
import SOPStore

/// An error answered as JSON, `{"error": {"code": "...", "message": "..."}}`, with the HTTP
/// status a client can act on: 400 bad input, 401 no valid token, 403 a role it may not act
/// in, 404, 409 a conflict with the case's state, 413 a document over the limit, 429 too many
/// public filings.
public struct APIError: HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String

    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    struct Body: Encodable {
        struct Inner: Encodable { var code: String; var message: String }
        var error: Inner
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let data = try JSONEncoder().encode(Body(error: .init(code: code, message: message)))
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static let unauthorized = APIError(.unauthorized, "unauthorized", "a valid token is required: `Authorization: Bearer <token>`")

    /// The status for a refusal of the interpreter or the store.
    static func from(_ error: any Error) -> APIError {
        switch error {
        case let e as APIError: return e
        case let e as CaseError:
            let status: HTTPResponse.Status = switch e {
            case .unknownCase: .notFound
            case .wrongRole: .forbidden
            case .caseExists, .caseClosed, .stepNotActive, .conflict, .revisionLimit: .conflict
            case .documentTooLarge: .contentTooLarge
            case .calendar, .definitionMismatch: .serviceUnavailable
            default: .badRequest
            }
            return APIError(status, e.code, "\(e)")
        case let e as StoreError:
            return APIError(.serviceUnavailable, "store", "\(e)")
        case let e as DecodingError:
            return APIError(.badRequest, "bad-request", "the body is not the JSON this endpoint takes: \(Self.describe(e))")
        case let e as HTTPError:
            let code = switch e.status {
            case .badRequest: "bad-request"
            case .notFound: "not-found"
            case .contentTooLarge: "too-large"
            case .methodNotAllowed: "method-not-allowed"
            default: "http-\(e.status.code)"
            }
            return APIError(e.status, code, e.body ?? e.status.reasonPhrase)
        default:
            return APIError(.badRequest, "bad-request", "\(error)")
        }
    }

    static func describe(_ e: DecodingError) -> String {
        switch e {
        case .keyNotFound(let key, _): "missing field '\(key.stringValue)'"
        case .typeMismatch(_, let c), .valueNotFound(_, let c): "wrong type at '\(c.codingPath.map(\.stringValue).joined(separator: "."))'"
        case .dataCorrupted(let c): c.codingPath.isEmpty ? "malformed JSON" : "bad value at '\(c.codingPath.map(\.stringValue).joined(separator: "."))'"
        @unknown default: "malformed JSON"
        }
    }
}

/// Turns every error a handler throws into an ``APIError`` response: a client never sees a
/// 500 for what it sent.
struct ErrorMapping<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            throw APIError.from(error)
        }
    }
}
