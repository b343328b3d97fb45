import PropertyBased
import Testing
@testable import SOPCore

/// Invariants of due/elapsed over random starts (any minute of 2025–2026, office hours or
/// not) and durations, on calendars in WIB, WITA and WIT. A failure prints the seed that
/// reproduces it (`.fixedSeed(...)` on the test).
@Suite struct WorkingCalendarPropertyTests {
    static let calendars = [7, 8, 9].map { CalendarFixtures.calendar(offsetHours: $0, years: 2024...2027) }
    /// 2025-01-01T00:00 UTC up to the end of 2026, in minutes.
    static let startMinutes = Gen.int(in: 0...(730 * 24 * 60))
    static let base = Instant(date: CivilDate(year: 2025, month: 1, day: 1)!, hour: 0, minute: 0, utcOffsetSeconds: 0)
    static let units = Gen.int(in: 0...2)

    static func time(_ unit: Int, _ value: Int) -> StandardTime {
        switch unit {
        case 0: StandardTime(value, .minutes)
        case 1: StandardTime(value, .hours)
        default: StandardTime(value, .workingDays)
        }
    }

    static func instant(_ minutes: Int) -> Instant { base.adding(seconds: Int64(minutes) * 60) }

    @Test func dueIsNeverBeforeStartAndElapsedGivesTheDurationBack() async {
        await propertyCheck(count: 400, input: Self.startMinutes, Gen.int(in: 1...200), Self.units, Gen.int(in: 0...2)) { m, v, u, z in
            let cal = Self.calendars[z]
            let start = Self.instant(m)
            let time = Self.time(u, v)
            guard let due = try? cal.due(from: start, adding: time) else {
                Issue.record("no due date for \(start) + \(time)")
                return
            }
            #expect(due >= start)
            let elapsed = try? cal.elapsed(from: start, to: due)
            switch time.unit {
            case .minutes, .hours: #expect(elapsed?.officeMinutes == Int64(time.officeMinutes!))
            default: #expect(elapsed?.workingDays == v)
            }
        }
    }

    @Test func dueIsMonotonicInStart() async {
        await propertyCheck(count: 400, input: Self.startMinutes, Gen.int(in: 1...600), Gen.int(in: 1...90), Self.units) { m, later, v, u in
            let cal = Self.calendars[0]
            let time = Self.time(u, v)
            let a = try? cal.due(from: Self.instant(m), adding: time)
            let b = try? cal.due(from: Self.instant(m + later), adding: time)
            #expect(a != nil && b != nil && a! <= b!)
        }
    }

    @Test func dueIsMonotonicInDuration() async {
        await propertyCheck(count: 400, input: Self.startMinutes, Gen.int(in: 1...120), Gen.int(in: 1...30), Self.units) { m, v, more, u in
            let cal = Self.calendars[1]
            let start = Self.instant(m)
            let a = try? cal.due(from: start, adding: Self.time(u, v))
            let b = try? cal.due(from: start, adding: Self.time(u, v + more))
            #expect(a != nil && b != nil && a! < b!)
        }
    }

    @Test func workingDayDeadlinesFallAtClosingOfAWorkingDay() async {
        await propertyCheck(count: 300, input: Self.startMinutes, Gen.int(in: 1...60), Gen.int(in: 0...2)) { m, v, z in
            let cal = Self.calendars[z]
            guard let due = try? cal.due(from: Self.instant(m), adding: StandardTime(v, .workingDays)) else {
                Issue.record("no due date"); return
            }
            let (date, second) = due.local(utcOffsetSeconds: cal.utcOffsetSeconds)
            #expect(cal.isWorkingDay(date))
            #expect(second == cal.officeIntervals(on: date).last?.end)
        }
    }

    @Test func minuteDeadlinesFallInsideOfficeHours() async {
        await propertyCheck(count: 300, input: Self.startMinutes, Gen.int(in: 1...2000), Gen.int(in: 0...2)) { m, v, z in
            let cal = Self.calendars[z]
            guard let due = try? cal.due(from: Self.instant(m), adding: StandardTime(v, .minutes)) else {
                Issue.record("no due date"); return
            }
            let (date, second) = due.local(utcOffsetSeconds: cal.utcOffsetSeconds)
            #expect(cal.officeIntervals(on: date).contains { $0.start < second && second <= $0.end })
        }
    }
}
