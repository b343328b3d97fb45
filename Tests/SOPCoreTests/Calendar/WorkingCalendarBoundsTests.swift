import Testing
@testable import SOPCore

/// Whatever the caller passes, the calendar arithmetic throws a ``CalendarError`` and never
/// traps on overflow (issue #16, finding 1: 9223372036854775807 minutes killed the server).
@Suite struct WorkingCalendarBoundsTests {
    let cal = CalendarFixtures.calendar()
    var start: Instant { CalendarFixtures.at("2026-03-16T09:00", cal) }

    @Test(arguments: [
        StandardTime(.max, .minutes), StandardTime(150_000_000_000_000_000, .minutes),
        StandardTime(.max, .hours), StandardTime(2_600_000_000_000_000, .hours),
        StandardTime(.max, .workingDays), StandardTime(.max, .calendarDays), StandardTime(107_000_000_000_000, .calendarDays),
        StandardTime(52_560_001, .minutes), StandardTime(876_001, .hours), StandardTime(36_501, .workingDays),
    ])
    func aTooLargeDurationThrows(_ time: StandardTime) {
        #expect(throws: CalendarError.durationTooLarge(time)) { try cal.due(from: start, adding: time) }
        #expect(!time.isWithinLimits)
    }

    @Test(arguments: StandardTime.Unit.allCases)
    func theLongestDurationRunsPastTheCalendarWithoutTrapping(_ unit: StandardTime.Unit) {
        let time = StandardTime(StandardTime.maximumValue(for: unit), unit)
        #expect(time.isWithinLimits)
        #expect(throws: CalendarError.runsPastEnd(start, covered: cal.definition.years)) { try cal.due(from: start, adding: time) }
    }

    @Test(arguments: [Int64.max, Int64.min, Int64.max - 1, Int64.min + 1, 0])
    func instantsAnywhereInSixtyFourBitsAreOutOfRange(_ seconds: Int64) {
        let far = Instant(secondsSinceEpoch: seconds)
        #expect(throws: CalendarError.self) { try cal.due(from: far, adding: StandardTime(5, .minutes)) }
        #expect(throws: CalendarError.self) { try cal.due(from: far, adding: StandardTime(5, .calendarDays)) }
        #expect(throws: CalendarError.self) { try cal.elapsed(from: far, to: start) }
        #expect(throws: CalendarError.self) { try cal.elapsed(from: start, to: far) }
        #expect(throws: CalendarError.self) { try cal.nextOfficeInstant(from: far) }
        _ = cal.isOnTime(due: start, end: far)  // answers, whatever the instant
    }

    @Test func officeMinutesSaturateInsteadOfOverflowing() {
        #expect(StandardTime(.max, .hours).officeMinutes == .max)
        #expect(StandardTime(.min, .hours).officeMinutes == .min)
        #expect(StandardTime(876_000, .hours).officeMinutes == 52_560_000)
    }

    @Test func errorsHaveCodesAndKinds() {
        #expect(CalendarError.durationTooLarge(StandardTime(.max, .minutes)).code == "duration-too-large")
        #expect(CalendarError.durationTooLarge(StandardTime(.max, .minutes)).kind == .invalid)
        #expect(CalendarError.runsPastEnd(start, covered: 2026...2026).kind == .unavailable)
    }
}
