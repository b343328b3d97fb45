import Foundation
import SOPCore
import Testing
@testable import SOPStore
@testable import SOPStoreSQLite

/// Every refused action: a clear error, and the store exactly as before.
@Suite struct CaseRuleTests {
    let store: SQLiteCaseStore
    let service: CaseService

    init() throws {
        store = try SQLiteCaseStore()
        service = CaseFixtures.service(store, now: "2026-03-10T09:00")
        try CaseFixtures.openFiledSerdang(service, id: "C1")
    }

    /// Runs `action`, expects `expected`, and checks nothing was written.
    func refused(_ expected: CaseError, _ action: () throws -> Void) throws {
        let before = try store.events(caseID: "C1")
        let summary = try store.summary(caseID: "C1")
        let documents = try store.documentCount()
        #expect(throws: expected) { try action() }
        #expect(try store.events(caseID: "C1") == before)
        #expect(try store.summary(caseID: "C1") == summary)
        #expect(try store.documentCount() == documents)
    }

    @Test func onlyTheStepsRoleMayCompleteIt() throws {
        try refused(.wrongRole(step: "catat-pengaduan", role: "kepala-dinas", required: "pranata-humas")) {
            try service.complete(caseID: "C1", step: "catat-pengaduan", role: "kepala-dinas", uploads: [CaseFixtures.upload("pengaduan-tercatat")])
        }
    }

    @Test func declaredOutputsMustBeSupplied() throws {
        try refused(.missingOutput(step: "catat-pengaduan", document: "pengaduan-tercatat")) {
            try service.complete(caseID: "C1", step: "catat-pengaduan", role: "pranata-humas")
        }
        try refused(.unexpectedDocument(step: "catat-pengaduan", document: "surat-jawaban")) {
            try service.complete(caseID: "C1", step: "catat-pengaduan", role: "pranata-humas",
                                 uploads: [CaseFixtures.upload("pengaduan-tercatat"), CaseFixtures.upload("surat-jawaban")])
        }
    }

    @Test func requiredInputsMustBeInTheCase() throws {
        let a = CaseFixtures.lamandau
        try service.open(definition: a.definition, hash: a.hash, calendar: a.calendar, caseID: "L1", at: CaseFixtures.at("2026-03-02T09:00"))
        let before = try store.events(caseID: "L1")
        #expect(throws: CaseError.missingInput(step: "sampaikan-permasalahan", document: "pengaduan")) {
            try service.complete(caseID: "L1", step: "sampaikan-permasalahan", role: "pemohon")
        }
        #expect(try store.events(caseID: "L1") == before)
    }

    @Test func onlyTheActiveStepCanBeCompleted() throws {
        try refused(.stepNotActive(step: "telaah-pengaduan", active: "catat-pengaduan")) {
            try service.complete(caseID: "C1", step: "telaah-pengaduan", role: "pranata-humas")
        }
        try refused(.unknownStep("catat", known: CaseFixtures.serdang.definition.steps.map(\.id))) {
            try service.complete(caseID: "C1", step: "catat", role: "pranata-humas")
        }
        #expect(throws: CaseError.unknownCase("NOPE")) { try service.complete(caseID: "NOPE", step: "x", role: "y") }
        #expect(throws: CaseError.invalidCaseID("../etc")) { try service.complete(caseID: "../etc", step: "x", role: "y") }
    }

    @Test func decisionsTakeOneOfTheirOutcomes() throws {
        // Bring the case to the decision at step 4.
        try service.complete(caseID: "C1", step: "catat-pengaduan", role: "pranata-humas", uploads: [CaseFixtures.upload("pengaduan-tercatat")], at: CaseFixtures.at("2026-03-02T10:00"))
        try service.complete(caseID: "C1", step: "telaah-pengaduan", role: "pranata-humas",
                             uploads: [CaseFixtures.upload("pengaduan-tercatat"), CaseFixtures.upload("telaahan-staf")], at: CaseFixtures.at("2026-03-03T10:00"))
        let draft = [CaseFixtures.upload("draft-surat-balasan")]
        try refused(.outcomeRequired(step: "periksa-draft", options: ["setuju", "tidak-setuju"])) {
            try service.complete(caseID: "C1", step: "periksa-draft", role: "fungsional-muda", uploads: draft)
        }
        try refused(.unknownOutcome(step: "periksa-draft", outcome: "mungkin", options: ["setuju", "tidak-setuju"])) {
            try service.complete(caseID: "C1", step: "periksa-draft", role: "fungsional-muda", outcome: "mungkin", uploads: draft)
        }
    }

    @Test func nonDecisionsTakeNoOutcome() throws {
        try refused(.outcomeNotAllowed(step: "catat-pengaduan")) {
            try service.complete(caseID: "C1", step: "catat-pengaduan", role: "pranata-humas", outcome: "setuju",
                                 uploads: [CaseFixtures.upload("pengaduan-tercatat")])
        }
    }

    @Test func completionCannotPrecedeActivation() throws {
        try refused(.timeBeforeActivation(step: "catat-pengaduan", activatedAt: CaseFixtures.at("2026-03-02T09:03"))) {
            try service.complete(caseID: "C1", step: "catat-pengaduan", role: "pranata-humas",
                                 uploads: [CaseFixtures.upload("pengaduan-tercatat")], at: CaseFixtures.at("2026-03-01T09:00"))
        }
    }

    @Test func oversizedDocumentsAreRefused() throws {
        var small = service
        small.documentLimit = 4
        try refused(.documentTooLarge(name: "pengaduan-tercatat.txt", size: 23, limit: 4)) {
            try small.complete(caseID: "C1", step: "catat-pengaduan", role: "pranata-humas", uploads: [CaseFixtures.upload("pengaduan-tercatat")])
        }
    }

    @Test func aClosedCaseTakesNoAction() throws {
        try CaseFixtures.runSerdang(service, id: "C2")
        let before = try store.events(caseID: "C2")
        #expect(throws: CaseError.caseClosed("C2")) {
            try service.complete(caseID: "C2", step: "terima-balasan", role: "pengadu")
        }
        #expect(throws: CaseError.caseClosed("C2")) { try service.note(caseID: "C2", text: "x") }
        #expect(try store.events(caseID: "C2") == before)
    }

    @Test func openingTwiceIsRefused() throws {
        let a = CaseFixtures.serdang
        try refused(.caseExists("C1")) {
            try service.open(definition: a.definition, hash: a.hash, calendar: a.calendar, caseID: "C1")
        }
    }
}
