import Foundation
import Testing
@testable import SOPCLI

@Suite struct DueCommandTests {
    let serdang = CLI.path("sops/serdang-bedagai-pengaduan.yaml")
    let lamandau = CLI.path("sops/lamandau-pengaduan.yaml")

    @Test func lamandauTimelineOverIdulFitri2026() async throws {
        let r = await CLI.run("due", lamandau, "--start", "2026-03-13T15:30", "--format", "json")
        #expect(r.status == 0, "\(r.err)")
        struct Out: Decodable {
            struct Step: Decodable { var no: Int; var start: String; var due: String }
            var due: String; var workingDays: Int; var steps: [Step]
        }
        let out = try JSONDecoder().decode(Out.self, from: Data(r.out.utf8))
        // 1 wd from Fri 13 Mar → Mon 16; 5 wd → 17, 25, 26, 27, 30 Mar (18–24 closed);
        // 2 office hours from 16:00 Mon → Tue 31 Mar 09:30.
        #expect(out.steps.map(\.due) == [
            "2026-03-13T15:35:00+07:00", "2026-03-16T16:00:00+07:00", "2026-03-30T16:00:00+07:00",
            "2026-03-31T09:30:00+07:00", "2026-04-01T16:00:00+07:00", "2026-04-07T16:00:00+07:00",
            "2026-04-08T07:35:00+07:00", "2026-04-08T08:05:00+07:00",
        ])
    }

    @Test func serdangTimelineCrossesTheYearEnd() async {
        let r = await CLI.run("due", serdang, "--start", "2026-12-21T09:00")
        #expect(r.status == 0, "\(r.err)")
        // 5 wd from Mon 21 Dec: 22, 23, (24, 25 closed), 28, 29, 30 → Wed 30 Dec 16:00.
        #expect(r.out.contains("2026-12-21 09:05  2026-12-30 16:00"))
        #expect(r.out.contains("65 working days"))
    }

    /// The licensing SOP: the fee and the print run beside the field check (marked "paralel",
    /// off the critical path), the applicant's payment is marked, the total is the critical path's end.
    @Test func parallelSOPMarksTheCriticalPathAndTheApplicant() async throws {
        let imb = CLI.path("sops/dpmptsp-imb-jatim.yaml")
        let r = await CLI.run("due", imb, "--start", "2026-03-02T09:00")
        #expect(r.status == 0, "\(r.err)")
        let lines = r.out.split(separator: "\n").map(String.init)
        func row(_ id: String) throws -> String { try #require(lines.first { $0.contains(" \(id) ") }) }
        #expect(try row("hitung-retribusi").hasSuffix("paralel"))
        #expect(try row("cetak-sk").hasSuffix("paralel"))
        #expect(try row("peninjauan-lokasi").hasSuffix("kritis"))
        #expect(try row("peninjauan-lokasi").contains("1 hari."))
        // The fee starts with the field check (both after the evaluation).
        let fieldStart = try row("peninjauan-lokasi").split(separator: " ", omittingEmptySubsequences: true)
        let feeStart = try row("hitung-retribusi").split(separator: " ", omittingEmptySubsequences: true)
        #expect(fieldStart.suffix(5).prefix(2) == feeStart.suffix(5).prefix(2))
        #expect(r.out.contains("The applicant's steps: 9"))
        #expect(r.out.contains("Critical path: 1 → 2 → 3 → 6 → 7 → 8 → 9 → 10"))
    }

    @Test func badInstantsAndRangesAreClearErrors() async {
        let malformed = await CLI.run("due", serdang, "--start", "21/12/2026")
        #expect(malformed.status == 2)
        #expect(malformed.err.contains("is not an instant"))
        let outside = await CLI.run("due", serdang, "--start", "2031-01-05T09:00")
        #expect(outside.status == 1)
        #expect(outside.err.contains("outside the calendar's years 2024–2027"))
        // 60 working days from November 2027 run past the calendar.
        await #expect(CLI.run("due", serdang, "--start", "2027-11-01T09:00").status == 1)
    }

    @Test func calendarShowCountsWorkingDays() async {
        let r = await CLI.run("calendar", "show", CLI.path("sops/calendars/national.yaml"), "--year", "2026")
        #expect(r.status == 0, "\(r.err)")
        // 261 weekdays in 2026, 21 of them holidays or joint leave.
        #expect(r.out.contains("Total       240"))
        #expect(r.out.contains("2026-03-20  Jumat   joint-leave  Cuti Bersama Idul Fitri"))
        await #expect(CLI.run("calendar", "show", "--year", "2031").status == 2)
    }
}
