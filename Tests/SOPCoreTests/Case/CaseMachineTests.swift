import Testing
@testable import SOPCore

/// The interpreter on its own, without a store: parallel branches and their join, several
/// actors, the applicant's turn with the agency's clock stopped, ending outcomes, timers.
@Suite struct CaseMachineTests {
    let m = MachineFixtures.machine
    let cal = MachineFixtures.calendar
    func at(_ s: String) -> Instant { MachineFixtures.at(s) }

    func forked() throws -> (CaseState, [RecordedEvent]) { try MachineFixtures.forked() }

    @Test func aForkActivatesEveryBranchWithItsOwnDue() throws {
        let (state, log) = try forked()
        #expect(state.activeSteps.map(\.step) == ["tinjau", "retribusi"])
        #expect(state.activeSteps[0].due == (try cal.due(from: at("2026-02-02T09:30"), adding: StandardTime(3, .workingDays))))
        #expect(state.activeSteps[1].due == at("2026-02-02T11:30"))
        // The alternative actor completed the counter step, and it is recorded.
        let done = state.history.first { $0.step == "terima" }!
        #expect(done.role == "admin" && done.actor == "budi")
        #expect(CaseState.fold(log) == state)
    }

    @Test func theJoinWaitsForEveryBranch() throws {
        var (state, log) = try forked()
        MachineFixtures.apply(try m.complete(state, step: "retribusi", role: "admin", at: at("2026-02-02T10:30")), to: &state, log: &log)
        #expect(state.activeSteps.map(\.step) == ["tinjau"])
        #expect(state.arrivals["verifikasi"] == 1)
        #expect(throws: CaseError.stepNotActive(step: "verifikasi", active: "tinjau")) {
            try m.complete(state, step: "verifikasi", role: "kabid", outcome: "setuju", at: at("2026-02-02T11:00"))
        }
        MachineFixtures.apply(try m.complete(state, step: "tinjau", role: "teknis", outcome: "sesuai", at: at("2026-02-03T10:00")),
                              to: &state, log: &log)
        #expect(state.activeSteps.map(\.step) == ["verifikasi"])
        #expect(state.arrivals["verifikasi"] == nil)
        #expect(CaseState.fold(log) == state)
    }

    @Test func theStandardDueIsTheCriticalPath() throws {
        let (state, _) = try forked()
        // The agency's 30 min, then the longer branch (3 working days, not the 2-hour fee),
        // then 1 working day: the branches are not added up, and the applicant's filing (15
        // min) and receipt (5 min) are the applicant's time, not the agency's.
        var t = at("2026-02-02T09:00")
        for time in [StandardTime(30, .minutes), StandardTime(3, .workingDays), StandardTime(1, .workingDays)] {
            t = try cal.due(from: t, adding: time)
        }
        // Opened at 09:00, so the case's clock stood still while the applicant filed (10 min).
        #expect(state.due == (try cal.resumedDue(t, unit: .workingDays, pausedAt: at("2026-02-02T09:00"), resumedAt: at("2026-02-02T09:10"))))
        #expect(m.definition.mainPath.map(\.id) == ["ajukan", "terima", "tinjau", "verifikasi", "terima-izin"])
    }

    @Test func onlyTheStepsRolesMayCompleteIt() throws {
        let (state, _) = try forked()
        #expect(throws: CaseError.wrongRole(step: "retribusi", role: "loket", required: "admin")) {
            try m.complete(state, step: "retribusi", role: "loket", at: at("2026-02-02T10:00"))
        }
    }

    @Test func handingTheFileBackStopsTheAgencysClock() throws {
        var (state, log) = try forked()
        let feeDue = state.openRecord(of: "retribusi")!.record.due!
        let caseDue = state.due!
        // The field check finds the drawing wrong at 10:00: the applicant corrects it.
        MachineFixtures.apply(try m.complete(state, step: "tinjau", role: "teknis", outcome: "perbaiki", at: at("2026-02-02T10:00")),
                              to: &state, log: &log)
        #expect(state.isWaitingOnApplicant)
        #expect(state.pausedAt == at("2026-02-02T10:00"))
        // Days later the fee step is not overdue: the agency's clock stood still at 10:00.
        #expect(!state.isOverdue(at: at("2026-02-20T10:00"), calendar: cal, applicantSteps: m.applicantStepIDs))
        // The applicant answers on Monday 9 February at 08:00 (a week on).
        let answered = at("2026-02-09T08:00")
        MachineFixtures.apply(try m.complete(state, step: "perbaikan", role: "pemohon", at: answered), to: &state, log: &log)
        #expect(!state.isWaitingOnApplicant)
        // The fee step had 1.5 office hours left at 10:00; counted again from 08:00 it is due 09:30.
        #expect(state.openRecord(of: "retribusi")!.record.due == at("2026-02-09T09:30"))
        #expect(try cal.elapsed(from: answered, to: state.openRecord(of: "retribusi")!.record.due!).officeSeconds
                == (try cal.elapsed(from: at("2026-02-02T10:00"), to: feeDue)).officeSeconds)
        #expect(state.due == (try cal.resumedDue(caseDue, unit: .workingDays, pausedAt: at("2026-02-02T10:00"), resumedAt: answered)))
        // The pause is the applicant's time; the fee step's own time leaves it out.
        let paused = try cal.elapsed(from: at("2026-02-02T10:00"), to: answered).officeSeconds
        #expect(state.applicantOfficeSeconds == paused + 10 * 60)
        MachineFixtures.apply(try m.complete(state, step: "retribusi", role: "admin", at: at("2026-02-09T09:00")), to: &state, log: &log)
        let fee = state.history.first { $0.step == "retribusi" }!
        #expect(fee.onTime == true)
        #expect(fee.officeSeconds == Int64(30 * 60 + 60 * 60), "\(String(describing: fee.officeSeconds)) \(fee.pausedOfficeSeconds)")
        #expect(CaseState.fold(log) == state)
    }

    @Test func anApplicantWhoDoesNotAnswerWithdrawsOnce() throws {
        var (state, log) = try forked()
        MachineFixtures.apply(try m.complete(state, step: "tinjau", role: "teknis", outcome: "perbaiki", at: at("2026-02-02T10:00")),
                              to: &state, log: &log)
        let timer = m.pendingTimers(state).first { $0.step == "perbaikan" }!
        #expect(timer.at == at("2026-03-04T10:00"))
        #expect(throws: CaseError.timerNotDue(step: "perbaikan", timer: 0, at: timer.at)) {
            try m.fire(state, step: "perbaikan", timer: 0, at: at("2026-03-04T09:59"))
        }
        let fired = MachineFixtures.apply(try m.fireDue(state, at: at("2026-03-05T00:00")), to: &state, log: &log)
        #expect(state.status == .closed)
        #expect(state.resolution == StepTimer.withdrawnResolution)
        #expect(fired.contains { if case .timerFired(let t) = $0.event { t.action == .withdraw } else { false } })
        #expect(fired.allSatisfy { $0.actor == nil && $0.role == nil })
        #expect(throws: CaseError.caseClosed("C-1")) { try m.fire(state, step: "perbaikan", timer: 0, at: at("2026-03-06T00:00")) }
        #expect(try m.fireDue(state, at: at("2026-03-06T00:00")).isEmpty)
        #expect(CaseState.fold(log) == state)
    }

    @Test func remindersAndEscalationsFireOnceAndEscalationGivesTheStepToAnotherRole() throws {
        var (state, log) = try forked()
        let fired = MachineFixtures.apply(try m.fireDue(state, at: at("2026-02-02T12:00")), to: &state, log: &log)
        let actions = fired.compactMap { if case .timerFired(let t) = $0.event { t.action } else { nil } }
        #expect(actions == [.remind, .escalate])
        #expect(try m.fireDue(state, at: at("2026-02-02T12:30")).isEmpty)
        #expect(throws: CaseError.timerFired(step: "retribusi", timer: 0)) {
            try m.fire(state, step: "retribusi", timer: 0, at: at("2026-02-02T13:00"))
        }
        // The head of unit may now complete the fee step; the counter still may not.
        MachineFixtures.apply(try m.complete(state, step: "retribusi", role: "kabid", at: at("2026-02-02T13:00")), to: &state, log: &log)
        #expect(state.history.first { $0.step == "retribusi" }!.onTime == false)
        #expect(CaseState.fold(log) == state)
    }

    @Test func anEndingOutcomeClosesTheCaseAndCancelsTheOtherBranch() throws {
        var (state, log) = try forked()
        MachineFixtures.apply(try m.complete(state, step: "tinjau", role: "teknis", outcome: "tolak", at: at("2026-02-02T10:00")),
                              to: &state, log: &log)
        #expect(state.status == .closed && state.resolution == "ditolak")
        #expect(state.activeSteps.isEmpty)
        #expect(m.pendingTimers(state).isEmpty)
    }

    @Test func aTimerCompletesTheDecisionAndTheApplicantsLastStepClosesTheCase() throws {
        var (state, log) = try forked()
        MachineFixtures.apply(try m.complete(state, step: "retribusi", role: "admin", at: at("2026-02-02T10:30")), to: &state, log: &log)
        MachineFixtures.apply(try m.complete(state, step: "tinjau", role: "teknis", outcome: "sesuai", at: at("2026-02-03T10:00")),
                              to: &state, log: &log)
        // Nobody verifies for 10 working days: approved; the applicant's receipt then completes by itself.
        let later = try cal.due(from: at("2026-02-03T10:00"), adding: StandardTime(10, .workingDays))
        MachineFixtures.apply(try m.fireDue(state, at: later.adding(seconds: 3600 * 24)), to: &state, log: &log)
        #expect(state.history.first { $0.step == "verifikasi" }!.outcome == "setuju")
        #expect(state.history.first { $0.step == "verifikasi" }!.automatic)
        // The receipt's own timer is set from the moment it became active: a later run fires it.
        #expect(state.activeSteps.map(\.step) == ["terima-izin"])
        MachineFixtures.apply(try m.fireDue(state, at: later.adding(seconds: 3600 * 72)), to: &state, log: &log)
        #expect(state.status == .closed && state.resolution == nil)
        #expect(state.history.last!.step == "terima-izin")
        #expect(CaseState.fold(log) == state)
    }
}

/// A revision sent back from past the join into one branch goes on to the join at once: the
/// other branch is done and will not arrive again.
@Suite struct JoinRevisionTests {
    @Test func aBranchRedoneAfterTheJoinDoesNotWaitForTheOthers() throws {
        var definition = MachineFixtures.definition
        let v = definition.steps.firstIndex { $0.id == "verifikasi" }!
        definition.steps[v].outcomes = [.init(id: "setuju", label: "Setuju", next: "terima-izin"),
                                        .init(id: "ulang", label: "Hitung ulang", next: "retribusi", revision: true)]
        definition.steps[v].timers = []
        let m = CaseMachine(definition: definition, definitionHash: "h2", calendar: MachineFixtures.calendar)
        let at = MachineFixtures.at
        var log = try m.open(caseID: "R", at: at("2026-02-02T09:00"))
        var state = CaseState.fold(log)!
        for (step, role, outcome, time) in [("ajukan", "pemohon", nil, "09:10"), ("terima", "loket", nil, "09:30"),
                                            ("retribusi", "admin", nil, "10:00"), ("tinjau", "teknis", "sesuai", "11:00"),
                                            ("verifikasi", "kabid", "ulang", "13:00"), ("retribusi", "admin", nil, "14:00")] as [(String, String, String?, String)] {
            MachineFixtures.apply(try m.complete(state, step: step, role: role, outcome: outcome, at: at("2026-02-02T\(time)")),
                                  to: &state, log: &log)
        }
        #expect(state.activeSteps.map(\.step) == ["verifikasi"])
        #expect(state.history.filter { $0.step == "verifikasi" }.map(\.round) == [0, 1])
        #expect(CaseState.fold(log) == state)
    }
}
