import Foundation
import SOPCore
import Synchronization
import Testing
@testable import SOPStore
@testable import SOPStoreSQLite

/// The timer run's pipeline (a batch read and decided ahead, outside the write transaction)
/// and the batched reads and writes it stands on.
@Suite struct TimerPipelineTests {
    let f = LicensingFixture.self

    /// A store that forwards to SQLite and, once, runs `afterRead` right after a batch read:
    /// the moment between a timer run's read ahead and its write.
    final class InterposedStore: ForwardingCaseStore, @unchecked Sendable {
        let base: SQLiteCaseStore
        private let lock = NSLock()
        private var hook: (@Sendable () async throws -> Void)?

        init(_ base: SQLiteCaseStore) { self.base = base }

        func afterNextRead(_ body: @escaping @Sendable () async throws -> Void) { lock.withLock { hook = body } }

        func snapshots(_ cases: [(caseID: String, knownVersion: Int?)]) async throws -> [String: CaseSnapshot] {
            let read = try await base.snapshots(cases)
            let body = lock.withLock { defer { hook = nil }; return hook }
            try await body?()
            return read
        }
    }

    func timerEvents(_ store: SQLiteCaseStore, _ caseID: String) throws -> [CaseEvent.TimerFired] {
        try store.events(caseID: caseID).compactMap { if case .timerFired(let t) = $0.event { t } else { nil } }
    }

    @Test func anAnswerBetweenTheReadAheadAndTheWriteIsKeptAndNothingFires() async throws {
        let sqlite = try SQLiteCaseStore(path: CaseFixtures.temporaryDatabase())
        let store = InterposedStore(sqlite)
        let service = CaseFixtures.service(store)
        let state = try await f.openWithApplicant(service, id: "IZ-P1")
        try await f.openWithApplicant(service, id: "IZ-P2")
        let due = try #require(state.openRecord(of: "perbaikan")?.record.timers[0])
        // The run reads both cases and decides to withdraw them; then, before its write, the
        // first applicant answers (through another service: its own cache, as another node).
        let other = CaseFixtures.service(sqlite)
        store.afterNextRead { try await other.complete(caseID: "IZ-P1", step: "perbaikan", role: "pemohon", at: due.adding(seconds: -60)) }
        let run = try await service.runTimers(at: due)
        #expect(run.failed.isEmpty)
        #expect(run.fired.map(\.caseID) == ["IZ-P2"])
        // The answer stands, the withdrawal decided on the old state was not written.
        let answered = try await service.state(caseID: "IZ-P1")
        #expect(answered.status == .open)
        #expect(answered.history.contains { $0.step == "perbaikan" && $0.completedAt != nil })
        #expect(try timerEvents(sqlite, "IZ-P1").isEmpty)
        await #expect(try service.state(caseID: "IZ-P2").resolution == "withdrawn")
        #expect(try sqlite.verifyChain().intact)
    }

    @Test func aBatchReadSaysWhatEachReadSays() async throws {
        let store = try SQLiteCaseStore(path: CaseFixtures.temporaryDatabase())
        let service = CaseFixtures.service(store)
        let a = try await f.openWithApplicant(service, id: "IZ-R1")
        try await f.openForked(service, id: "IZ-R2")
        let asked: [(caseID: String, knownVersion: Int?)] = [("IZ-R1", a.version), ("IZ-R2", nil), ("IZ-R2", 1), ("nobody", nil)]
        let batch = try await store.snapshots(asked)
        #expect(Set(batch.keys) == ["IZ-R1", "IZ-R2"])
        for (id, known) in asked.prefix(2) {
            let one = try await store.snapshot(caseID: id, knownVersion: known)
            let read = try #require(batch[id])
            #expect(read.version == one.version)
            #expect(read.events == one.events)
            #expect(read.calendarRevision == one.calendarRevision)
            // The link of the last stored event, as the chain computes it.
            let events = try await store.events(caseID: id)
            let links = EventChain.links(EventChain.genesis(caseID: id, definitionHash: a.definitionHash), events)
            #expect(read.chainLink == links.last)
        }
        // The current known version: no events read again.
        #expect(batch["IZ-R1"]?.events == nil)
        await #expect(batch["IZ-R2"]?.events?.count == (try store.events(caseID: "IZ-R2").count))
    }

    @Test func aCaseListedTwiceInOneBatchIsDecidedTheSecondTimeOnTheFirstWrite() async throws {
        let store = try SQLiteCaseStore(path: CaseFixtures.temporaryDatabase())
        let service = CaseFixtures.service(store)
        let state = try await f.openWithApplicant(service, id: "IZ-D1")
        let (_, machine) = try await service.load("IZ-D1")
        let seeing = Mutex<[Int]>([])
        let refused = try await store.updateEach([("IZ-D1", nil), ("IZ-D1", nil)]) { _, snapshot in
            let current = try #require(snapshot.events.flatMap(CaseState.fold))
            seeing.withLock { $0.append(current.version) }
            let events = try machine.note(current, text: "checked", at: f.at("2026-02-02T10:00"))
            var next = current
            next.apply(contentsOf: events)
            return CaseAppend(events: events, expectedVersion: current.version, state: next, machine: machine)
        }
        #expect(refused.isEmpty)
        #expect(seeing.withLock { $0 } == [state.version, state.version + 1])
        await #expect(try store.version(caseID: "IZ-D1") == state.version + 2)
        #expect(try store.verifyChain().intact)
    }

    @Test func aRefusedCaseInABatchLeavesNothingAndTheOthersAreWritten() async throws {
        let store = try SQLiteCaseStore(path: CaseFixtures.temporaryDatabase())
        let service = CaseFixtures.service(store)
        let first = try await f.openWithApplicant(service, id: "IZ-E1")
        let second = try await f.openWithApplicant(service, id: "IZ-E2")
        let (_, machine) = try await service.load("IZ-E1")
        let refused = try await store.updateEach([("IZ-E1", nil), ("IZ-E2", nil)]) { id, snapshot in
            let current = try #require(snapshot.events.flatMap(CaseState.fold))
            let events = try machine.note(current, text: "checked", at: f.at("2026-02-02T10:00"))
            var next = current
            next.apply(contentsOf: events)
            // The first is decided on a version that is not the stored one: the write refuses it.
            return CaseAppend(events: events, expectedVersion: id == "IZ-E1" ? current.version - 1 : current.version,
                              state: next, machine: machine)
        }
        #expect(Set(refused.keys) == ["IZ-E1"])
        await #expect(try store.version(caseID: "IZ-E1") == first.version)
        await #expect(try store.version(caseID: "IZ-E2") == second.version + 1)
        #expect(try store.verifyChain().intact)
    }
}
