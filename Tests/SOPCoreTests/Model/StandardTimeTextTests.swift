import Testing
@testable import SOPCore

/// The Waktu cell as documents write it.
@Suite struct StandardTimeTextTests {
    func read(_ text: String, _ days: SOPDefinition.TimeDefaults.Days? = .working) -> StandardTime? {
        try? StandardTime.parse(text, days: days).get().time
    }

    @Test func plainTimesAsPrinted() {
        #expect(read("30 menit")?.deadline == StandardTime(30, .minutes))
        #expect(read("30menit.") == StandardTime(30, .minutes, written: "30menit."))
        #expect(read("1 Jam") == StandardTime(1, .hours, written: "1 Jam"))
        #expect(read("3hari")?.deadline == StandardTime(3, .workingDays))
        #expect(read("5 hari kerja")?.deadline == StandardTime(5, .workingDays))
        #expect(read("14 hari kalender")?.deadline == StandardTime(14, .calendarDays))
        #expect(read("3 hari", .calendar)?.deadline == StandardTime(3, .calendarDays))
    }

    @Test func rangesKeepTheMaximumAsTheDeadline() {
        let t = read("1-3 hari")
        #expect(t?.value == 3 && t?.minimum == 1 && t?.unit == .workingDays)
        #expect(t?.description == "1–3 working days")
        #expect(read("3 s/d 25 hari kerja")?.minimum == 3)
        #expect(read("2 – 4 jam")?.deadline == StandardTime(4, .hours))
    }

    @Test func fractionsBecomeOfficeMinutes() throws {
        #expect(read("½ hari")?.deadline == StandardTime(225, .minutes))
        #expect(read("½ hari")?.written == "½ hari")
        #expect(read("1,5 jam")?.deadline == StandardTime(90, .minutes))
        #expect(read("1½ jam")?.deadline == StandardTime(90, .minutes))
        #expect(try StandardTime.parse("½ hari", days: .working, dayMinutes: 480).get().time.deadline == StandardTime(240, .minutes))
    }

    @Test func weeksAndMonths() throws {
        #expect(read("2 minggu")?.deadline == StandardTime(14, .calendarDays))
        #expect(read("1 bulan")?.deadline == StandardTime(1, .months))
        #expect(read("6 Bulan")?.deadline == StandardTime(6, .months))
    }

    @Test func aPlainHariWithoutADefaultIsAmbiguousAndCountsAsWorkingDays() throws {
        let r = try StandardTime.parse("5 hari", days: nil).get()
        #expect(r.ambiguousDays && r.time.unit == .workingDays)
        #expect(try !StandardTime.parse("5 hari kerja", days: nil).get().ambiguousDays)
    }

    @Test func unreadableTimesAreRefusedWithTheReason() {
        #expect(throws: StandardTime.TextProblem.backwardsRange("3-1 hari")) { try StandardTime.parse("3-1 hari", days: .working).get() }
        #expect(throws: StandardTime.TextProblem.unknownUnit("5 fortnights")) { try StandardTime.parse("5 fortnights", days: .working).get() }
        #expect(throws: StandardTime.TextProblem.unreadable("segera")) { try StandardTime.parse("segera", days: .working).get() }
        #expect(throws: (any Error).self) { try StandardTime.parse("½ hari", days: .calendar).get() }
        #expect(throws: (any Error).self) { try StandardTime.parse("½ menit", days: .working).get() }
        #expect(throws: (any Error).self) { try StandardTime.parse("0 hari", days: .working).get() }
    }

    @Test func monthsLandOnTheSameDayOrTheMonthsLastDay() throws {
        let cal = CalendarFixtures.calendar(years: 2025...2027)
        let jan31 = CalendarFixtures.at("2026-01-31T10:00", cal)
        #expect(CalendarFixtures.local(try cal.due(from: jan31, adding: StandardTime(1, .months)), cal) == "2026-02-28T10:00")
        #expect(CalendarFixtures.local(try cal.due(from: jan31, adding: StandardTime(2, .months)), cal) == "2026-03-31T10:00")
    }
}
