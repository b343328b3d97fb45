import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import SOPCore
import SOPStore

/// An error answered as JSON, `{"error": {"code": "...", "message": "..."}}`. Its status comes
/// from its kind through the one table in `ErrorKind+HTTPStatus.swift`: 400 bad input, 401 no
/// valid token, 403 a role it may not act in, 404, 409 a conflict with the case's state, 413 a
/// body or document over the limit, 429 too many public filings, 503 a store or calendar that
/// cannot serve, 500 a fault of the server (logged with a reference the answer carries).
public struct APIError: HTTPResponseError, CodedError {
    public var kind: ErrorKind
    public var code: String
    public var message: String
    /// Set for answers whose status is not one of the kinds' (Hummingbird's own 404/405/413…).
    var explicitStatus: HTTPResponse.Status?
    /// The question a public filing must answer (429 `question-required`), given with the error.
    var question: PublicQuestion.Asked?

    public init(_ kind: ErrorKind, _ code: String, _ message: String) {
        self.kind = kind
        self.code = code
        self.message = message
    }

    public var status: HTTPResponse.Status { explicitStatus ?? kind.httpStatus }
    public var description: String { message }

    struct Body: Encodable {
        struct Question: Encodable { var text: String; var challenge: String }
        struct Inner: Encodable { var code: String; var message: String; var question: Question? }
        var error: Inner
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let q = question.map { Body.Question(text: $0.text, challenge: $0.challenge) }
        let data = try JSONEncoder().encode(Body(error: .init(code: code, message: message, question: q)))
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static let unauthorized = APIError(.unauthorized, "unauthorized", "a valid token is required: `Authorization: Bearer <token>`")

    /// The answer for any error a handler throws: coded errors of every layer by their kind,
    /// malformed JSON as 400, Hummingbird's own HTTP errors with their status, and anything
    /// else as a 500 whose reference is logged (never blamed on the client).
    static func from(_ error: any Error, logger: Logger? = nil) -> APIError {
        switch error {
        case let e as APIError: return e
        case let e as any CodedError:
            if e.kind == .internal { return internalFault(e, logger: logger) }
            return APIError(e.kind, e.code, e.description)
        case is CancellationError:
            // A request ended (the server stopping) while its write waited for a store thread:
            // nothing was written, and it is no fault of the server's.
            return APIError(.unavailable, "cancelled", "the request was cancelled before it was carried out (the server is stopping); try again")
        case is NIOTooManyBytesError:
            return APIError.tooLarge(nil, limit: nil)
        case is HTTPParserError:
            return APIError(.invalid, "bad-request", "the request is not well-formed HTTP/1.1")
        case let e as DecodingError:
            return APIError(.invalid, "bad-request", "the body is not the JSON this endpoint takes: \(Self.describe(e))")
        case let e as HTTPError:
            let code = switch e.status {
            case .badRequest: "bad-request"
            case .notFound: "not-found"
            case .contentTooLarge: "too-large"
            case .methodNotAllowed: "method-not-allowed"
            default: "http-\(e.status.code)"
            }
            var answer = APIError(e.status.code >= 500 ? .internal : .invalid, code, e.body ?? e.status.reasonPhrase)
            answer.explicitStatus = e.status
            return answer
        default:
            return internalFault(error, logger: logger)
        }
    }

    /// A 500 with a random reference; the log line carries the reference and the error's type
    /// and description (never the request body, which may hold a complainant's words).
    static func internalFault(_ error: any Error, logger: Logger?) -> APIError {
        let reference = String((0..<8).map { _ in "0123456789abcdef".randomElement()! })
        logger?.error("unexpected error", metadata: ["reference": .string(reference), "type": .string("\(type(of: error))"),
                                                     "error": .string(String(describing: error))])
        return APIError(.internal, "internal", "the server failed to answer this request (reference \(reference)); it has been logged")
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

/// Turns every error a handler throws into an ``APIError`` response.
struct ErrorMapping<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            throw APIError.from(error, logger: context.logger)
        }
    }
}
