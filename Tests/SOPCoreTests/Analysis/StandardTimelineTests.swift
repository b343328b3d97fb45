import Testing
@testable import SOPCore

/// The standard timeline of a parallel SOP: branches side by side, the join after the last of
/// them, the critical path, applicant steps, ranges and steps without a time.
@Suite struct StandardTimelineTests {
    let cal = MachineFixtures.calendar
    let sop = MachineFixtures.definition
    let start = MachineFixtures.at("2026-02-02T09:00")

    func entry(_ t: StandardTimeline, _ id: String) -> StandardTimeline.Entry { t.entries.first { $0.step.id == id }! }

    @Test func parallelBranchesStartTogetherAndTheJoinWaitsForTheLast() throws {
        let t = try StandardTimeline(sop: sop, calendar: cal, start: start)
        #expect(t.entries.map(\.step.id) == ["ajukan", "terima", "tinjau", "retribusi", "verifikasi", "terima-izin"])
        let terima = entry(t, "terima"), tinjau = entry(t, "tinjau"), retribusi = entry(t, "retribusi")
        #expect(tinjau.start == retribusi.start)
        #expect(tinjau.due == (try cal.due(from: terima.due, adding: StandardTime(3, .workingDays))))
        #expect(retribusi.due == (try cal.due(from: terima.due, adding: StandardTime(2, .hours))))
        #expect(retribusi.due < tinjau.due)
        // The join is handed over when its last branch is due: the field check, not the fee.
        let verifikasi = entry(t, "verifikasi")
        #expect(verifikasi.due == (try cal.due(from: tinjau.due, adding: StandardTime(1, .workingDays))))
        #expect(verifikasi.predecessors.map { t.entries[$0].step.id } == ["tinjau", "retribusi"])
        #expect(t.due == entry(t, "terima-izin").due)
        #expect(t.criticalPath.map(\.step.id) == ["ajukan", "terima", "tinjau", "verifikasi", "terima-izin"])
        #expect(!retribusi.critical)
        #expect(t.entries.filter(\.applicant).map(\.step.id) == ["ajukan", "terima-izin"])
        // The sum of every step, one after another, ends later: the total is the critical path.
        let sequential = try StandardTimeline(path: t.entries.map(\.step), calendar: cal, start: start)
        #expect(sequential.due > t.due)
        // The case machine's standard due for the whole case agrees: the agency's time only.
        let opened = try MachineFixtures.machine.open(caseID: "C-1", at: start)
        let agencyDue = try StandardTimeline.agencyDue(sop: sop, calendar: cal, start: start)
        #expect(CaseState.fold(opened)!.due == agencyDue)
        #expect(agencyDue < t.due)
    }

    @Test func theLongerBranchIsCriticalWhicheverItIs() throws {
        var longFee = sop
        let i = longFee.steps.firstIndex { $0.id == "retribusi" }!
        longFee.steps[i].time = StandardTime(5, .workingDays)
        let t = try StandardTimeline(sop: longFee, calendar: cal, start: start)
        #expect(t.criticalPath.map(\.step.id) == ["ajukan", "terima", "retribusi", "verifikasi", "terima-izin"])
        #expect(entry(t, "verifikasi").due == (try cal.due(from: entry(t, "retribusi").due, adding: StandardTime(1, .workingDays))))
    }

    @Test func aRangeIsDueAtItsMaximumAndAStepWithoutTimeTakesNone() throws {
        var changed = sop
        let k = changed.steps.firstIndex { $0.id == "tinjau" }!
        changed.steps[k].time = StandardTime(3, .workingDays, minimum: 1, written: "1-3 hari kerja")
        let f = changed.steps.firstIndex { $0.id == "retribusi" }!
        changed.steps[f].time = nil
        let t = try StandardTimeline(sop: changed, calendar: cal, start: start)
        let terima = entry(t, "terima")
        #expect(entry(t, "tinjau").due == (try cal.due(from: terima.due, adding: StandardTime(3, .workingDays))))
        #expect(entry(t, "retribusi").due == terima.due)
        #expect(changed.steps[k].time.printed == "1-3 hari kerja")
        #expect(changed.steps[f].time.printed == "—")
        #expect(StandardTime(3, .workingDays, minimum: 1).printed == "1-3 Hari Kerja")
        // The JSON marks the critical path and whom each step waits for.
        let json = t.json(offset: cal.utcOffsetSeconds)
        #expect(json.criticalPath == ["ajukan", "terima", "tinjau", "verifikasi", "terima-izin"])
        #expect(json.steps.first { $0.step == "verifikasi" }?.after == ["tinjau", "retribusi"])
        #expect(json.steps.first { $0.step == "retribusi" }?.critical == false)
    }

    @Test func comparisonCountsEveryBranchOnceAndSharesStepsOfSeveralRoles() throws {
        let c = try SOPComparison([(sop, cal)], localStart: (CivilDate(iso: "2026-02-02")!, 9, 0))
        let a = c.agencies[0]
        let roles = Dictionary(uniqueKeysWithValues: a.timeByRole.map { ($0.role, $0.officeSeconds) })
        // terima may be done by the counter or the administrator: one share, not a copy for each.
        #expect(roles["loket+admin"] == Int64(30 * 60))
        #expect(roles["loket"] == nil)
        #expect(roles["admin"] == Int64(2 * 3600))
        #expect(a.roleTitle("loket+admin") == "Petugas Loket / Pengadministrasi")
        // Hand-offs: ajukan→terima, terima→tinjau, terima→retribusi, tinjau→verifikasi,
        // retribusi→verifikasi, verifikasi→terima-izin.
        #expect(a.handOffs == 6)
        #expect(a.timeline.due == (try StandardTimeline(sop: sop, calendar: cal, start: start)).due)
    }
}
