import Foundation
import SOPCore
import Testing
@testable import SOPStore
@testable import SOPStoreSQLite

/// A revision published to the running cases of a store: every case or none, a dry run
/// storing nothing, the events stored and read back, the chain intact, the case carrying on.
@Suite struct CaseMigrationServiceTests {
    /// Serdang Bedagai with its examination (step 3) renamed and given 30 working days.
    static let revised: (SOPDefinition, String) = {
        var d = CaseFixtures.serdang.definition
        let i = d.steps.firstIndex { $0.id == "telaah-pengaduan" }!
        d.steps[i].id = "kaji-pengaduan"
        d.steps[i].time = StandardTime(30, .workingDays)
        for k in d.steps.indices {
            if d.steps[k].next == "telaah-pengaduan" { d.steps[k].next = "kaji-pengaduan" }
            for o in d.steps[k].outcomes.indices where d.steps[k].outcomes[o].next == "telaah-pengaduan" { d.steps[k].outcomes[o].next = "kaji-pengaduan" }
        }
        return (d, d.contentHash)
    }()

    /// Two open cases: one at step 2, one at step 3 (the renamed one).
    func twoCases() async throws -> (SQLiteCaseStore, CaseService) {
        let store = try SQLiteCaseStore()
        let service = CaseFixtures.service(store, now: "2026-03-04T09:00")
        try await CaseFixtures.openFiledSerdang(service, id: "S-1")
        try await CaseFixtures.openFiledSerdang(service, id: "S-2")
        try await service.complete(caseID: "S-2", step: "catat-pengaduan", role: "pranata-humas", uploads: [CaseFixtures.upload("pengaduan-tercatat", "dicatat")],
                                   at: CaseFixtures.at("2026-03-02T10:00"))
        return (store, service)
    }

    @Test func anUnmappedCaseIsRefusedAndNothingMoves() async throws {
        let (store, service) = try await twoCases()
        let before = try await store.events(caseID: "S-1").count + store.events(caseID: "S-2").count
        let (definition, hash) = Self.revised
        let run = try await service.migrate(to: definition, hash: hash)
        #expect(run.refused.map(\.caseID) == ["S-2"] && run.refused.first?.error.code == "unmapped-step")
        #expect(run.moved.map(\.caseID) == ["S-1"] && !run.stored)
        await #expect(try store.events(caseID: "S-1").count + store.events(caseID: "S-2").count == before)
        await #expect(try store.definition(hash: hash) == nil)
        // Skipping it moves the other.
        let partial = try await service.migrate(to: definition, hash: hash, skipRefused: true)
        #expect(partial.stored && partial.moved.map(\.caseID) == ["S-1"])
        await #expect(try service.load("S-1").0.definitionHash == hash)
        await #expect(try service.load("S-2").0.definitionHash == CaseFixtures.serdang.hash)
    }

    @Test func aDryRunStoresNothingAndAMappedRunMovesEveryCase() async throws {
        let (store, service) = try await twoCases()
        let (definition, hash) = Self.revised
        let map = ["telaah-pengaduan": "kaji-pengaduan"]
        let dry = try await service.migrate(to: definition, hash: hash, map: map, dryRun: true)
        #expect(dry.moved.map(\.caseID) == ["S-1", "S-2"] && !dry.stored && dry.refused.isEmpty)
        await #expect(try service.load("S-2").0.definitionHash == CaseFixtures.serdang.hash)
        let run = try await service.migrate(to: definition, hash: hash, map: map, actor: "admin")
        #expect(run.stored && run.moved.map(\.moves) == dry.moved.map(\.moves))
        let (state, machine) = try await service.load("S-2")
        #expect(state.definitionHash == hash && machine.definitionHash == hash)
        #expect(state.activeSteps.map(\.step) == ["kaji-pengaduan"])
        #expect(state.activeSteps.first?.due == run.moved[1].moves.first?.dueAfter)
        // Stored, read back and replayed: the same state; the chain is intact.
        await #expect(CaseState.fold(try store.events(caseID: "S-2")) == state)
        #expect(try store.verifyChain().intact)
        await #expect(try store.summary(caseID: "S-2")?.definitionHash == hash)
        // Published again: nothing to do.
        let again = try await service.migrate(to: definition, hash: hash, map: map)
        #expect(again.moved.isEmpty && again.current == ["S-1", "S-2"])
        // The case carries on under the new revision.
        let done = try await service.complete(caseID: "S-2", step: "kaji-pengaduan", role: "pranata-humas",
                                              uploads: [CaseFixtures.upload("pengaduan-tercatat", "ditelaah"), CaseFixtures.upload("telaahan-staf")],
                                              at: CaseFixtures.at("2026-03-05T10:00"))
        #expect(done.activeSteps.map(\.step) == ["periksa-draft"])
    }
}
