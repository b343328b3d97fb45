import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SOPCore
import SOPLoader
import SOPServer
import SOPStore
import SOPStoreSQLite
import Testing

/// The timers of the deployment's cases fire while `sop serve` runs.
@Suite struct TimerLoopTests {
    typealias F = ServerFixtures

    /// Serdang Bedagai with a withdrawal an office hour after the complaint step opens (an
    /// SOP of the test's own; the seed has no such timer).
    static func withdrawingSOP() -> AgencySOP {
        var sop = F.sop("serdang-bedagai-pengaduan.yaml")
        sop.definition.steps[0].timers = [StepTimer(.withdraw, after: StandardTime(1, .hours))]
        sop.hash = sop.definition.contentHash
        return sop
    }

    static func open(_ service: CaseService, _ sop: AgencySOP, _ id: String, at: String) async throws {
        try await service.open(definition: sop.definition, hash: sop.hash, calendar: sop.calendar, caseID: id,
                               at: Instant.parse(at, defaultUTCOffsetSeconds: 7 * 3600)!)
    }

    final class Runs: @unchecked Sendable {
        let lock = NSLock()
        var runs: [CaseService.TimerRun] = []
        var sleeps = 0
        func add(_ run: CaseService.TimerRun) { lock.withLock { runs.append(run) } }
        func slept() -> Int { lock.withLock { sleeps += 1; return sleeps } }
        var fired: [CaseService.FiredTimer] { lock.withLock { runs.flatMap(\.fired) } }
        var count: Int { lock.withLock { runs.count } }
    }

    @Test func theLoopFiresATimerOnceAsTheClockPassesIt() async throws {
        let sop = Self.withdrawingSOP()
        let store = try SQLiteCaseStore()
        let clock = F.Clock("2026-03-02T09:00")
        let service = CaseService(store: store, clock: clock.now)
        try await Self.open(service, sop, "SB-1", at: "2026-03-02T09:00")
        let runs = Runs()
        // Each wait moves the injected clock 20 minutes; after eight runs the loop is stopped.
        let loop = TimerLoop(service: service, sopIDs: [sop.definition.id], interval: .seconds(60), clock: clock.now,
                             sleep: { _ in
                                 if runs.slept() >= 8 { throw CancellationError() }
                                 clock.advance(seconds: 20 * 60)
                             },
                             onRun: { runs.add($0) })
        try await loop.run()
        #expect(runs.count == 8)
        #expect(runs.fired == [CaseService.FiredTimer(caseID: "SB-1", step: "sampaikan-pengaduan", timer: 0, action: .withdraw, closed: "withdrawn")])
        // It fired in the run at 10:00, not before.
        #expect(runs.lock.withLock { runs.runs.map(\.fired.count) } == [0, 0, 0, 1, 0, 0, 0, 0])
        let events = try await store.events(caseID: "SB-1").filter { if case .timerFired = $0.event { true } else { false } }
        #expect(events.count == 1)
        await #expect(try store.listing(caseID: "SB-1")?.activity.resolution == "withdrawn")
    }

    @Test func aFailingRunIsLoggedWithoutDataAndTheLoopGoesOn() async throws {
        let runs = Runs()
        // A store that fails every read: each run fails, none throws out of the loop.
        let store = try SQLiteCaseStore()
        let loop = TimerLoop(service: CaseService(store: FailingTimerStore(inner: store), clock: { Instant(secondsSinceEpoch: 0) }),
                             sopIDs: nil, interval: .seconds(1), clock: { Instant(secondsSinceEpoch: 0) },
                             sleep: { _ in if runs.slept() >= 3 { throw CancellationError() } }, onRun: { runs.add($0) })
        try await loop.run()
        #expect(runs.count == 0)
        #expect(runs.lock.withLock { runs.sleeps } == 3)
        #expect(await loop.runOnce() == nil)
    }

    @Test func theIntervalIsADeploymentSettingWithADefault() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sop-timers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        func load(_ extra: String) throws -> DeploymentLoader.Result {
            let path = dir.appendingPathComponent("d.yaml").path
            try """
                format: sop-deployment/v1
                agency: Uji
                sops: [\(F.root.appendingPathComponent("sops/dpmptsp-imb-jatim.yaml").path)]
                database: cases.db
                officers: officers.yaml
                \(extra)
                """.write(toFile: path, atomically: true, encoding: .utf8)
            return DeploymentLoader.load(path: path)
        }
        #expect(try load("").deployment?.timers == .init(intervalSeconds: 60))
        #expect(try load("timers: {intervalSeconds: 15}").deployment?.timers == .init(intervalSeconds: 15))
        for bad in ["timers: {intervalSeconds: 0}", "timers: {intervalSeconds: 86401}"] {
            let result = try load(bad)
            #expect(result.deployment == nil, "\(bad)")
            #expect(result.diagnostics.contains { $0.message.contains("timers.intervalSeconds must be 1 to 86400 seconds") }, "\(result.diagnostics)")
        }
        let unknown = try load("timers: {every: 5}")
        #expect(unknown.deployment == nil)
    }

    @Test func theServerRunsTheLoopOfItsDeployment() async throws {
        let sop = Self.withdrawingSOP()
        let clock = F.Clock("2026-03-02T09:00")
        var configured = try F.config(clock: clock) { $0.timers.intervalSeconds = 1 }
        configured.sops = [sop]
        let config = configured
        let service = CaseService(store: config.store, clock: clock.now)
        try await Self.open(service, sop, "SB-2", at: "2026-03-02T09:00")
        let app = try await buildApplication(config)
        #expect(app.services.contains { ($0 as? TimerLoop)?.interval == .seconds(1) })
        try await app.test(.live) { client in
            try await client.execute(uri: "/health", method: .get) { #expect($0.status == .ok) }
            await #expect(try config.store.summary(caseID: "SB-2")?.status == .open)
            clock.advance(seconds: 3600)
            var closed = false
            for _ in 0..<100 where !closed {
                try await Task.sleep(for: .milliseconds(100))
                closed = try await config.store.summary(caseID: "SB-2")?.status == .closed
            }
            #expect(closed)
            // Later runs while serving do not fire it again.
            try await Task.sleep(for: .milliseconds(2500))
        }
        let fired = try await config.store.events(caseID: "SB-2").filter { if case .timerFired = $0.event { true } else { false } }
        #expect(fired.count == 1)
    }
}

/// A store whose timer query always fails (the database went away).
struct FailingTimerStore: CaseStore {
    let inner: SQLiteCaseStore
    struct Gone: Error {}
    func saveDefinition(_ definition: SOPDefinition, hash: String) throws { throw Gone() }
    func definition(hash: String) throws -> SOPDefinition? { throw Gone() }
    func saveCalendar(_ calendar: CalendarDefinition) throws { throw Gone() }
    func calendar(id: String) throws -> StoredCalendar? { throw Gone() }
    func append(_ append: CaseAppend) throws { throw Gone() }
    func appendBatch(_ batch: [CaseAppend]) throws { throw Gone() }
    func events(caseID: String) throws -> [RecordedEvent] { throw Gone() }
    func summary(caseID: String) throws -> CaseSummary? { throw Gone() }
    func version(caseID: String) throws -> Int? { throw Gone() }
    func snapshot(caseID: String, knownVersion: Int?) throws -> CaseSnapshot { throw Gone() }
    func cases(_ query: CaseQuery) throws -> [CaseSummary] { throw Gone() }
    func caseIDs() throws -> [String] { throw Gone() }
    func document(sha256: String) throws -> [UInt8]? { throw Gone() }
    func casesWithDueTimers(at now: Instant, sopIDs: [String]?, limit: Int) throws -> [String] { throw Gone() }
}
