import Logging
import ServiceLifecycle

/// Runs the ``Notifier`` every `interval` while `sop serve` runs; a failed pass is logged and
/// the next one tries again; it ends with the server's graceful shutdown.
public struct NotifierLoop: Service {
    public let notifier: Notifier
    public let interval: Duration
    let sleep: @Sendable (Duration) async throws -> Void

    public init(notifier: Notifier, interval: Duration,
                sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }) {
        self.notifier = notifier
        self.interval = interval
        self.sleep = sleep
    }

    public func run() async throws {
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await notifier.runOnce()
                } catch {
                    notifier.logger.error("the notification run failed", metadata: ["type": .string("\(type(of: error))")])
                }
                do { try await sleep(interval) } catch { return }
            }
        }
    }
}
