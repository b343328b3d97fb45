import Foundation
import GRDB
import SOPCore
import Testing
@testable import SOPStore
@testable import SOPStoreSQLite

/// The read model with several active steps: queues, overdue lists, the applicant's turn.
@Suite struct CaseActivityTests {
    let f = LicensingFixture.self

    @Test func everyActiveStepIsInTheReadModelWithTheRolesThatMayAct() async throws {
        let store = try SQLiteCaseStore(path: CaseFixtures.temporaryDatabase())
        let service = CaseFixtures.service(store)
        let state = try await f.openForked(service, id: "IZ-1")
        let listing = try await #require(try store.listing(caseID: "IZ-1"))
        #expect(listing.activity.activeSteps.map(\.step) == state.activeSteps.map(\.step))
        #expect(Set(listing.activity.activeSteps.map(\.step)) == ["tinjau", "retribusi"])
        #expect(listing.activity.activeSteps.first { $0.step == "retribusi" }?.roles == ["admin"])
        #expect(listing.activity.activeSteps.first { $0.step == "tinjau" }?.due == state.openRecord(of: "tinjau")?.record.due)
        // The fee calculation's reminder (an hour after 09:30) is the next timer.
        #expect(listing.activity.nextTimerAt == f.at("2026-02-02T10:30"))
        await #expect(listing.activity == CaseActivity(state, machine: try service.load("IZ-1").1))
        // Both branches' roles have the case in their queue; a role of neither has not.
        await #expect(try store.cases(CaseQuery(role: "teknis")).map(\.caseID) == ["IZ-1"])
        await #expect(try store.cases(CaseQuery(role: "admin")).map(\.caseID) == ["IZ-1"])
        await #expect(try store.cases(CaseQuery(role: "loket")).isEmpty)
        await #expect(try store.listings(CaseQuery(role: "teknis")).map(\.activity) == [listing.activity])
        // Done with one branch, the case leaves that queue and stays in the other.
        try await service.complete(caseID: "IZ-1", step: "retribusi", role: "admin", at: f.at("2026-02-02T10:00"))
        await #expect(try store.cases(CaseQuery(role: "admin")).isEmpty)
        await #expect(try store.cases(CaseQuery(role: "teknis")).map(\.caseID) == ["IZ-1"])
        await #expect(try store.listing(caseID: "IZ-1")?.activity.activeSteps.map(\.step) == ["tinjau"])
        await #expect(try store.listing(caseID: "IZ-1")?.activity.nextTimerAt == nil)
    }

    @Test func anEscalationPutsTheCaseInTheNewRolesQueue() async throws {
        let store = try SQLiteCaseStore()
        let service = CaseFixtures.service(store)
        try await f.openForked(service, id: "IZ-2")
        await #expect(try store.cases(CaseQuery(role: "kabid")).isEmpty)
        // At 12:00 the reminder (10:30) and the escalation (at the due, 11:30) are due.
        let fired = try await service.fireDueTimers(at: f.at("2026-02-02T12:00"))
        #expect(fired == 2)
        await #expect(try store.cases(CaseQuery(role: "kabid")).map(\.caseID) == ["IZ-2"])
        await #expect(try store.listing(caseID: "IZ-2")?.activity.activeSteps.first { $0.step == "retribusi" }?.roles == ["admin", "kabid"])
        // The Kepala Bidang may now complete it, as the queue says.
        try await service.complete(caseID: "IZ-2", step: "retribusi", role: "kabid", at: f.at("2026-02-02T13:00"))
        await #expect(try store.cases(CaseQuery(role: "kabid")).isEmpty)
    }

    @Test func anOverdueBranchMakesTheCaseOverdueEvenWhenAnotherStepComesFirst() async throws {
        let store = try SQLiteCaseStore()
        let service = CaseFixtures.service(store)
        let state = try await f.openForked(service, id: "IZ-3")
        let (_, machine) = try await service.load("IZ-3")
        // Tuesday 09:00: the fee calculation (due Monday 11:30) is late, the field check (3 days) is not.
        let tuesday = f.at("2026-02-03T09:00")
        #expect(state.isOverdue(at: tuesday, calendar: machine.calendar))
        let overdue = CaseQuery(overdue: OverdueFilter(now: tuesday, calendars: [("izin-contoh", machine.calendar)]))
        await #expect(try store.cases(overdue).map(\.caseID) == ["IZ-3"])
        await #expect(try store.listing(caseID: "IZ-3")?.activity.isOverdue(at: tuesday, calendar: machine.calendar) == true)
        let monday = CaseQuery(overdue: OverdueFilter(now: f.at("2026-02-02T11:00"), calendars: [("izin-contoh", machine.calendar)]))
        await #expect(try store.cases(monday).isEmpty)
    }

    @Test func whileTheFileIsWithTheApplicantTheAgencyIsJudgedWhenItsClockStopped() async throws {
        let store = try SQLiteCaseStore()
        let service = CaseFixtures.service(store)
        let state = try await f.openWithApplicant(service, id: "IZ-4")
        let (_, machine) = try await service.load("IZ-4")
        let listing = try await #require(try store.listing(caseID: "IZ-4"))
        #expect(listing.activity.pausedAt == f.at("2026-02-02T10:00"))
        #expect(listing.activity.isWaitingOnApplicant)
        #expect(listing.activity.activeSteps.map(\.step) == ["perbaikan"])
        #expect(listing.activity.activeSteps[0].applicant)
        #expect(listing.activity.activeSteps[0].roles == ["pemohon"])
        #expect(listing.activity.agencyDue == nil)
        // The withdrawal timer falls at the applicant's due, 30 calendar days on.
        #expect(listing.activity.nextTimerAt == state.openRecord(of: "perbaikan")?.record.timers[0])
        // Three weeks later the applicant is slow, but that is never the agency's delay.
        let later = f.at("2026-02-23T09:00")
        #expect(!state.isOverdue(at: later, calendar: machine.calendar, applicantSteps: machine.applicantStepIDs))
        await #expect(try store.cases(CaseQuery(overdue: OverdueFilter(now: later))).isEmpty)
        await #expect(try store.cases(CaseQuery(role: "pemohon")).map(\.caseID) == ["IZ-4"])
    }

    @Test func aStepLateWhenTheClockStoppedStaysLateAndOneOnTimeStaysOnTime() async throws {
        let store = try SQLiteCaseStore()
        let service = CaseFixtures.service(store)
        // The fee calculation is left open (due 11:30) while the plans go back at 14:00, late:
        // it was overdue when the clock stopped.
        try await f.openForked(service, id: "IZ-5")
        var state = try await service.complete(caseID: "IZ-5", step: "tinjau", role: "teknis", outcome: "perbaiki", at: f.at("2026-02-02T14:00"))
        let (_, machine) = try await service.load("IZ-5")
        #expect(state.pausedAt != nil)
        let later = f.at("2026-02-10T09:00")
        #expect(state.isOverdue(at: later, calendar: machine.calendar, applicantSteps: machine.applicantStepIDs))
        await #expect(try store.cases(CaseQuery(overdue: OverdueFilter(now: later))).map(\.caseID) == ["IZ-5"])
        // Sent back at 10:00, with the fee step due 11:30: a week later it is still not late.
        try await f.openForked(service, id: "IZ-6")
        state = try await service.complete(caseID: "IZ-6", step: "tinjau", role: "teknis", outcome: "perbaiki", at: f.at("2026-02-02T10:00"))
        #expect(!state.isOverdue(at: later, calendar: machine.calendar, applicantSteps: machine.applicantStepIDs))
        await #expect(try store.cases(CaseQuery(overdue: OverdueFilter(now: later))).map(\.caseID) == ["IZ-5"])
        await #expect(try store.listing(caseID: "IZ-6")?.activity.isOverdue(at: later, calendar: machine.calendar) == false)
        await #expect(try store.listing(caseID: "IZ-5")?.activity.isOverdue(at: later, calendar: machine.calendar) == true)
    }

    @Test func theResolutionOfAnEndingOutcomeIsKept() async throws {
        let store = try SQLiteCaseStore()
        let service = CaseFixtures.service(store)
        try await f.openForked(service, id: "IZ-7")
        try await service.complete(caseID: "IZ-7", step: "tinjau", role: "teknis", outcome: "tolak", at: f.at("2026-02-02T10:00"))
        let listing = try await #require(try store.listing(caseID: "IZ-7"))
        #expect(listing.summary.status == .closed)
        #expect(listing.activity.resolution == "ditolak")
        #expect(listing.activity.activeSteps.isEmpty)
        #expect(listing.activity.nextTimerAt == nil)
        await #expect(try store.cases(CaseQuery(role: "admin")).isEmpty)
    }

    /// Takes a current database back to the v4 schema, as an earlier release left it.
    static func downgradeToV4(_ path: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: """
                DROP TABLE case_active_step;
                DROP INDEX case_summary_next_timer;
                ALTER TABLE case_summary DROP COLUMN paused_at;
                ALTER TABLE case_summary DROP COLUMN resolution;
                ALTER TABLE case_summary DROP COLUMN next_timer_at;
                ALTER TABLE case_summary DROP COLUMN applicant_office_seconds;
                ALTER TABLE case_summary DROP COLUMN agency_due;
                ALTER TABLE case_summary DROP COLUMN paused_overdue;
                DELETE FROM grdb_migrations WHERE identifier = 'v5-several-active-steps';
                DROP TABLE session;
                DELETE FROM grdb_migrations WHERE identifier = 'v6-web-sessions';
                DROP TABLE notice;
                DROP TABLE delivery;
                DELETE FROM grdb_migrations WHERE identifier = 'v7-notifications';
                """)
        }
        try queue.close()
    }

    @Test func anEarlierDatabaseWithParallelCasesIsMigratedFromItsEvents() async throws {
        let path = CaseFixtures.temporaryDatabase()
        do {
            let store = try SQLiteCaseStore(path: path)
            let service = CaseFixtures.service(store)
            try await f.openForked(service, id: "IZ-8")
            try await f.openWithApplicant(service, id: "IZ-9")
            try await CaseFixtures.runSerdang(service, id: "SB-1")
        }
        let before = try SQLiteCaseStore(path: path, access: .read)
        let expected = try ["IZ-8", "IZ-9", "SB-1"].map { try #require(try before.listing(caseID: $0)) }
        try Self.downgradeToV4(path)
        #expect(throws: StoreError.olderSchema(path, pendingMigrations: ["v5-several-active-steps", "v6-web-sessions", "v7-notifications"])) {
            try SQLiteCaseStore(path: path, access: .read)
        }
        _ = try SQLiteCaseStore(path: path, access: .write)
        let after = try SQLiteCaseStore(path: path, access: .read)
        #expect(try ["IZ-8", "IZ-9", "SB-1"].map { try #require(try after.listing(caseID: $0)) } == expected)
        await #expect(try after.cases(CaseQuery(role: "admin")).map(\.caseID) == ["IZ-8"])
        await #expect(try after.casesWithDueTimers(at: f.at("2026-02-02T11:00"), sopIDs: nil, limit: 10) == ["IZ-8"])
        // The event log was not touched: every chain still verifies.
        #expect(try after.verifyChain().intact)
    }
}
