import Testing
@testable import SOPCore

/// The executed-case report on a parallel SOP: agency time and the applicant's time apart,
/// closed cases by resolution (told from the log or from the last completion), steps several
/// roles may do counted once.
@Suite struct CaseReportParallelTests {
    let m = MachineFixtures.machine
    let cal = MachineFixtures.calendar
    func at(_ s: String) -> Instant { MachineFixtures.at(s) }

    /// Three cases: one approved through both branches, one refused at the field check (an
    /// ending outcome), one sent back to the applicant who never answers (withdrawn by the timer).
    func cases() throws -> [[RecordedEvent]] {
        func run(_ id: String, _ actions: [(CaseState) throws -> [RecordedEvent]]) throws -> [RecordedEvent] {
            var log = try m.open(caseID: id, at: at("2026-02-02T09:00"))
            var state = CaseState.fold(log)!
            for act in actions { MachineFixtures.apply(try act(state), to: &state, log: &log) }
            return log
        }
        let head: [(CaseState) throws -> [RecordedEvent]] = [
            { try m.complete($0, step: "ajukan", role: "pemohon", at: at("2026-02-02T09:10")) },
            { try m.complete($0, step: "terima", role: "admin", at: at("2026-02-02T09:30")) },
        ]
        let approved = try run("C-1", head + [
            { try m.complete($0, step: "retribusi", role: "admin", at: at("2026-02-02T10:30")) },
            { try m.complete($0, step: "tinjau", role: "teknis", outcome: "sesuai", at: at("2026-02-03T10:00")) },
            { try m.complete($0, step: "verifikasi", role: "kabid", outcome: "setuju", at: at("2026-02-04T10:00")) },
            { try m.complete($0, step: "terima-izin", role: "pemohon", at: at("2026-02-04T10:04")) },
        ])
        let refused = try run("C-2", head + [
            { try m.complete($0, step: "tinjau", role: "teknis", outcome: "tolak", at: at("2026-02-03T10:00")) },
        ])
        let withdrawn = try run("C-3", head + [
            { try m.complete($0, step: "retribusi", role: "admin", at: at("2026-02-02T10:30")) },
            { try m.complete($0, step: "tinjau", role: "teknis", outcome: "perbaiki", at: at("2026-02-02T11:00")) },
            { try m.fireDue($0, at: at("2026-04-01T09:00")) },
        ])
        return [approved, refused, withdrawn]
    }

    func report(_ logs: [[RecordedEvent]], passResolution: Bool) -> CaseReport {
        var b = CaseReport.Builder(limits: [], now: at("2026-06-01T09:00"))
        b.addDefinition(MachineFixtures.definition, hash: "h")
        b.addCalendar(cal)
        for log in logs {
            for e in log {
                switch e.event {
                case .opened: b.open(caseID: e.caseID, definitionHash: "h", calendarID: cal.definition.id, at: e.at)
                case .stepCompleted(let c):
                    b.complete(caseID: e.caseID, step: c.step, at: e.at, officeSeconds: c.officeSeconds, workingDays: c.workingDays,
                               onTime: c.onTime)
                case .sentBack: b.sendBack(caseID: e.caseID)
                case .closed(let c): b.close(caseID: e.caseID, at: e.at, resolution: passResolution ? c.resolution : nil)
                default: break
                }
            }
        }
        return b.build()
    }

    func completions(_ log: [RecordedEvent]) -> [(step: String, seconds: Int64)] {
        log.compactMap { if case .stepCompleted(let c) = $0.event { (c.step, c.officeSeconds) } else { nil } }
    }

    @Test func closedCasesAreCountedByResolution() throws {
        let logs = try cases()
        #expect(CaseState.fold(logs[2])?.resolution == StepTimer.withdrawnResolution)
        for pass in [true, false] {
            let r = report(logs, passResolution: pass)
            let row = r.sops[0]
            #expect(row.closed == 3 && row.open == 0)
            #expect(row.resolutions.map(\.resolution) == ["completed", "withdrawn", "ditolak"], "resolution passed: \(pass)")
            #expect(row.resolutions.map(\.cases) == [1, 1, 1])
        }
    }

    @Test func agencyAndApplicantTimeAreCountedApart() throws {
        let logs = try cases()
        let r = report(logs, passResolution: true)
        let applicantSteps: Set<String> = ["ajukan", "perbaikan", "terima-izin"]
        var agency: [Int64] = [], applicant: [Int64] = []
        for log in logs {
            let done = completions(log)
            agency.append(done.filter { !applicantSteps.contains($0.step) }.map(\.seconds).reduce(0, +))
            applicant.append(done.filter { applicantSteps.contains($0.step) }.map(\.seconds).reduce(0, +))
        }
        // The approved case: the applicant filed in 10 minutes and took the permit in 4.
        #expect(applicant[0] == 14 * 60)
        #expect(agency[0] > 0 && !agency.contains(0))
        let row = r.sops[0]
        #expect(row.agencyTime?.maxOfficeSeconds == agency.max())
        #expect(row.applicantTime?.maxOfficeSeconds == applicant.max())
        #expect(row.agencyTime?.count == 3)
        // The step two roles may do is one row under both, not a copy under each.
        let roles = r.roles.map(\.role)
        #expect(roles.contains("loket+admin"))
        #expect(!roles.contains("loket"))
        #expect(r.roles.first { $0.role == "loket+admin" }?.stats.count == 3)
        #expect(r.roles.first { $0.role == "loket+admin" }?.title == "Petugas Loket / Pengadministrasi")
    }
}
