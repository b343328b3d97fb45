import Testing
@testable import SOPCore

/// The report's slowest steps are those that run furthest past their standard in working
/// time, not by share: a short step a little late never outranks a long one a day late.
@Suite struct CaseReportRankingTests {
    let cal = MachineFixtures.calendar
    func at(_ s: String) -> Instant { MachineFixtures.at(s) }

    /// Ten cases each completing `terima` (standard 30 minutes) in `terima` seconds and `tinjau`
    /// (3 working days, 81,000 office seconds) in `tinjau` seconds.
    func report(terima: Int64, tinjau: Int64, ajukan: Int64 = 600) -> CaseReport {
        var b = CaseReport.Builder(limits: [], now: at("2026-06-01T09:00"))
        b.addDefinition(MachineFixtures.definition, hash: "h")
        b.addCalendar(cal)
        for n in 0..<10 {
            let id = "C-\(n)"
            b.open(caseID: id, definitionHash: "h", calendarID: cal.definition.id, at: at("2026-02-02T09:00"))
            b.complete(caseID: id, step: "ajukan", at: at("2026-02-02T09:10"), officeSeconds: ajukan, workingDays: 0, onTime: ajukan <= 900)
            b.complete(caseID: id, step: "terima", at: at("2026-02-02T10:00"), officeSeconds: terima, workingDays: 0, onTime: terima <= 1800)
            b.complete(caseID: id, step: "tinjau", at: at("2026-02-06T10:00"), officeSeconds: tinjau, workingDays: Int(tinjau / 27_000),
                       onTime: tinjau <= 81_000)
        }
        return b.build()
    }

    @Test func aLongStepADayLateOutranksAShortStepByShare() {
        // terima: 40 minutes for 30 (133 %, 10 minutes past); tinjau: 3.5 working days for 3 (117 %, 3.75 hours past).
        let r = report(terima: 2400, tinjau: 94_500)
        #expect(r.slowest.map(\.step) == ["tinjau", "terima"])
        let tinjau = r.slowest[0], terima = r.slowest[1]
        #expect(CaseReport.overrun(of: tinjau) == 13_500 && CaseReport.overrun(of: terima) == 600)
        #expect(CaseReport.share(of: terima)! > CaseReport.share(of: tinjau)!, "the share is shown beside, not ranked by")
        // A step within its standard is not among the slowest at all.
        #expect(!r.slowest.contains { $0.step == "ajukan" })
    }

    @Test func equalOverrunsAreRankedByTheMedianAndNoneLateMeansNone() {
        // Both 10 minutes past their standard: tinjau (the longer median) first.
        let r = report(terima: 2400, tinjau: 81_600)
        #expect(r.slowest.map(\.step) == ["tinjau", "terima"])
        #expect(report(terima: 1200, tinjau: 60_000).slowest.isEmpty)
    }
}
