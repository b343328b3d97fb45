import Foundation
import Logging
import ServiceLifecycle
import SOPCore
import SOPStore

/// Fires the due timers of the deployment's cases while `sop serve` runs: a service of the
/// application's service group that, every `interval`, calls ``CaseService/runTimers(at:limit:sopIDs:batch:)``
/// at the injected clock's now. Each timer fires once however many servers and cron runs share
/// the database. A failed run is logged (case ids and error codes, no personal data) and the
/// loop goes on; it ends with the server's graceful shutdown.
public struct TimerLoop: Service {
    public let service: CaseService
    /// The SOP ids whose cases it runs (a shared database may hold other deployments' cases).
    public let sopIDs: [String]?
    public let interval: Duration
    let clock: @Sendable () -> Instant
    /// Waits between runs; injected so tests need not wait.
    let sleep: @Sendable (Duration) async throws -> Void
    let logger: Logger
    /// Told after every run (tests, metrics).
    let onRun: (@Sendable (CaseService.TimerRun) -> Void)?

    public init(service: CaseService, sopIDs: [String]?, interval: Duration, clock: @escaping @Sendable () -> Instant,
                logger: Logger = Logger(label: "sop.timers"),
                sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
                onRun: (@Sendable (CaseService.TimerRun) -> Void)? = nil) {
        self.service = service
        self.sopIDs = sopIDs
        self.interval = interval
        self.clock = clock
        self.sleep = sleep
        self.logger = logger
        self.onRun = onRun
    }

    /// The loop of a deployment: its SOPs, its interval, the server's clock and store.
    public init(config: ServerConfig, logger: Logger = Logger(label: "sop.timers")) {
        self.init(service: CaseService(store: config.store, clock: config.clock, documentLimit: config.deployment.documentLimit),
                  sopIDs: config.sops.map(\.definition.id), interval: .seconds(config.deployment.timers.intervalSeconds),
                  clock: config.clock, logger: logger)
    }

    public func run() async throws {
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await runOnce()
                do { try await sleep(interval) } catch { return }
            }
        }
    }

    /// One run at the clock's now; never throws (a failure is logged, the next run tries again).
    @discardableResult
    public func runOnce() async -> CaseService.TimerRun? {
        let now = clock()
        let service = self.service, sopIDs = self.sopIDs
        let result: Result<CaseService.TimerRun, any Error>
        do { result = .success(try await service.runTimers(at: now, sopIDs: sopIDs)) } catch { result = .failure(error) }
        switch result {
        case .success(let run):
            if !run.fired.isEmpty {
                logger.info("timers fired", metadata: ["count": .stringConvertible(run.fired.count),
                                                       "cases": .stringConvertible(Set(run.fired.map(\.caseID)).count)])
            }
            for (caseID, error) in run.failed {
                logger.error("a case's timers could not fire", metadata: ["case": .string(caseID), "code": .string(Self.code(error))])
            }
            onRun?(run)
            return run
        case .failure(let error):
            logger.error("the timer run failed", metadata: ["code": .string(Self.code(error)), "type": .string("\(type(of: error))")])
            return nil
        }
    }

    /// An error's stable code; never its message (it may quote stored data).
    static func code(_ error: any Error) -> String {
        (error as? any CodedError)?.code ?? "internal"
    }
}
