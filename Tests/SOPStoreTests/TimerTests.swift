import Foundation
import SOPCore
import Testing
@testable import SOPStore
@testable import SOPStoreSQLite

/// Durable timers: selected from the read model, fired inside the write transaction, once.
@Suite struct TimerTests {
    let f = LicensingFixture.self

    func store(_ path: String) throws -> SQLiteCaseStore { try SQLiteCaseStore(path: path) }

    func timerEvents(_ store: SQLiteCaseStore, _ caseID: String) throws -> [CaseEvent.TimerFired] {
        try store.events(caseID: caseID).compactMap { if case .timerFired(let t) = $0.event { t } else { nil } }
    }

    @Test func anUnansweredReturnToTheApplicantIsWithdrawnOnce() async throws {
        let store = try SQLiteCaseStore(path: CaseFixtures.temporaryDatabase())
        let service = CaseFixtures.service(store)
        let state = try await f.openWithApplicant(service, id: "IZ-1")
        let due = try #require(state.openRecord(of: "perbaikan")?.record.timers[0])
        // Nothing is due a minute before: nothing fires, nothing is written.
        let version = state.version
        await #expect(try service.fireDueTimers(at: due.adding(seconds: -60)) == 0)
        await #expect(try store.version(caseID: "IZ-1") == version)
        let run = try await service.runTimers(at: due)
        #expect(run.fired == [CaseService.FiredTimer(caseID: "IZ-1", step: "perbaikan", timer: 0, action: .withdraw, closed: "withdrawn")])
        #expect(run.failed.isEmpty)
        let after = try await service.state(caseID: "IZ-1")
        #expect(after.status == .closed)
        #expect(after.resolution == "withdrawn")
        #expect(after.applicantOfficeSeconds > 0)
        let listing = try await #require(try store.listing(caseID: "IZ-1"))
        #expect(listing.activity.resolution == "withdrawn")
        #expect(listing.activity.nextTimerAt == nil)
        #expect(listing.activity.pausedAt == nil)
        // Run again, and again later: the timer has fired, the case is closed, nothing more.
        let events = try await store.events(caseID: "IZ-1").count
        await #expect(try service.fireDueTimers(at: due) == 0)
        await #expect(try service.fireDueTimers(at: due.adding(seconds: 86_400 * 90)) == 0)
        await #expect(try store.events(caseID: "IZ-1").count == events)
        #expect(try timerEvents(store, "IZ-1").count == 1)
        // Firing by hand is refused as well: the machine knows it fired.
        let (_, machine) = try await service.load("IZ-1")
        #expect(throws: CaseError.caseClosed("IZ-1")) { try machine.fire(after, step: "perbaikan", timer: 0, at: due) }
    }

    @Test func aCrashBetweenRunsNeverFiresTwice() async throws {
        let path = CaseFixtures.temporaryDatabase()
        do {
            let store = try SQLiteCaseStore(path: path)
            let service = CaseFixtures.service(store)
            try await f.openForked(service, id: "IZ-2")
            // The reminder fires; the "process" ends there.
            await #expect(try service.fireDueTimers(at: f.at("2026-02-02T10:45")) == 1)
        }
        // A new process, with a fresh cache, runs at the same instant and later.
        let store = try SQLiteCaseStore(path: path)
        let service = CaseFixtures.service(store)
        await #expect(try service.fireDueTimers(at: f.at("2026-02-02T10:45")) == 0)
        await #expect(try service.fireDueTimers(at: f.at("2026-02-02T12:00")) == 1)
        #expect(try timerEvents(store, "IZ-2").map(\.action) == [.remind, .escalate])
        await #expect(try service.fireDueTimers(at: f.at("2026-02-03T12:00")) == 0)
    }

    @Test func twoRunnersOnOneDatabaseFireEachTimerOnce() async throws {
        let path = CaseFixtures.temporaryDatabase()
        let setup = CaseFixtures.service(try SQLiteCaseStore(path: path))
        let ids = (1...60).map { "IZ-\($0)" }
        for id in ids { try await f.openWithApplicant(setup, id: id) }
        let due = try await #require(try setup.state(caseID: "IZ-1").openRecord(of: "perbaikan")?.record.timers[0])
        // Two servers (their own connections and caches) at once, each in small batches.
        let first = CaseFixtures.service(try SQLiteCaseStore(path: path))
        let second = CaseFixtures.service(try SQLiteCaseStore(path: path))
        async let a = Task.detached { try await first.runTimers(at: due, batch: 7) }.value
        async let b = Task.detached { try await second.runTimers(at: due, batch: 5) }.value
        let (runA, runB) = try await (a, b)
        #expect(runA.failed.isEmpty && runB.failed.isEmpty)
        #expect(runA.fired.count + runB.fired.count == ids.count)
        #expect(Set(runA.fired.map(\.caseID) + runB.fired.map(\.caseID)) == Set(ids))
        let store = try SQLiteCaseStore(path: path, access: .read)
        for id in ids {
            #expect(try timerEvents(store, id).count == 1, "\(id)")
            await #expect(try store.summary(caseID: id)?.status == .closed)
        }
        #expect(try store.verifyChain().intact)
    }

    @Test func aCaseAnOfficerMovesBeforeTheRunIsJudgedOnItsNewState() async throws {
        let store = try SQLiteCaseStore()
        let service = CaseFixtures.service(store)
        let state = try await f.openWithApplicant(service, id: "IZ-3")
        let due = try #require(state.openRecord(of: "perbaikan")?.record.timers[0])
        // The applicant answers on the last day; the withdrawal must not happen.
        try await service.complete(caseID: "IZ-3", step: "perbaikan", role: "pemohon", at: due.adding(seconds: -3600))
        await #expect(try service.fireDueTimers(at: due) == 0)
        await #expect(try service.state(caseID: "IZ-3").status == .open)
        #expect(try timerEvents(store, "IZ-3").isEmpty)
    }

    @Test func automaticCompletionsCarryTheCaseToItsEnd() async throws {
        let store = try SQLiteCaseStore()
        let service = CaseFixtures.service(store)
        try await f.openForked(service, id: "IZ-4")
        try await service.complete(caseID: "IZ-4", step: "retribusi", role: "admin", at: f.at("2026-02-02T10:00"))
        try await service.complete(caseID: "IZ-4", step: "tinjau", role: "teknis", outcome: "sesuai", at: f.at("2026-02-03T10:00"))
        // Nobody verifies: after ten working days the verification completes as "setuju". The
        // run records it at its own instant, so the applicant's receipt opens then, and its
        // timer (at its due, five minutes on) fires in the next run.
        let now = f.at("2026-03-31T10:00")
        var run = try await service.runTimers(at: now)
        #expect(run.fired.map(\.action) == [.complete])
        #expect(run.fired.map(\.step) == ["verifikasi"])
        #expect(run.fired.last?.closed == nil)
        await #expect(try service.state(caseID: "IZ-4").history.first { $0.step == "verifikasi" }?.outcome == "setuju")
        await #expect(try store.listing(caseID: "IZ-4")?.activity.nextTimerAt == now.adding(seconds: 300))
        run = try await service.runTimers(at: now.adding(seconds: 300))
        #expect(run.fired.map(\.step) == ["terima-izin"])
        #expect(run.fired.last?.closed == "closed")
        let after = try await service.state(caseID: "IZ-4")
        #expect(after.status == .closed)
        #expect(after.history.filter(\.automatic).map(\.step) == ["verifikasi", "terima-izin"])
        await #expect(try service.fireDueTimers(at: f.at("2026-04-30T10:00")) == 0)
    }

    @Test func aCasePinnedToAnEarlierRevisionFiresThatRevisionsTimers() async throws {
        let store = try SQLiteCaseStore()
        let service = CaseFixtures.service(store)
        let old = f.sop
        let revised = AgencySOP(definition: f.definition(withdrawal: .remind), hash: f.definition(withdrawal: .remind).contentHash,
                                calendar: old.calendar)
        #expect(old.hash != revised.hash)
        let a = try await f.openWithApplicant(service, id: "IZ-OLD", sop: old)
        try await f.openWithApplicant(service, id: "IZ-NEW", sop: revised)
        let due = try #require(a.openRecord(of: "perbaikan")?.record.timers[0])
        let run = try await service.runTimers(at: due)
        #expect(Set(run.fired.map { "\($0.caseID) \($0.action)" }) == ["IZ-OLD withdraw", "IZ-NEW remind"])
        await #expect(try service.state(caseID: "IZ-OLD").status == .closed)
        await #expect(try service.state(caseID: "IZ-NEW").status == .open)
        await #expect(try service.state(caseID: "IZ-NEW").isWaitingOnApplicant)
    }

    @Test func aRunIsLimitedToTheSOPsAndTheNumberOfCasesAsked() async throws {
        let store = try SQLiteCaseStore()
        let service = CaseFixtures.service(store)
        for id in ["IZ-5", "IZ-6", "IZ-7"] { try await f.openForked(service, id: id) }
        let at = f.at("2026-02-02T10:45")
        await #expect(try service.runTimers(at: at, sopIDs: ["serdang-bedagai-pengaduan"]).fired.isEmpty)
        await #expect(try service.fireDueTimers(at: at, limit: 2) == 2)
        await #expect(try service.fireDueTimers(at: at) == 1)
        await #expect(try service.pendingTimers().map(\.timer.action) == [.escalate, .escalate, .escalate])
        await #expect(try service.pendingTimers().map(\.caseID) == ["IZ-5", "IZ-6", "IZ-7"])
    }

    @Test func aCaseThatCannotAdvanceIsReportedAndTheOthersFire() async throws {
        let path = CaseFixtures.temporaryDatabase()
        do {
            let service = CaseFixtures.service(try SQLiteCaseStore(path: path))
            try await f.openForked(service, id: "IZ-8")
            try await f.openForked(service, id: "IZ-9")
            try await CaseFixtures.runSerdang(service, id: "SB-1")
            try await service.open(definition: CaseFixtures.serdang.definition, hash: CaseFixtures.serdang.hash,
                                   calendar: CaseFixtures.serdang.calendar, caseID: "SB-2", at: f.at("2026-02-02T09:00"))
        }
        // The licensing SOP's stored definition is damaged: its cases' machines cannot be built.
        try await store(path).writer.write { try $0.execute(sql: "UPDATE definition SET json = x'00' WHERE sop_id = 'izin-contoh'") }
        let service = CaseFixtures.service(try SQLiteCaseStore(path: path))
        let run = try await service.runTimers(at: f.at("2026-02-02T10:45"))
        #expect(run.fired.isEmpty)
        #expect(run.failed.map(\.caseID) == ["IZ-8", "IZ-9"])
        #expect(run.failed.allSatisfy { ($0.error as? StoreError)?.code == "store-corrupt" })
        // Their timers stay pending for the next run.
        await #expect(try SQLiteCaseStore(path: path).casesWithDueTimers(at: f.at("2026-02-02T10:45"), sopIDs: nil, limit: 10) == ["IZ-8", "IZ-9"])
    }
}
