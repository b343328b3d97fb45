import Foundation
import SOPCore
import Testing
@testable import SOPStore
@testable import SOPStoreSQLite

/// Every refused action: a clear error, and the store exactly as before.
@Suite struct CaseRuleTests {
    let store: SQLiteCaseStore
    let service: CaseService

    init() async throws {
        store = try SQLiteCaseStore()
        service = CaseFixtures.service(store, now: "2026-03-10T09:00")
        try await CaseFixtures.openFiledSerdang(service, id: "C1")
    }

    /// Runs `action`, expects `expected`, and checks nothing was written.
    func refused(_ expected: CaseError, _ action: () async throws -> Void) async throws {
        let before = try await store.events(caseID: "C1")
        let summary = try await store.summary(caseID: "C1")
        let documents = try store.documentCount()
        await #expect(throws: expected) { try await action() }
        await #expect(try store.events(caseID: "C1") == before)
        await #expect(try store.summary(caseID: "C1") == summary)
        #expect(try store.documentCount() == documents)
    }

    @Test func onlyTheStepsRoleMayCompleteIt() async throws {
        try await refused(.wrongRole(step: "catat-pengaduan", role: "kepala-dinas", required: "pranata-humas")) {
            try await service.complete(caseID: "C1", step: "catat-pengaduan", role: "kepala-dinas", uploads: [CaseFixtures.upload("pengaduan-tercatat")])
        }
    }

    @Test func declaredOutputsMustBeSupplied() async throws {
        try await refused(.missingOutput(step: "catat-pengaduan", document: "pengaduan-tercatat")) {
            try await service.complete(caseID: "C1", step: "catat-pengaduan", role: "pranata-humas")
        }
        try await refused(.unexpectedDocument(step: "catat-pengaduan", document: "surat-jawaban")) {
            try await service.complete(caseID: "C1", step: "catat-pengaduan", role: "pranata-humas",
                                       uploads: [CaseFixtures.upload("pengaduan-tercatat"), CaseFixtures.upload("surat-jawaban")])
        }
    }

    @Test func requiredInputsMustBeInTheCase() async throws {
        let a = CaseFixtures.lamandau
        try await service.open(definition: a.definition, hash: a.hash, calendar: a.calendar, caseID: "L1", at: CaseFixtures.at("2026-03-02T09:00"))
        let before = try await store.events(caseID: "L1")
        await #expect(throws: CaseError.missingInput(step: "sampaikan-permasalahan", document: "pengaduan")) {
            try await service.complete(caseID: "L1", step: "sampaikan-permasalahan", role: "pemohon")
        }
        await #expect(try store.events(caseID: "L1") == before)
    }

    @Test func onlyTheActiveStepCanBeCompleted() async throws {
        try await refused(.stepNotActive(step: "telaah-pengaduan", active: "catat-pengaduan")) {
            try await service.complete(caseID: "C1", step: "telaah-pengaduan", role: "pranata-humas")
        }
        try await refused(.unknownStep("catat", known: CaseFixtures.serdang.definition.steps.map(\.id))) {
            try await service.complete(caseID: "C1", step: "catat", role: "pranata-humas")
        }
        await #expect(throws: CaseError.unknownCase("NOPE")) { try await service.complete(caseID: "NOPE", step: "x", role: "y") }
        await #expect(throws: CaseError.invalidCaseID("../etc")) { try await service.complete(caseID: "../etc", step: "x", role: "y") }
    }

    @Test func decisionsTakeOneOfTheirOutcomes() async throws {
        // Bring the case to the decision at step 4.
        try await service.complete(caseID: "C1", step: "catat-pengaduan", role: "pranata-humas", uploads: [CaseFixtures.upload("pengaduan-tercatat")], at: CaseFixtures.at("2026-03-02T10:00"))
        try await service.complete(caseID: "C1", step: "telaah-pengaduan", role: "pranata-humas",
                                   uploads: [CaseFixtures.upload("pengaduan-tercatat"), CaseFixtures.upload("telaahan-staf")], at: CaseFixtures.at("2026-03-03T10:00"))
        let draft = [CaseFixtures.upload("draft-surat-balasan")]
        try await refused(.outcomeRequired(step: "periksa-draft", options: ["setuju", "tidak-setuju"])) {
            try await service.complete(caseID: "C1", step: "periksa-draft", role: "fungsional-muda", uploads: draft)
        }
        try await refused(.unknownOutcome(step: "periksa-draft", outcome: "mungkin", options: ["setuju", "tidak-setuju"])) {
            try await service.complete(caseID: "C1", step: "periksa-draft", role: "fungsional-muda", outcome: "mungkin", uploads: draft)
        }
    }

    @Test func nonDecisionsTakeNoOutcome() async throws {
        try await refused(.outcomeNotAllowed(step: "catat-pengaduan")) {
            try await service.complete(caseID: "C1", step: "catat-pengaduan", role: "pranata-humas", outcome: "setuju",
                                       uploads: [CaseFixtures.upload("pengaduan-tercatat")])
        }
    }

    @Test func completionCannotPrecedeActivation() async throws {
        try await refused(.timeBeforeActivation(step: "catat-pengaduan", activatedAt: CaseFixtures.at("2026-03-02T09:03"))) {
            try await service.complete(caseID: "C1", step: "catat-pengaduan", role: "pranata-humas",
                                       uploads: [CaseFixtures.upload("pengaduan-tercatat")], at: CaseFixtures.at("2026-03-01T09:00"))
        }
    }

    @Test func oversizedDocumentsAreRefused() async throws {
        var small = service
        small.documentLimit = 4
        try await refused(.documentTooLarge(name: "pengaduan-tercatat.txt", size: 23, limit: 4)) {
            try await small.complete(caseID: "C1", step: "catat-pengaduan", role: "pranata-humas", uploads: [CaseFixtures.upload("pengaduan-tercatat")])
        }
    }

    @Test func aClosedCaseTakesNoAction() async throws {
        try await CaseFixtures.runSerdang(service, id: "C2")
        let before = try await store.events(caseID: "C2")
        await #expect(throws: CaseError.caseClosed("C2")) {
            try await service.complete(caseID: "C2", step: "terima-balasan", role: "pengadu")
        }
        await #expect(throws: CaseError.caseClosed("C2")) { try await service.note(caseID: "C2", text: "x") }
        await #expect(try store.events(caseID: "C2") == before)
    }

    @Test func openingTwiceIsRefused() async throws {
        let a = CaseFixtures.serdang
        try await refused(.caseExists("C1")) {
            try await service.open(definition: a.definition, hash: a.hash, calendar: a.calendar, caseID: "C1")
        }
    }
}
