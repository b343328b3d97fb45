import Foundation
import SOPCore
import Testing
@testable import SOPStore
@testable import SOPStoreSQLite

/// Simulated cases of an SOP with parallel branches, the applicant's turn and timers are
/// stored with the read model their events fold to, and the timers still pending at the end
/// of the simulation fire later through the timer run.
@Suite struct SimulationTimerTests {
    let f = LicensingFixture.self

    @Test func simulatedLicensingCasesStoreEveryActiveStepAndTheirTimers() async throws {
        let sop = f.sop
        // Openings every 36 minutes over ten days, stopped on the tenth morning: the cases
        // opened overnight are in both branches then, the older ones further on.
        let simulation = Simulation(inputs: [sop], start: f.at("2026-02-02T09:00"), spreadSeconds: 10 * 86_400,
                                    until: f.at("2026-02-12T09:00"))
        let store = try SQLiteCaseStore(path: CaseFixtures.temporaryDatabase())
        let result = try await simulation.run(cases: 400, seed: 3, into: store)
        #expect(result.cases == 400)
        let service = CaseFixtures.service(store)
        let (_, machine) = try await service.load(Simulation.caseID(sop: sop.definition.id, number: 1))
        var forked = 0, returned = 0, withTimers = 0, resolutions: [String: Int] = [:]
        for id in try await store.caseIDs() {
            let state = try await service.state(caseID: id)
            let listing = try await #require(try store.listing(caseID: id))
            #expect(listing.activity == CaseActivity(state, machine: machine), "\(id)")
            #expect(listing.summary == CaseSummary(state, definition: machine.definition), "\(id)")
            if state.activeSteps.count > 1 { forked += 1 }
            if state.history.contains(where: { $0.step == "perbaikan" }) { returned += 1 }
            if listing.activity.nextTimerAt != nil { withTimers += 1 }
            if let r = state.resolution { resolutions[r, default: 0] += 1 }
        }
        // The mix the SOP makes: cases in both branches, plans sent back to the applicant,
        // timers waiting.
        #expect(forked > 0)
        #expect(returned > 0)
        #expect(withTimers > 0)
        // Long after, every pending timer fires once and no case keeps one due.
        let later = f.at("2026-06-30T12:00")
        let run = try await service.runTimers(at: later)
        #expect(run.failed.isEmpty)
        #expect(run.fired.count >= withTimers)
        await #expect(try store.casesWithDueTimers(at: later, sopIDs: nil, limit: 1000).isEmpty)
        await #expect(try service.runTimers(at: later).fired.isEmpty)
        // No plans still wait on the applicant: they came back, or the case was withdrawn.
        let open = try await store.listings(CaseQuery(status: .open, limit: 1000))
        #expect(!open.contains { $0.activity.activeSteps.contains { $0.step == "perbaikan" } })
        await #expect(try store.listings(CaseQuery(status: .closed, limit: 1000)).contains { $0.activity.resolution == "withdrawn" } || resolutions["withdrawn"] != nil)
        #expect(try store.verifyChain().intact)
    }
}
