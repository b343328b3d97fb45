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

    @Test func anUnansweredReturnToTheApplicantIsWithdrawnOnce() throws {
        let store = try SQLiteCaseStore(path: CaseFixtures.temporaryDatabase())
        let service = CaseFixtures.service(store)
        let state = try f.openWithApplicant(service, id: "IZ-1")
        let due = try #require(state.openRecord(of: "perbaikan")?.record.timers[0])
        // Nothing is due a minute before: nothing fires, nothing is written.
        let version = state.version
        #expect(try service.fireDueTimers(at: due.adding(seconds: -60)) == 0)
        #expect(try store.version(caseID: "IZ-1") == version)
        let run = try service.runTimers(at: due)
        #expect(run.fired == [CaseService.FiredTimer(caseID: "IZ-1", step: "perbaikan", timer: 0, action: .withdraw, closed: "withdrawn")])
        #expect(run.failed.isEmpty)
        let after = try service.state(caseID: "IZ-1")
        #expect(after.status == .closed)
        #expect(after.resolution == "withdrawn")
        #expect(after.applicantOfficeSeconds > 0)
        let listing = try #require(try store.listing(caseID: "IZ-1"))
        #expect(listing.activity.resolution == "withdrawn")
        #expect(listing.activity.nextTimerAt == nil)
        #expect(listing.activity.pausedAt == nil)
        // Run again, and again later: the timer has fired, the case is closed, nothing more.
        let events = try store.events(caseID: "IZ-1").count
        #expect(try service.fireDueTimers(at: due) == 0)
        #expect(try service.fireDueTimers(at: due.adding(seconds: 86_400 * 90)) == 0)
        #expect(try store.events(caseID: "IZ-1").count == events)
        #expect(try timerEvents(store, "IZ-1").count == 1)
        // Firing by hand is refused as well: the machine knows it fired.
        let (_, machine) = try service.load("IZ-1")
        #expect(throws: CaseError.caseClosed("IZ-1")) { try machine.fire(after, step: "perbaikan", timer: 0, at: due) }
    }

    @Test func aCrashBetweenRunsNeverFiresTwice() throws {
        let path = CaseFixtures.temporaryDatabase()
        do {
            let store = try SQLiteCaseStore(path: path)
            let service = CaseFixtures.service(store)
            try f.openForked(service, id: "IZ-2")
            // The reminder fires; the "process" ends there.
            #expect(try service.fireDueTimers(at: f.at("2026-02-02T10:45")) == 1)
        }
        // A new process, with a fresh cache, runs at the same instant and later.
        let store = try SQLiteCaseStore(path: path)
        let service = CaseFixtures.service(store)
        #expect(try service.fireDueTimers(at: f.at("2026-02-02T10:45")) == 0)
        #expect(try service.fireDueTimers(at: f.at("2026-02-02T12:00")) == 1)
        #expect(try timerEvents(store, "IZ-2").map(\.action) == [.remind, .escalate])
        #expect(try service.fireDueTimers(at: f.at("2026-02-03T12:00")) == 0)
    }

    @Test func twoRunnersOnOneDatabaseFireEachTimerOnce() async throws {
        let path = CaseFixtures.temporaryDatabase()
        let setup = CaseFixtures.service(try SQLiteCaseStore(path: path))
        let ids = (1...60).map { "IZ-\($0)" }
        for id in ids { try f.openWithApplicant(setup, id: id) }
        let due = try #require(try setup.state(caseID: "IZ-1").openRecord(of: "perbaikan")?.record.timers[0])
        // Two servers (their own connections and caches) at once, each in small batches.
        let first = CaseFixtures.service(try SQLiteCaseStore(path: path))
        let second = CaseFixtures.service(try SQLiteCaseStore(path: path))
        async let a = Task.detached { try first.runTimers(at: due, batch: 7) }.value
        async let b = Task.detached { try second.runTimers(at: due, batch: 5) }.value
        let (runA, runB) = try await (a, b)
        #expect(runA.failed.isEmpty && runB.failed.isEmpty)
        #expect(runA.fired.count + runB.fired.count == ids.count)
        #expect(Set(runA.fired.map(\.caseID) + runB.fired.map(\.caseID)) == Set(ids))
        let store = try SQLiteCaseStore(path: path, access: .read)
        for id in ids {
            #expect(try timerEvents(store, id).count == 1, "\(id)")
            #expect(try store.summary(caseID: id)?.status == .closed)
        }
        #expect(try store.verifyChain().intact)
    }

    @Test func aCaseAnOfficerMovesBeforeTheRunIsJudgedOnItsNewState() throws {
        let store = try SQLiteCaseStore()
        let service = CaseFixtures.service(store)
        let state = try f.openWithApplicant(service, id: "IZ-3")
        let due = try #require(state.openRecord(of: "perbaikan")?.record.timers[0])
        // The applicant answers on the last day; the withdrawal must not happen.
        try service.complete(caseID: "IZ-3", step: "perbaikan", role: "pemohon", at: due.adding(seconds: -3600))
        #expect(try service.fireDueTimers(at: due) == 0)
        #expect(try service.state(caseID: "IZ-3").status == .open)
        #expect(try timerEvents(store, "IZ-3").isEmpty)
    }

    @Test func automaticCompletionsCarryTheCaseToItsEnd() throws {
        let store = try SQLiteCaseStore()
        let service = CaseFixtures.service(store)
        try f.openForked(service, id: "IZ-4")
        try service.complete(caseID: "IZ-4", step: "retribusi", role: "admin", at: f.at("2026-02-02T10:00"))
        try service.complete(caseID: "IZ-4", step: "tinjau", role: "teknis", outcome: "sesuai", at: f.at("2026-02-03T10:00"))
        // Nobody verifies: after ten working days the verification completes as "setuju". The
        // run records it at its own instant, so the applicant's receipt opens then, and its
        // timer (at its due, five minutes on) fires in the next run.
        let now = f.at("2026-03-31T10:00")
        var run = try service.runTimers(at: now)
        #expect(run.fired.map(\.action) == [.complete])
        #expect(run.fired.map(\.step) == ["verifikasi"])
        #expect(run.fired.last?.closed == nil)
        #expect(try service.state(caseID: "IZ-4").history.first { $0.step == "verifikasi" }?.outcome == "setuju")
        #expect(try store.listing(caseID: "IZ-4")?.activity.nextTimerAt == now.adding(seconds: 300))
        run = try service.runTimers(at: now.adding(seconds: 300))
        #expect(run.fired.map(\.step) == ["terima-izin"])
        #expect(run.fired.last?.closed == "closed")
        let after = try service.state(caseID: "IZ-4")
        #expect(after.status == .closed)
        #expect(after.history.filter(\.automatic).map(\.step) == ["verifikasi", "terima-izin"])
        #expect(try service.fireDueTimers(at: f.at("2026-04-30T10:00")) == 0)
    }

    @Test func aCasePinnedToAnEarlierRevisionFiresThatRevisionsTimers() throws {
        let store = try SQLiteCaseStore()
        let service = CaseFixtures.service(store)
        let old = f.sop
        let revised = AgencySOP(definition: f.definition(withdrawal: .remind), hash: f.definition(withdrawal: .remind).contentHash,
                                calendar: old.calendar)
        #expect(old.hash != revised.hash)
        let a = try f.openWithApplicant(service, id: "IZ-OLD", sop: old)
        try f.openWithApplicant(service, id: "IZ-NEW", sop: revised)
        let due = try #require(a.openRecord(of: "perbaikan")?.record.timers[0])
        let run = try service.runTimers(at: due)
        #expect(Set(run.fired.map { "\($0.caseID) \($0.action)" }) == ["IZ-OLD withdraw", "IZ-NEW remind"])
        #expect(try service.state(caseID: "IZ-OLD").status == .closed)
        #expect(try service.state(caseID: "IZ-NEW").status == .open)
        #expect(try service.state(caseID: "IZ-NEW").isWaitingOnApplicant)
    }

    @Test func aRunIsLimitedToTheSOPsAndTheNumberOfCasesAsked() throws {
        let store = try SQLiteCaseStore()
        let service = CaseFixtures.service(store)
        for id in ["IZ-5", "IZ-6", "IZ-7"] { try f.openForked(service, id: id) }
        let at = f.at("2026-02-02T10:45")
        #expect(try service.runTimers(at: at, sopIDs: ["serdang-bedagai-pengaduan"]).fired.isEmpty)
        #expect(try service.fireDueTimers(at: at, limit: 2) == 2)
        #expect(try service.fireDueTimers(at: at) == 1)
        #expect(try service.pendingTimers().map(\.timer.action) == [.escalate, .escalate, .escalate])
        #expect(try service.pendingTimers().map(\.caseID) == ["IZ-5", "IZ-6", "IZ-7"])
    }

    @Test func aCaseThatCannotAdvanceIsReportedAndTheOthersFire() throws {
        let path = CaseFixtures.temporaryDatabase()
        do {
            let service = CaseFixtures.service(try SQLiteCaseStore(path: path))
            try f.openForked(service, id: "IZ-8")
            try f.openForked(service, id: "IZ-9")
            try CaseFixtures.runSerdang(service, id: "SB-1")
            try service.open(definition: CaseFixtures.serdang.definition, hash: CaseFixtures.serdang.hash,
                             calendar: CaseFixtures.serdang.calendar, caseID: "SB-2", at: f.at("2026-02-02T09:00"))
        }
        // The licensing SOP's stored definition is damaged: its cases' machines cannot be built.
        try store(path).writer.write { try $0.execute(sql: "UPDATE definition SET json = x'00' WHERE sop_id = 'izin-contoh'") }
        let service = CaseFixtures.service(try SQLiteCaseStore(path: path))
        let run = try service.runTimers(at: f.at("2026-02-02T10:45"))
        #expect(run.fired.isEmpty)
        #expect(run.failed.map(\.caseID) == ["IZ-8", "IZ-9"])
        #expect(run.failed.allSatisfy { ($0.error as? StoreError)?.code == "store-corrupt" })
        // Their timers stay pending for the next run.
        #expect(try SQLiteCaseStore(path: path).casesWithDueTimers(at: f.at("2026-02-02T10:45"), sopIDs: nil, limit: 10) == ["IZ-8", "IZ-9"])
    }
}
