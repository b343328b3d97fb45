import Testing
@testable import SOPCore

/// Publishing a revision to a running case: every open step mapped (by id or an explicit
/// map), due instants counted again under the new standard, the move recorded as events that
/// replay, and a case that cannot move refused and named.
@Suite struct CaseMigrationTests {
    let cal = MachineFixtures.calendar
    func at(_ s: String) -> Instant { MachineFixtures.at(s) }

    /// The fixture's SOP with `edit` applied to its steps, under hash `hash`.
    func revision(_ hash: String, _ edit: (inout [Step]) -> Void) -> CaseMachine {
        var d = MachineFixtures.definition
        edit(&d.steps)
        return CaseMachine(definition: d, definitionHash: hash, calendar: cal)
    }

    func index(_ steps: [Step], _ id: String) -> Int { steps.firstIndex { $0.id == id }! }

    /// A case at the fork (field check and fee) on Monday 16 March 2026, before Nyepi and Idul Fitri.
    func forkedBeforeTheHolidays() throws -> (CaseState, [RecordedEvent]) {
        let m = MachineFixtures.machine
        var log = try m.open(caseID: "C-9", at: at("2026-03-16T09:00"))
        var state = CaseState.fold(log)!
        MachineFixtures.apply(try m.complete(state, step: "ajukan", role: "pemohon", at: at("2026-03-16T09:10")), to: &state, log: &log)
        MachineFixtures.apply(try m.complete(state, step: "terima", role: "loket", at: at("2026-03-16T09:30")), to: &state, log: &log)
        return (state, log)
    }

    @Test func stepsKeepTheirIDsAndDueInstantsAreCountedAgainAcrossTheHolidays() throws {
        let (state, log) = try forkedBeforeTheHolidays()
        // The revision gives the field check 5 working days instead of 3.
        let target = revision("h2") { $0[index($0, "tinjau")].time = StandardTime(5, .workingDays) }
        let migration = try MachineFixtures.machine.migrate(state, to: target, at: at("2026-03-17T10:00"), actor: "admin")
        #expect(migration.moves.map(\.from) == ["tinjau", "retribusi"] && migration.moves.map(\.to) == ["tinjau", "retribusi"])
        // Tue 17, then 18–24 are holidays: Wed 25, Thu 26 (3 days, before); Fri 27, Mon 30 (5 days, after).
        #expect(migration.moves[0].dueBefore.map { CalendarFixtures.local($0, cal) } == "2026-03-26T16:00")
        #expect(migration.moves[0].dueAfter.map { CalendarFixtures.local($0, cal) } == "2026-03-30T16:00")
        #expect(migration.moves[0].dueAfter == (try cal.due(from: at("2026-03-16T09:30"), adding: StandardTime(5, .workingDays))))
        // The fee's standard did not change, nor its due.
        #expect(migration.moves[1].dueAfter == migration.moves[1].dueBefore)
        var after = state
        after.apply(contentsOf: migration.events)
        #expect(after.definitionHash == "h2")
        #expect(after.activeSteps.map(\.due) == migration.moves.map(\.dueAfter))
        #expect(after.due == migration.dueAfter && migration.dueAfter! > migration.dueBefore!)
        // The fee's timers are set again for the new revision (remind after 1 h, escalate at its due).
        #expect(after.activeSteps[1].timers == [0: at("2026-03-16T10:30"), 1: at("2026-03-16T11:30")])
        #expect(migration.events.allSatisfy { $0.actor == "admin" })
        // The whole history replays: before the move as the old machine made it, after it as the new one.
        #expect(CaseState.fold(log) == state)
        #expect(CaseState.fold(log + migration.events) == after)
        // The new machine carries on from there: the join, the verification, the end.
        var s = after
        s.apply(contentsOf: try target.complete(s, step: "retribusi", role: "admin", at: at("2026-03-17T11:00")))
        s.apply(contentsOf: try target.complete(s, step: "tinjau", role: "teknis", outcome: "sesuai", at: at("2026-03-27T10:00")))
        #expect(s.activeSteps.map(\.step) == ["verifikasi"])
        #expect(s.history.first { $0.step == "tinjau" }?.onTime == true)  // late under the old standard, on time under the new
    }

    @Test func aStepTheRevisionRenamesMustBeMapped() throws {
        let (state, _) = try forkedBeforeTheHolidays()
        let target = revision("h3") { steps in
            let i = index(steps, "tinjau")
            steps[i].id = "periksa-lokasi"
            for k in steps.indices { steps[k].parallel = steps[k].parallel.map { $0 == "tinjau" ? "periksa-lokasi" : $0 } }
            let p = index(steps, "perbaikan")
            steps[p].next = "periksa-lokasi"
        }
        #expect(throws: CaseError.unmappedStep(caseID: "C-9", step: "tinjau", known: target.definition.steps.map(\.id))) {
            try MachineFixtures.machine.migrate(state, to: target, at: at("2026-03-17T10:00"))
        }
        let migration = try MachineFixtures.machine.migrate(state, to: target, map: ["tinjau": "periksa-lokasi"], at: at("2026-03-17T10:00"))
        #expect(migration.moves.map(\.to) == ["periksa-lokasi", "retribusi"])
        var after = state
        after.apply(contentsOf: migration.events)
        #expect(after.activeSteps.map(\.step) == ["periksa-lokasi", "retribusi"])
        after.apply(contentsOf: try target.complete(after, step: "periksa-lokasi", role: "teknis", outcome: "sesuai", at: at("2026-03-17T11:00")))
        // The branch arrived at the join under the new name; the fee completes the fork.
        #expect(after.arrivals["verifikasi"] == 1)
        after.apply(contentsOf: try target.complete(after, step: "retribusi", role: "admin", at: at("2026-03-17T11:30")))
        #expect(after.activeSteps.map(\.step) == ["verifikasi"])
    }

    @Test func aCaseThatCannotMoveIsRefusedAndNamed() throws {
        let (state, _) = try forkedBeforeTheHolidays()
        let m = MachineFixtures.machine
        // Both open steps onto one.
        do {
            _ = try m.migrate(state, to: revision("h4") { _ in }, map: ["tinjau": "retribusi"], at: at("2026-03-17T10:00"))
            Issue.record("two steps onto one were accepted")
        } catch let e {
            #expect(e.code == "migration-refused" && e.description.contains("'tinjau' and 'retribusi' would both become 'retribusi'"), "\(e)")
        }
        // A step that changes sides: the fee becomes the applicant's.
        do {
            _ = try m.migrate(state, to: revision("h5") { $0[index($0, "retribusi")].actor = "pemohon" }, at: at("2026-03-17T10:00"))
            Issue.record("a change of side was accepted")
        } catch let e {
            #expect(e.code == "migration-refused" && e.description.contains("step 'retribusi' is the agency's"), "\(e)")
        }
        // Another SOP.
        var other = MachineFixtures.definition
        other.id = "izin-lain"
        #expect(throws: CaseError.self) {
            try m.migrate(state, to: CaseMachine(definition: other, definitionHash: "h6", calendar: cal), at: at("2026-03-17T10:00"))
        }
        // A closed case stays as it ended.
        var closed = state
        closed.status = .closed
        #expect(throws: CaseError.caseClosed("C-9")) { try m.migrate(closed, to: revision("h7") { _ in }, at: at("2026-03-17T10:00")) }
        // The same revision: nothing to record.
        #expect(try m.migrate(state, to: m, at: at("2026-03-17T10:00")).events.isEmpty)
    }

    /// The fee stayed open while the file was with the applicant: its clock stood still, and
    /// the time it stood is added to the due the new standard gives.
    @Test func theApplicantsTimeIsAddedToTheNewDue() throws {
        let m = MachineFixtures.machine
        var (state, log) = try MachineFixtures.forked()
        MachineFixtures.apply(try m.complete(state, step: "tinjau", role: "teknis", outcome: "perbaiki", at: at("2026-02-02T10:00")), to: &state, log: &log)
        #expect(state.isWaitingOnApplicant)
        MachineFixtures.apply(try m.complete(state, step: "perbaikan", role: "pemohon", at: at("2026-02-04T09:00")), to: &state, log: &log)
        let fee = try #require(state.activeSteps.first { $0.step == "retribusi" })
        #expect(fee.pausedOfficeSeconds > 0)
        // The revision doubles the fee's time: its due is 4 h after it began, plus the time it stood.
        let target = revision("h8") { $0[index($0, "retribusi")].time = StandardTime(4, .hours) }
        let migration = try m.migrate(state, to: target, at: at("2026-02-04T09:30"))
        let move = try #require(migration.moves.first { $0.from == "retribusi" })
        let expected = try cal.later(try cal.due(from: fee.activatedAt, adding: StandardTime(4, .hours)), byOfficeSeconds: fee.pausedOfficeSeconds)
        #expect(move.dueAfter == expected)
        #expect(move.dueAfter == (try cal.later(fee.due!, byOfficeSeconds: 2 * 3600)))
    }
}
