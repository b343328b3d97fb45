import Foundation
import Hummingbird
import NIOCore
import SOPCore

/// The request context: the officer a valid token named (set by ``OfficerAuthentication``)
/// and the client's address (for the public rate limit).
public struct SOPRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The officer a token or a session named; also told to ``trace`` for the access log.
    public var officer: Deployment.Officer? {
        didSet { trace.officer = officer?.id }
    }
    /// Shared by every copy of this request's context (``AccessLogMiddleware``).
    public let trace = RequestTrace()
    public let remoteAddress: SocketAddress?
    /// The client's address, from `X-Forwarded-For` when the peer is a trusted proxy (set by
    /// ``ClientAddressMiddleware``); the rate limit counts by it.
    public var clientAddress: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// Bodies carry documents as base64: room for a 10 MiB document and its JSON.
    public var maxUploadSize: Int { 64 << 20 }

    /// Sorted keys: the same answer is the same bytes.
    public var responseEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
