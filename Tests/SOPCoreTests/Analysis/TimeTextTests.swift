import SOPCore
import Testing

/// The one way a length of time is stated.
@Suite struct TimeTextTests {
    @Test func officeTimeIsExactToTheMinute() {
        // 37.5 office hours: never "37 h"; on a long office day they are hours and minutes.
        #expect(TimeText.office(seconds: 37 * 3600 + 1800, dayMinutes: 10_000) == "37 h 30 min")
        #expect(TimeText.office(seconds: 37 * 3600 + 1800) == "5 working days")
        #expect(TimeText.office(seconds: 37 * 3600 + 1800, .id) == "5 hari kerja")
        #expect(TimeText.office(minutes: 451) == "1 working day 1 min")
        #expect(TimeText.office(minutes: 2 * 450 + 65, .id) == "2 hari kerja 1 jam 5 menit")
        #expect(TimeText.office(minutes: 120) == "2 h")
        #expect(TimeText.office(minutes: 0) == "0 min")
        #expect(TimeText.office(minutes: -5) == "0 min")
        // Seconds round to the nearest minute.
        #expect(TimeText.office(seconds: 89) == "1 min" && TimeText.office(seconds: 91) == "2 min")
    }

    @Test func aTotalKeepsTheUnitsItsStepsUse() {
        var t = TimeTotal()
        t.add(StandardTime(60, .workingDays))
        t.add(StandardTime(5, .workingDays))
        t.add(StandardTime(135, .minutes))
        #expect(TimeText.total(t) == "65 working days 2 h 15 min")
        #expect(TimeText.total(t, .id) == "65 hari kerja 2 jam 15 menit")
        // 500 minutes of steps are not turned into a working day: the calendar decides that.
        var long = TimeTotal()
        long.add(StandardTime(500, .minutes))
        #expect(TimeText.total(long) == "8 h 20 min")
        t.add(StandardTime(30, .calendarDays))
        t.add(nil)
        #expect(TimeText.total(t) == "65 working days 2 h 15 min + 30 calendar days (1 step without a time)")
        var calendarOnly = TimeTotal()
        calendarOnly.add(StandardTime(1, .calendarDays))
        #expect(TimeText.total(calendarOnly, .id) == "1 hari kalender")
        #expect(TimeText.total(TimeTotal()) == "0 min")
        #expect(t.summary == TimeText.total(t))
    }
}
