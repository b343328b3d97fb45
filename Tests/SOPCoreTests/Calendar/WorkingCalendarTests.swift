import Testing
@testable import SOPCore

/// Hand-checked deadlines on a calendar with the 2025/26 year end and Idul Fitri 2026.
@Suite struct WorkingCalendarTests {
    let cal = CalendarFixtures.calendar()

    func due(_ start: String, _ value: Int, _ unit: StandardTime.Unit) throws -> String {
        CalendarFixtures.local(try cal.due(from: CalendarFixtures.at(start, cal), adding: StandardTime(value, unit)), cal)
    }

    /// Work handed over outside office hours starts at the next opening.
    @Test func nextOfficeInstant() throws {
        func next(_ t: String) throws -> String { CalendarFixtures.local(try cal.nextOfficeInstant(from: CalendarFixtures.at(t, cal)), cal) }
        #expect(try next("2026-03-16T09:00") == "2026-03-16T09:00")
        #expect(try next("2026-03-16T12:00") == "2026-03-16T13:00")   // the break
        #expect(try next("2026-03-16T16:00") == "2026-03-17T07:30")   // closing, Monday
        #expect(try next("2026-03-13T16:30") == "2026-03-16T07:30")   // closing, Friday
        #expect(try next("2026-03-16T06:00") == "2026-03-16T07:30")   // before opening
    }

    /// Finished at the first office moment after the due instant is on time; a minute of
    /// office time later is not.
    @Test func onTimeAcrossABreak() throws {
        let due = CalendarFixtures.at("2026-03-16T12:00", cal)
        #expect(cal.isOnTime(due: due, end: CalendarFixtures.at("2026-03-16T12:40", cal)))
        #expect(cal.isOnTime(due: due, end: CalendarFixtures.at("2026-03-16T13:00", cal)))
        #expect(!cal.isOnTime(due: due, end: CalendarFixtures.at("2026-03-16T13:01", cal)))
        let closing = CalendarFixtures.at("2026-03-13T16:30", cal)
        #expect(cal.isOnTime(due: closing, end: CalendarFixtures.at("2026-03-16T07:30", cal)))
        #expect(!cal.isOnTime(due: closing, end: CalendarFixtures.at("2026-03-16T07:45", cal)))
    }

    @Test func perpresWeekIs37AndAHalfHours() {
        #expect(OfficeHours.perpres21of2023.weeklySeconds == 37 * 3600 + 1800)
    }

    @Test func minutesCountOfficeTimeOnly() throws {
        #expect(try due("2026-03-16T09:00", 60, .minutes) == "2026-03-16T10:00")
        // Across the lunch break: 11:30 + 60 office minutes = 13:30.
        #expect(try due("2026-03-16T11:30", 60, .minutes) == "2026-03-16T13:30")
        // Started during the break: counting begins at 13:00.
        #expect(try due("2026-03-16T12:15", 5, .minutes) == "2026-03-16T13:05")
        // Ends exactly when the morning ends: due at 12:00, not after the break.
        #expect(try due("2026-03-16T11:00", 60, .minutes) == "2026-03-16T12:00")
        // Friday closes at 16:30: exactly 60 minutes from 15:30.
        #expect(try due("2026-03-13T15:30", 60, .minutes) == "2026-03-13T16:30")
        // Started before opening: counting begins at 07:30.
        #expect(try due("2026-03-16T05:00", 5, .minutes) == "2026-03-16T07:35")
        #expect(try due("2026-03-16T09:00", 2, .hours) == "2026-03-16T11:00")
    }

    @Test func sixtyMinutesBeforeALongWeekendEndOnTheNextWorkingDay() throws {
        // Tue 17 Mar 2026 15:30: 30 minutes left; 18–24 Mar are Nyepi, Idul Fitri and joint leave.
        #expect(try due("2026-03-17T15:30", 60, .minutes) == "2026-03-25T08:00")
        // Wed 24 Dec 2025 15:30: Christmas and its joint leave, then the weekend.
        #expect(try due("2025-12-24T15:30", 60, .minutes) == "2025-12-29T08:00")
        // Friday 16:00 with 30 minutes left before closing.
        #expect(try due("2026-03-13T16:00", 60, .minutes) == "2026-03-16T08:00")
    }

    @Test func workingDaysCountFromTheDayAfterReceipt() throws {
        // Received Monday during office hours: day 0; one working day = Tuesday's close.
        #expect(try due("2026-03-16T09:00", 1, .workingDays) == "2026-03-17T16:00")
        // Received before opening: still that day.
        #expect(try due("2026-03-16T06:00", 1, .workingDays) == "2026-03-17T16:00")
        // Handed over exactly at closing: still received that day (chained steps add up).
        #expect(try due("2026-03-16T16:00", 1, .workingDays) == "2026-03-17T16:00")
        // After closing: received on the next working day, Tue 17; then 18–24 are closed.
        #expect(try due("2026-03-16T17:00", 1, .workingDays) == "2026-03-25T16:00")
        // On a Saturday: received Monday.
        #expect(try due("2026-03-14T10:00", 1, .workingDays) == "2026-03-17T16:00")
        // On a holiday: received on the next working day, Wed 25 Mar.
        #expect(try due("2026-03-20T10:00", 1, .workingDays) == "2026-03-26T16:00")
        // Ends on a Friday: Friday's own closing time.
        #expect(try due("2026-03-26T10:00", 1, .workingDays) == "2026-03-27T16:30")
    }

    @Test func fiveWorkingDaysOverIdulFitriAndTheYearEnd() throws {
        // Fri 13 Mar 2026: 16, 17, 25, 26, 27 March.
        #expect(try due("2026-03-13T10:00", 5, .workingDays) == "2026-03-27T16:30")
        // Wed 24 Dec 2025: 29, 30, 31 Dec, (1 Jan closed), 2, 5 Jan.
        #expect(try due("2025-12-24T09:00", 5, .workingDays) == "2026-01-05T16:00")
    }

    @Test func calendarDaysIgnoreTheOffice() throws {
        #expect(try due("2026-03-16T09:00", 14, .calendarDays) == "2026-03-30T09:00")
        #expect(try due("2025-12-20T23:00", 14, .calendarDays) == "2026-01-03T23:00")
    }

    @Test func elapsedMeasuresWorkingTime() throws {
        let a = CalendarFixtures.at("2026-03-17T15:30", cal)
        let b = CalendarFixtures.at("2026-03-25T08:00", cal)
        let e = try cal.elapsed(from: a, to: b)
        #expect(e.officeMinutes == 60)
        #expect(e.workingDays == 0)
        let c = CalendarFixtures.at("2026-03-27T16:30", cal)
        #expect(try cal.elapsed(from: CalendarFixtures.at("2026-03-13T10:00", cal), to: c).workingDays == 5)
        #expect(try cal.elapsed(from: c, to: a).officeSeconds < 0)
    }

    @Test func outsideTheCoveredYearsIsAnError() {
        #expect(throws: CalendarError.self) {
            try cal.due(from: CalendarFixtures.at("2024-12-31T09:00", cal), adding: StandardTime(1, .minutes))
        }
        // 60 working days from December 2026 run past the calendar's last year: the error names the start.
        let start = CalendarFixtures.at("2026-12-01T09:00", cal)
        #expect(throws: CalendarError.runsPastEnd(start, covered: 2025...2026)) {
            try cal.due(from: start, adding: StandardTime(60, .workingDays))
        }
        #expect(throws: CalendarError.nonPositiveDuration(0)) {
            try cal.due(from: CalendarFixtures.at("2026-03-16T09:00", cal), adding: StandardTime(0, .minutes))
        }
    }

    @Test func zoneOffsetsShiftWallClockNotWorkingTime() throws {
        for hours in [7, 8, 9] {
            let c = CalendarFixtures.calendar(offsetHours: hours)
            let start = CalendarFixtures.at("2026-03-13T15:30", c)
            let end = try c.due(from: start, adding: StandardTime(60, .minutes))
            #expect(CalendarFixtures.local(end, c) == "2026-03-13T16:30")
            #expect(end.secondsSinceEpoch - start.secondsSinceEpoch == 3600)
        }
        // The same instant is 09:00 WIB and 11:00 WIT: different office positions.
        let wib = CalendarFixtures.calendar(offsetHours: 7), wit = CalendarFixtures.calendar(offsetHours: 9)
        let instant = CalendarFixtures.at("2026-03-16T09:00", wib)
        #expect(CalendarFixtures.local(try wib.due(from: instant, adding: StandardTime(60, .minutes)), wib) == "2026-03-16T10:00")
        #expect(CalendarFixtures.local(try wit.due(from: instant, adding: StandardTime(60, .minutes)), wit) == "2026-03-16T12:00")
    }

    @Test func countsWorkingDaysPerRange() {
        // March 2026: 22 weekdays, of which 18, 19, 20, 23, 24 are closed.
        #expect(cal.workingDays(from: CalendarFixtures.date("2026-03-01"), through: CalendarFixtures.date("2026-03-31")) == 17)
        #expect(cal.isWorkingDay(CalendarFixtures.date("2026-03-25")))
        #expect(!cal.isWorkingDay(CalendarFixtures.date("2026-03-24")))
        #expect(cal.holiday(on: CalendarFixtures.date("2026-03-21"))?.kind == .national)
    }
}
