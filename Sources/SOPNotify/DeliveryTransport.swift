import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SOPCore
import SOPStore

/// Sends one delivery; a thrown ``DeliveryFailure`` says whether to try again.
public protocol DeliveryTransport: Sendable {
    func send(_ delivery: Delivery, at: Instant) async throws
}

/// Why a delivery was not sent: a stable code, the peer's answer (never the message), and
/// whether it is worth another attempt.
public struct DeliveryFailure: Error, Sendable, CustomStringConvertible {
    public var code: String
    public var detail: String
    public var permanent: Bool

    public init(code: String, detail: String, permanent: Bool) {
        self.code = code; self.detail = detail; self.permanent = permanent
    }

    public var description: String { "\(code): \(detail)" }
}

/// E-mail over SMTP to the deployment's relay, and the webhook over async-http-client.
public struct NetworkTransport: DeliveryTransport {
    public var agency: String
    public var notifications: Deployment.Notifications

    public init(agency: String, notifications: Deployment.Notifications) {
        self.agency = agency
        self.notifications = notifications
    }

    public func send(_ d: Delivery, at now: Instant) async throws {
        let timeout = TimeAmount.seconds(Int64(notifications.timeoutSeconds))
        switch d.channel {
        case .email:
            guard let smtp = notifications.smtp else {
                throw DeliveryFailure(code: "smtp-not-configured", detail: "the deployment has no notifications.smtp", permanent: false)
            }
            let message = MailMessage.text(from: smtp.from, fromName: agency, to: d.recipient, toName: nil, subject: d.subject, body: d.body,
                                           key: d.key, caseID: d.caseID, at: now)
            let client = SMTPClient(host: smtp.host, port: smtp.port, heloName: smtp.from.split(separator: "@").last.map(String.init) ?? "localhost",
                                    timeout: timeout)
            do {
                try await client.send(from: smtp.from, to: d.recipient, message: message)
            } catch let f as SMTPClient.Failure {
                throw DeliveryFailure(code: f.code, detail: f.reply, permanent: f.permanent)
            }
        case .webhook:
            var request = HTTPClientRequest(url: d.recipient)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "User-Agent", value: "sop-engine")
            request.headers.add(name: "Idempotency-Key", value: SHA256.hex(Array(d.key.utf8)))
            request.body = .bytes(ByteBuffer(string: d.body))
            let response: HTTPClientResponse
            do {
                response = try await HTTPClient.shared.execute(request, timeout: timeout)
            } catch {
                throw DeliveryFailure(code: "webhook-unreachable", detail: String(describing: error).prefix(300).description, permanent: false)
            }
            _ = try? await response.body.collect(upTo: 64 << 10)
            let status = Int(response.status.code)
            guard (200...299).contains(status) else {
                // A 4xx other than timeout and too-many-requests will not change by waiting.
                let permanent = (400...499).contains(status) && status != 408 && status != 429
                throw DeliveryFailure(code: "webhook-\(status)", detail: "the webhook answered \(status)", permanent: permanent)
            }
        }
    }
}
