import NIOCore
import NIOExtras
import NIOPosix

/// A minimal SMTP client (RFC 5321) over SwiftNIO for one message at a time to a relay: the
/// office's own mail server or a local Postfix, which relays onwards with TLS and
/// authentication. No library for SMTP is among the packages this project builds from; the
/// dialogue is small: greeting, EHLO, MAIL, RCPT, DATA (dot-stuffed), QUIT.
struct SMTPClient: Sendable {
    var host: String
    var port: Int
    /// The name this client gives in EHLO.
    var heloName: String
    var timeout: TimeAmount

    /// A refusal or a broken dialogue: `permanent` for a 5xx answer (the relay will never
    /// take it), else worth another attempt.
    struct Failure: Error, CustomStringConvertible {
        var code: String
        var reply: String
        var permanent: Bool
        var description: String { "\(code): \(reply)" }
    }

    func send(from: String, to: String, message: String) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.dialogue(from: from, to: to, message: message) }
            group.addTask {
                try await Task.sleep(for: .nanoseconds(self.timeout.nanoseconds))
                throw Failure(code: "smtp-timeout", reply: "no answer within \(self.timeout.nanoseconds / 1_000_000_000) s", permanent: false)
            }
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    private func dialogue(from: String, to: String, message: String) async throws {
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(timeout)
                .connect(host: host, port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LineBasedFrameDecoder()))
                        return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw Failure(code: "smtp-connect", reply: "cannot connect to \(host):\(port): \(error)", permanent: false)
        }
        try await channel.executeThenClose { inbound, outbound in
            var lines = inbound.makeAsyncIterator()
            /// One reply, its lines joined: `250-…` lines go on until `250 …`.
            func reply() async throws -> (code: Int, text: String) {
                var text: [String] = []
                while true {
                    guard let buffer = try await lines.next() else {
                        throw Failure(code: "smtp-closed", reply: "the server closed the connection", permanent: false)
                    }
                    let line = String(buffer: buffer)
                    let bytes = Array(line.utf8)
                    guard bytes.count >= 3, let code = Int(String(line.prefix(3))) else {
                        throw Failure(code: "smtp-protocol", reply: "not an SMTP reply: \(line.prefix(80))", permanent: false)
                    }
                    text.append(line)
                    if bytes.count == 3 || bytes[3] != UInt8(ascii: "-") { return (code, text.joined(separator: " | ")) }
                }
            }
            func expect(_ codes: ClosedRange<Int>, after command: String?, step: String) async throws {
                if let command { try await outbound.write(ByteBuffer(string: command + "\r\n")) }
                let (code, text) = try await reply()
                guard codes.contains(code) else {
                    throw Failure(code: "smtp-\(step)", reply: String(text.prefix(300)), permanent: (500...599).contains(code))
                }
            }
            try await expect(220...220, after: nil, step: "greeting")
            try await expect(250...250, after: "EHLO \(heloName)", step: "ehlo")
            try await expect(250...250, after: "MAIL FROM:<\(from)>", step: "mail")
            try await expect(250...251, after: "RCPT TO:<\(to)>", step: "rcpt")
            try await expect(354...354, after: "DATA", step: "data")
            try await expect(250...250, after: Self.dotStuffed(message) + ".", step: "message")
            try? await outbound.write(ByteBuffer(string: "QUIT\r\n"))
            _ = try? await reply()
        }
    }

    /// The message with every line that starts with a dot doubled (RFC 5321 4.5.2), ending in CRLF.
    static func dotStuffed(_ message: String) -> String {
        var text = message.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix(".") ? "." + $0 : String($0) }.joined(separator: "\r\n")
        if !text.hasSuffix("\r\n") { text += "\r\n" }
        return text
    }
}
