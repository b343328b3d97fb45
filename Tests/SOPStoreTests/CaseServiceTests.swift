import Foundation
import SOPCore
import Testing
@testable import SOPStore
@testable import SOPStoreSQLite

@Suite struct CaseServiceTests {
    @Test func serdangRunsStraightThroughOnTime() async throws {
        let store = try SQLiteCaseStore()
        let service = CaseFixtures.service(store)
        let state = try await CaseFixtures.runSerdang(service, id: "SB-001")
        #expect(state.status == .closed)
        #expect(state.history.map(\.step) == CaseFixtures.serdang.definition.steps.map(\.id))
        #expect(state.history.allSatisfy { $0.onTime == true })
        #expect(state.revisionRounds == 0)
        // Replay: the state the service returned equals the fold of the stored events.
        await #expect(CaseState.fold(try store.events(caseID: "SB-001")) == state)
        await #expect(try store.summary(caseID: "SB-001")?.status == .closed)
    }

    /// An upload naming no document of the SOP is refused before its id is interned
    /// (``Symbol``): a stranger's text never grows the process's table, and nothing is stored.
    @Test func anUploadForNoDocumentOfTheSOPIsRefusedAndItsIDNeverInterned() async throws {
        let store = try SQLiteCaseStore()
        let service = CaseFixtures.service(store)
        let a = CaseFixtures.serdang
        let stranger = "no-such-document-\(UUID().uuidString)"
        await #expect(throws: CaseError.unexpectedDocument(step: "sampaikan-pengaduan", document: stranger)) {
            try await service.open(definition: a.definition, hash: a.hash, calendar: a.calendar, caseID: "SB-X",
                                   at: CaseFixtures.at("2026-03-02T09:00"), uploads: [CaseFixtures.upload(stranger)])
        }
        try await service.open(definition: a.definition, hash: a.hash, calendar: a.calendar, caseID: "SB-Y", at: CaseFixtures.at("2026-03-02T09:00"))
        await #expect(throws: CaseError.unexpectedDocument(step: "sampaikan-pengaduan", document: stranger)) {
            try await service.complete(caseID: "SB-Y", step: "sampaikan-pengaduan", role: "pengadu", uploads: [CaseFixtures.upload(stranger)],
                                       at: CaseFixtures.at("2026-03-02T09:03"))
        }
        #expect(Symbol(existing: stranger) == nil)
        await #expect(try store.summary(caseID: "SB-X") == nil)
        await #expect(try store.events(caseID: "SB-Y").count == CaseState.fold(try store.events(caseID: "SB-Y"))!.version)
        await #expect(CaseState.fold(try store.events(caseID: "SB-Y"))!.active?.step == "sampaikan-pengaduan")
    }

    @Test func rejectedDraftGoesBackForARevisionRound() async throws {
        let store = try SQLiteCaseStore()
        let service = CaseFixtures.service(store)
        let state = try await CaseFixtures.runSerdang(service, id: "SB-002", reject: true)
        #expect(state.revisions["periksa-draft"] == 1)
        #expect(state.history.filter { $0.step == "telaah-pengaduan" }.map(\.round) == [0, 1])
        let events = try await store.events(caseID: "SB-002")
        #expect(events.contains { if case .sentBack(let s) = $0.event { s.to == "telaah-pengaduan" && s.round == 1 } else { false } })
        await #expect(try store.summary(caseID: "SB-002")?.revisionRounds == 1)
        #expect(CaseState.fold(events) == state)
    }

    @Test func dueDatesComeFromTheAgencyCalendar() async throws {
        let store = try SQLiteCaseStore()
        let service = CaseFixtures.service(store)
        let a = CaseFixtures.lamandau
        // Opened Fri 13 Mar 2026 15:30 WIB: step 1 (5 min) due 15:35.
        var state = try await service.open(definition: a.definition, hash: a.hash, calendar: a.calendar, caseID: "LMD-1",
                                           at: CaseFixtures.at("2026-03-13T15:30"))
        #expect(state.active?.due == CaseFixtures.at("2026-03-13T15:35"))
        state = try await service.complete(caseID: "LMD-1", step: "sampaikan-permasalahan", role: "pemohon",
                                           uploads: [CaseFixtures.upload("pengaduan")], at: CaseFixtures.at("2026-03-13T15:34"))
        // Step 2, one working day from Friday: Monday 16 March at closing.
        #expect(state.active?.due == CaseFixtures.at("2026-03-16T16:00"))
        // The whole case is due when the agency's standard timeline ends (the applicant's own
        // steps have their own limits and are not counted), moved by the applicant's four
        // minutes on step 1: the agency's clock stood still then.
        #expect(state.due == CaseFixtures.at("2026-04-08T08:04"))
        #expect(state.applicantOfficeSeconds == 4 * 60)
    }

    @Test func lateStepsAreMarkedAndOverdueCasesFound() async throws {
        let store = try SQLiteCaseStore()
        let service = CaseFixtures.service(store)
        let a = CaseFixtures.lamandau
        try await service.open(definition: a.definition, hash: a.hash, calendar: a.calendar, caseID: "LMD-2", at: CaseFixtures.at("2026-03-02T09:00"))
        try await service.complete(caseID: "LMD-2", step: "sampaikan-permasalahan", role: "pemohon",
                                   uploads: [CaseFixtures.upload("pengaduan")], at: CaseFixtures.at("2026-03-02T09:04"))
        // Step 2 is due Tue 3 Mar 16:00; at Wednesday noon it is overdue for the help desk.
        let wednesday = CaseFixtures.at("2026-03-04T12:00")
        await #expect(try store.cases(CaseQuery(overdue: OverdueFilter(now: wednesday))).map(\.caseID) == ["LMD-2"])
        await #expect(try store.cases(CaseQuery(role: "help-desk")).map(\.caseID) == ["LMD-2"])
        await #expect(try store.cases(CaseQuery(overdue: OverdueFilter(now: CaseFixtures.at("2026-03-03T15:00")))).isEmpty)
        // One rule (#16, finding 15): at Tuesday 21:00, after closing, no office time has passed
        // since the due instant, so the step is not overdue yet, in the store's list and per case.
        let calendar = WorkingCalendar(a.calendar)
        let night = CaseFixtures.at("2026-03-03T21:00")
        let byCalendar = { (now: Instant) in OverdueFilter(now: now, calendars: [(a.definition.id, calendar)]) }
        await #expect(try store.cases(CaseQuery(overdue: byCalendar(night))).isEmpty)
        await #expect(try !#require(try store.summary(caseID: "LMD-2")).isOverdue(at: night, calendar: calendar))
        await #expect(try store.cases(CaseQuery(overdue: byCalendar(CaseFixtures.at("2026-03-04T07:31")))).map(\.caseID) == ["LMD-2"])
        await #expect(try #require(try store.summary(caseID: "LMD-2")).isOverdue(at: CaseFixtures.at("2026-03-04T07:31"), calendar: calendar))
        let state = try await service.complete(caseID: "LMD-2", step: "catat-permasalahan", role: "help-desk",
                                               uploads: [CaseFixtures.upload("catatan-pengaduan")], at: wednesday)
        let record = try #require(state.history.first { $0.step == "catat-permasalahan" })
        #expect(record.onTime == false)
        #expect(record.workingDays == 1) // Tuesday completed; Wednesday under way
    }

    @Test func aFormBuiltOnAnOlderVersionIsAConflict() async throws {
        let store = try SQLiteCaseStore()
        let service = CaseFixtures.service(store)
        let a = CaseFixtures.lamandau
        let opened = try await service.open(definition: a.definition, hash: a.hash, calendar: a.calendar, caseID: "LMD-V",
                                            at: CaseFixtures.at("2026-03-02T09:00"))
        let note = try await service.note(caseID: "LMD-V", text: "dihubungi", at: CaseFixtures.at("2026-03-02T09:01"))
        // The officer's form still says version `opened.version`: the note moved the case on.
        await #expect(throws: CaseError.conflict(caseID: "LMD-V", expected: opened.version, actual: note.version)) {
            try await service.complete(caseID: "LMD-V", step: "sampaikan-permasalahan", role: "pemohon",
                                       uploads: [CaseFixtures.upload("pengaduan")], at: CaseFixtures.at("2026-03-02T09:04"),
                                       expectedVersion: opened.version)
        }
        await #expect(try store.events(caseID: "LMD-V").count == note.version)
        let done = try await service.complete(caseID: "LMD-V", step: "sampaikan-permasalahan", role: "pemohon",
                                              uploads: [CaseFixtures.upload("pengaduan")], at: CaseFixtures.at("2026-03-02T09:04"),
                                              expectedVersion: note.version)
        #expect(done.active?.step == "catat-permasalahan")
        await #expect(CaseState.fold(try store.events(caseID: "LMD-V")) == done)
    }

    /// A revision outcome with `maxRounds` sends a case back at most that many times; then
    /// another outcome (the escalation) must be chosen, and the refusal stores nothing.
    @Test func aRevisionLimitIsEnforced() async throws {
        var sop = CaseFixtures.serdang.definition
        let i = try #require(sop.steps.firstIndex { $0.id == "periksa-draft" })
        sop.steps[i].outcomes[1].maxRounds = 1
        let store = try SQLiteCaseStore()
        let service = CaseFixtures.service(store)
        try await service.open(definition: sop, hash: "limited", calendar: CaseFixtures.serdang.calendar, caseID: "LIM",
                               at: CaseFixtures.at("2026-03-02T09:00"))
        func done(_ step: String, _ role: String, _ docs: [String], _ at: String, outcome: String? = nil) async throws {
            try await service.complete(caseID: "LIM", step: step, role: role, outcome: outcome, uploads: docs.map { CaseFixtures.upload($0) },
                                       at: CaseFixtures.at(at))
        }
        try await done("sampaikan-pengaduan", "pengadu", ["form-pengaduan", "pengaduan-tercatat"], "2026-03-02T09:03")
        try await done("catat-pengaduan", "pranata-humas", ["pengaduan-tercatat"], "2026-03-02T10:00")
        try await done("telaah-pengaduan", "pranata-humas", ["pengaduan-tercatat", "telaahan-staf"], "2026-03-03T10:00")
        try await done("periksa-draft", "fungsional-muda", ["draft-surat-balasan"], "2026-03-03T11:00", outcome: "tidak-setuju")
        try await done("telaah-pengaduan", "pranata-humas", ["pengaduan-tercatat", "telaahan-staf"], "2026-03-04T10:00")
        let before = try await store.events(caseID: "LIM").count
        await #expect(throws: CaseError.revisionLimit(step: "periksa-draft", outcome: "tidak-setuju", limit: 1)) {
            try await done("periksa-draft", "fungsional-muda", ["draft-surat-balasan"], "2026-03-04T11:00", outcome: "tidak-setuju")
        }
        await #expect(try store.events(caseID: "LIM").count == before)
        try await done("periksa-draft", "fungsional-muda", ["draft-surat-balasan"], "2026-03-04T11:00", outcome: "setuju")
        await #expect(try service.state(caseID: "LIM").active?.step == "tandatangani-balasan")
    }

    @Test func sameBytesAreStoredOnce() async throws {
        let path = CaseFixtures.temporaryDatabase()
        let store = try SQLiteCaseStore(path: path)
        let service = CaseFixtures.service(store)
        try await CaseFixtures.runSerdang(service, id: "SB-A")
        let first = try store.documentCount()
        try await CaseFixtures.runSerdang(service, id: "SB-B")
        #expect(try store.documentCount() == first)
        let attachment = try await #require(try service.state(caseID: "SB-B").documents["surat-jawaban"]?.first)
        await #expect(try store.document(sha256: attachment.sha256) == Array("surat-jawaban: isi".utf8))
        #expect(attachment.sha256 == SHA256.hex(Array("surat-jawaban: isi".utf8)))
    }

    @Test func aDefinitionRevisionNeverChangesARunningCase() async throws {
        let store = try SQLiteCaseStore()
        let service = CaseFixtures.service(store)
        let a = CaseFixtures.lamandau
        try await service.open(definition: a.definition, hash: a.hash, calendar: a.calendar, caseID: "OLD", at: CaseFixtures.at("2026-03-02T09:00"))
        var revised = a.definition
        revised.steps[1].time = StandardTime(3, .workingDays)
        #expect(revised.contentHash != a.hash)
        try await service.open(definition: revised, hash: revised.contentHash, calendar: a.calendar, caseID: "NEW", at: CaseFixtures.at("2026-03-02T09:00"))
        for id in ["OLD", "NEW"] {
            try await service.complete(caseID: id, step: "sampaikan-permasalahan", role: "pemohon",
                                       uploads: [CaseFixtures.upload("pengaduan")], at: CaseFixtures.at("2026-03-02T09:04"))
        }
        await #expect(try service.state(caseID: "OLD").active?.due == CaseFixtures.at("2026-03-03T16:00"))
        await #expect(try service.state(caseID: "NEW").active?.due == CaseFixtures.at("2026-03-05T16:00"))
        await #expect(try service.state(caseID: "OLD").definitionHash == a.hash)
    }

    @Test func aNewHolidayReachesRunningCases() async throws {
        let store = try SQLiteCaseStore()
        let service = CaseFixtures.service(store)
        let a = CaseFixtures.lamandau
        try await service.open(definition: a.definition, hash: a.hash, calendar: a.calendar, caseID: "H1", at: CaseFixtures.at("2026-03-02T09:00"))
        await #expect(try store.calendar(id: a.calendar.id)?.revision == 1)
        // A mid-year decree closes Tuesday 3 March (as 18 Aug 2025 was added to the 2025 decree).
        var amended = a.calendar
        amended.holidays.append(Holiday(date: CivilDate(iso: "2026-03-03")!, name: "Cuti bersama (tambahan)", kind: .jointLeave))
        try await store.saveCalendar(amended)
        try await store.saveCalendar(amended) // unchanged content: same revision
        await #expect(try store.calendar(id: a.calendar.id)?.revision == 2)
        let state = try await service.complete(caseID: "H1", step: "sampaikan-permasalahan", role: "pemohon",
                                               uploads: [CaseFixtures.upload("pengaduan")], at: CaseFixtures.at("2026-03-02T09:04"))
        // One working day from Monday is now Wednesday's close.
        #expect(state.active?.due == CaseFixtures.at("2026-03-04T16:00"))
    }
}
