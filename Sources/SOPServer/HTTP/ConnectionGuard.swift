import Foundation
import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// A channel handler on every connection, after HTTP decoding: it closes a connection one
/// client address holds past its cap, closes a request that is not received whole within the
/// request timeout (a slow body), refuses a body declared larger than its route takes with 413
/// before reading it, and answers a request the HTTP parser cannot read with a JSON 400 (the
/// framework's own answer has no body). Slow or silent heads are closed by the idle timeout.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    let limiter: ConnectionLimiter
    let requestTimeout: TimeAmount
    let bodyLimit: @Sendable (HTTPRequest) -> Int
    /// Trusted proxies: a connection from one is counted under the client its first request
    /// names in `X-Forwarded-For`, once that request arrives.
    let client: ClientAddress

    private var address: String?
    private var counted = false
    /// From a trusted proxy: not counted until its first request head names the client.
    private var awaitingClient = false
    private var refusing = false
    /// The answer to the current request has begun (its head is written).
    private var answering = false
    private var requestTimer: Scheduled<Void>?

    init(limiter: ConnectionLimiter, requestTimeout: TimeAmount, bodyLimit: @escaping @Sendable (HTTPRequest) -> Int,
         client: ClientAddress = ClientAddress(trustedProxies: [])) {
        self.limiter = limiter
        self.client = client
        self.requestTimeout = requestTimeout
        self.bodyLimit = bodyLimit
    }

    // MARK: Connections per address

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { admit(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        admit(context)
        context.fireChannelActive()
    }

    private func admit(_ context: ChannelHandlerContext) {
        guard address == nil else { return }
        let address = context.channel.remoteAddress?.ipAddress ?? "unknown"
        self.address = address
        if client.isTrusted(address) {
            awaitingClient = true
            return
        }
        if limiter.acquire(address) {
            counted = true
        } else {
            refusing = true
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        release()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        release()
    }

    private func release() {
        requestTimer?.cancel()
        requestTimer = nil
        if counted, let address {
            counted = false
            limiter.release(address)
        }
    }

    // MARK: Requests

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !refusing else { return }
        switch unwrapInboundIn(data) {
        case .head(let head):
            // CONNECT would turn the connection into a tunnel (the parser stops reading HTTP):
            // this server is no proxy.
            if head.method == .connect {
                var notServed = APIError(.invalid, "method-not-allowed", "CONNECT is not served here")
                notServed.explicitStatus = .methodNotAllowed
                refuse(context, notServed)
                return
            }
            if awaitingClient {
                awaitingClient = false
                let forwarded = client.resolve(peer: address, headers: head.headerFields)
                address = forwarded
                guard limiter.acquire(forwarded) else {
                    refuse(context, APIError(.rateLimited, "too-many-connections", "too many open connections from this address"))
                    return
                }
                counted = true
            }
            let limit = bodyLimit(head)
            if let length = head.headerFields[.contentLength].flatMap({ Int($0) }), length > limit {
                refuse(context, APIError.tooLarge(length, limit: limit))
                return
            }
            let timeout = requestTimeout
            requestTimer?.cancel()
            requestTimer = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [weak self] in
                guard let self, self.requestTimer != nil else { return }
                self.requestTimer = nil
                self.refusing = true
                context.close(promise: nil)
            }
        case .end:
            requestTimer?.cancel()
            requestTimer = nil
        case .body:
            break
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        // Once this handler has answered and is closing, the framework's late answer is dropped.
        guard !refusing else {
            promise?.fail(ChannelError.ioOnClosedChannel)
            return
        }
        switch unwrapOutboundIn(data) {
        case .head: answering = true
        case .end: answering = false
        case .body: break
        }
        context.write(data, promise: promise)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A request the parser cannot read (its head, or its chunked body), while no answer is
        // being written: a JSON 400 and close.
        if error is HTTPParserError, !answering, !refusing {
            refuse(context, APIError(.invalid, "bad-request", "the request is not well-formed HTTP/1.1"))
            return
        }
        context.fireErrorCaught(error)
    }

    /// Answers with a JSON error and closes the connection, reading nothing more.
    private func refuse(_ context: ChannelHandlerContext, _ error: APIError) {
        requestTimer?.cancel()
        requestTimer = nil
        let body = error.jsonBody
        var fields = HTTPFields()
        fields[.contentType] = "application/json; charset=utf-8"
        fields[.contentLength] = String(body.readableBytes)
        fields[.connection] = "close"
        SecurityHeaders.apply(to: &fields)
        context.write(wrapOutboundOut(.head(HTTPResponse(status: error.status, headerFields: fields))), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        refusing = true
    }
}
