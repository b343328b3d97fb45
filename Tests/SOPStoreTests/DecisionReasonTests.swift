import Foundation
import SOPCore
import Testing
@testable import SOPStore
@testable import SOPStoreSQLite

/// Issue 13, item 8: a decision's reason is stored with it in one write, and an outcome that
/// sends the case back or ends it is not asked for the outputs the forward path produces.
@Suite struct DecisionReasonTests {
    let store: SQLiteCaseStore
    let service: CaseService

    init() async throws {
        store = try SQLiteCaseStore()
        service = CaseFixtures.service(store, now: "2026-03-10T09:00")
        try await CaseFixtures.openFiledSerdang(service, id: "R1")
        try await service.complete(caseID: "R1", step: "catat-pengaduan", role: "pranata-humas", uploads: [CaseFixtures.upload("pengaduan-tercatat")])
        try await service.complete(caseID: "R1", step: "telaah-pengaduan", role: "pranata-humas",
                                   uploads: [CaseFixtures.upload("pengaduan-tercatat"), CaseFixtures.upload("telaahan-staf")])
    }

    @Test func aRevisionNeedsNoOutputAndItsReasonIsTheFirstEventOfItsWrite() async throws {
        let before = try await store.events(caseID: "R1").count
        let state = try await service.complete(caseID: "R1", step: "periksa-draft", role: "fungsional-muda", actor: "f1",
                                               outcome: "tidak-setuju", note: "Survei lapangan belum dilakukan.")
        #expect(state.activeSteps.map(\.step) == ["telaah-pengaduan"])
        #expect(state.notes == ["Survei lapangan belum dilakukan."])
        let written = await Array(try store.events(caseID: "R1").dropFirst(before))
        guard case .note(let note) = written.first?.event else { Issue.record("the write does not start with the note"); return }
        #expect(note.text == "Survei lapangan belum dilakukan.")
        #expect(written.allSatisfy { $0.at == written[0].at && $0.actor == "f1" })
        #expect(written.contains { if case .stepCompleted(let c) = $0.event { c.step == "periksa-draft" } else { false } })
    }

    @Test func anApprovalStillNeedsItsOutput() async throws {
        await #expect(throws: CaseError.missingOutput(step: "periksa-draft", document: "draft-surat-balasan")) {
            try await service.complete(caseID: "R1", step: "periksa-draft", role: "fungsional-muda", outcome: "setuju")
        }
        let machine = try await service.load("R1").1
        let step = try #require(machine.definition.step("periksa-draft"))
        let state = try await service.load("R1").0
        #expect(machine.documentsRequired(state, step: step, outcome: "setuju") == ["draft-surat-balasan"])
        #expect(machine.documentsRequired(state, step: step, outcome: "tidak-setuju") == [])
        #expect(machine.documentsRequired(state, step: step) == ["draft-surat-balasan"])
    }
}
