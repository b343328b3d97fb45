import Testing
@testable import SOPCore

@Suite struct CivilDateTests {
    @Test func knownWeekdays() {
        #expect(CivilDate(year: 2026, month: 11, day: 23)!.isoWeekday == 1) // Monday
        #expect(CivilDate(year: 2024, month: 2, day: 29)!.isoWeekday == 4) // Thursday
        #expect(CivilDate(year: 1970, month: 1, day: 1)!.isoWeekday == 4)
        #expect(CivilDate(year: 1969, month: 12, day: 28)!.isoWeekday == 7)
    }

    @Test func roundTripsThroughDayNumbers() {
        for n in stride(from: -700_000, through: 2_000_000, by: 997) {
            let date = CivilDate(daysSinceEpoch: n)
            #expect(date.daysSinceEpoch == n)
            #expect(CivilDate(year: date.year, month: date.month, day: date.day) == date)
        }
    }

    @Test func rejectsImpossibleDates() {
        #expect(CivilDate(year: 2023, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 2024, month: 13, day: 1) == nil)
        #expect(CivilDate(iso: "2024-2-01") == nil)
        #expect(CivilDate(iso: "05/01/2026") == nil)
        #expect(CivilDate(iso: "2026-+1-05") == nil)
        #expect(CivilDate(iso: "+026-01-05") == nil)
        #expect(CivilDate(iso: "2024-02-29")?.description == "2024-02-29")
    }
}
