import Testing
@testable import SOPCore

/// Work assignment in the interpreter: a task given to a named officer is theirs to complete;
/// a substitute takes it over with the officer on leave recorded; a released task is anyone's
/// of its roles again; a timer completes it whoever holds it.
@Suite struct CaseMachineAssignmentTests {
    let m = MachineFixtures.machine
    func at(_ s: String) -> Instant { MachineFixtures.at(s) }

    func forked() throws -> (CaseState, [RecordedEvent]) { try MachineFixtures.forked() }

    @Test func anAssignedTaskIsTheAssigneesToComplete() throws {
        var (state, log) = try forked()
        let events = MachineFixtures.apply(try m.assign(state, step: "tinjau", to: "sari", actor: "ani", role: "teknis", at: at("2026-02-02T09:40")),
                                           to: &state, log: &log)
        #expect(events.map(\.event.type) == ["task-assigned"])
        #expect(events[0].actor == "ani" && events[0].role == "teknis")
        #expect(state.openRecord(of: "tinjau")?.record.assignee == "sari")
        // The other branch stays unassigned.
        #expect(state.openRecord(of: "retribusi")?.record.assignee == nil)
        #expect(throws: CaseError.assignedToOther(step: "tinjau", officer: "sari")) {
            try m.complete(state, step: "tinjau", role: "teknis", actor: "ani", outcome: "sesuai", at: at("2026-02-02T10:00"))
        }
        MachineFixtures.apply(try m.complete(state, step: "tinjau", role: "teknis", actor: "sari", outcome: "sesuai", at: at("2026-02-02T10:00")),
                              to: &state, log: &log)
        let done = state.history.last { $0.step == "tinjau" }!
        #expect(done.actor == "sari" && done.assignee == "sari" && done.substituteFor == nil)
        #expect(CaseState.fold(log) == state)
    }

    @Test func aReleasedTaskIsAnyonesOfItsRoles() throws {
        var (state, log) = try forked()
        MachineFixtures.apply(try m.assign(state, step: "retribusi", to: "budi", actor: "budi", at: at("2026-02-02T09:40")), to: &state, log: &log)
        MachineFixtures.apply(try m.assign(state, step: "retribusi", to: nil, actor: "budi", at: at("2026-02-02T09:50")), to: &state, log: &log)
        #expect(state.openRecord(of: "retribusi")?.record.assignee == nil)
        MachineFixtures.apply(try m.complete(state, step: "retribusi", role: "admin", actor: "citra", at: at("2026-02-02T10:30")), to: &state, log: &log)
        #expect(state.openRecord(of: "retribusi") == nil)
        #expect(CaseState.fold(log) == state)
    }

    @Test func aSubstituteTakesTheTaskOverAndBothAreRecorded() throws {
        var (state, log) = try forked()
        MachineFixtures.apply(try m.assign(state, step: "tinjau", to: "sari", actor: "sari", at: at("2026-02-02T09:40")), to: &state, log: &log)
        MachineFixtures.apply(try m.assign(state, step: "tinjau", to: "joko", substituteFor: "sari", actor: "joko", role: "teknis",
                                           at: at("2026-02-03T09:00")), to: &state, log: &log)
        MachineFixtures.apply(try m.complete(state, step: "tinjau", role: "teknis", actor: "joko", outcome: "sesuai", at: at("2026-02-03T09:05")),
                              to: &state, log: &log)
        let done = state.history.last { $0.step == "tinjau" }!
        #expect(done.actor == "joko" && done.assignee == "joko" && done.substituteFor == "sari")
        // Stored and read back as the columns say.
        let handover = log.first { $0.event.type == "task-assigned" && $0.actor == "joko" }!
        guard case .taskAssigned(let a) = handover.event else { Issue.record("not an assignment"); return }
        #expect(a.officer == "joko" && a.substituteFor == "sari" && a.step == "tinjau")
        #expect(CaseState.fold(log) == state)
    }

    @Test func aNewRoundStartsUnassigned() throws {
        var (state, log) = try forked()
        MachineFixtures.apply(try m.assign(state, step: "tinjau", to: "sari", actor: "sari", at: at("2026-02-02T09:40")), to: &state, log: &log)
        MachineFixtures.apply(try m.complete(state, step: "tinjau", role: "teknis", actor: "sari", outcome: "sesuai", at: at("2026-02-02T10:00")),
                              to: &state, log: &log)
        // A completed activation keeps who held it; the step is no longer a task to give.
        #expect(throws: CaseError.stepNotActive(step: "tinjau", active: "retribusi")) {
            try m.assign(state, step: "tinjau", to: "ani", actor: "ani", at: at("2026-02-02T10:10"))
        }
        #expect(throws: CaseError.unknownStep("nope", known: m.definition.steps.map(\.id))) {
            try m.assign(state, step: "nope", to: "ani", actor: "ani", at: at("2026-02-02T10:10"))
        }
    }

    @Test func aTimerCompletesATaskWhoeverHoldsIt() throws {
        var (state, log) = try forked()
        MachineFixtures.apply(try m.complete(state, step: "retribusi", role: "admin", at: at("2026-02-02T10:30")), to: &state, log: &log)
        MachineFixtures.apply(try m.complete(state, step: "tinjau", role: "teknis", outcome: "sesuai", at: at("2026-02-02T11:00")),
                              to: &state, log: &log)
        MachineFixtures.apply(try m.assign(state, step: "verifikasi", to: "kabid-1", actor: "kabid-1", at: at("2026-02-02T11:05")),
                              to: &state, log: &log)
        // Ten working days on, nobody acted: the timer decides "setuju" although the task is held.
        MachineFixtures.apply(try m.fireDue(state, at: at("2026-02-20T12:00")), to: &state, log: &log)
        let done = state.history.last { $0.step == "verifikasi" }!
        #expect(done.completedAt != nil && done.automatic && done.outcome == "setuju" && done.assignee == "kabid-1")
        #expect(CaseState.fold(log) == state)
    }
}
