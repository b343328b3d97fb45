import PropertyBased
import Testing
@testable import SOPCore

/// One rule for "overdue" (#16, finding 15): the negation of the on-time rule, so a step due at
/// closing time is neither late nor overdue at the next opening, and the store's cutoff filter
/// agrees with the per-case rule at every instant.
@Suite struct WorkingCalendarOverdueTests {
    static let cal = CalendarFixtures.calendar()
    func at(_ text: String) -> Instant { CalendarFixtures.at(text, Self.cal) }

    @Test func aStepDueAtClosingIsNotOverdueOvernightNorAtTheNextOpening() {
        // Tuesday 3 March 2026 closes at 16:00.
        let due = at("2026-03-03T16:00")
        #expect(!Self.cal.isOverdue(due: due, at: at("2026-03-03T16:00")))
        #expect(!Self.cal.isOverdue(due: due, at: at("2026-03-03T21:00")))   // the old `now > due` said overdue
        #expect(!Self.cal.isOverdue(due: due, at: at("2026-03-04T07:30")))   // on time if finished now
        #expect(Self.cal.isOnTime(due: due, end: at("2026-03-04T07:30")))
        #expect(Self.cal.isOverdue(due: due, at: at("2026-03-04T07:31")))
        #expect(!Self.cal.isOnTime(due: due, end: at("2026-03-04T07:31")))
    }

    @Test func whileTheFileIsWithTheApplicantTheAgencyIsJudgedWhenItsClockStopped() {
        let due = at("2026-03-04T10:00"), later = at("2026-03-06T10:00")
        // Running clock: overdue two days after.
        #expect(Self.cal.isOverdue(due: due, at: later, pausedAt: nil, applicant: false))
        // The clock stopped before the due instant: not the agency's delay however long it stands.
        #expect(!Self.cal.isOverdue(due: due, at: later, pausedAt: at("2026-03-04T09:00"), applicant: false))
        // It stopped after: already late then, still late.
        #expect(Self.cal.isOverdue(due: due, at: later, pausedAt: at("2026-03-05T09:00"), applicant: false))
        // A stop recorded after `now` (a view of the past) judges at `now`.
        #expect(!Self.cal.isOverdue(due: due, at: at("2026-03-04T09:30"), pausedAt: at("2026-03-05T09:00"), applicant: false))
        // The applicant's own step, or a step without a due instant, is never the agency's delay.
        #expect(!Self.cal.isOverdue(due: due, at: later, pausedAt: nil, applicant: true))
        #expect(!Self.cal.isOverdue(due: nil, at: later, pausedAt: nil, applicant: false))
    }

    @Test func theCutoffIsNowInOfficeHoursAndTheLastCloseOutsideThem() {
        #expect(Self.cal.overdueCutoff(at: at("2026-03-04T10:15")) == at("2026-03-04T10:15"))
        #expect(Self.cal.overdueCutoff(at: at("2026-03-03T21:00")) == at("2026-03-03T16:00"))
        // Over the lunch break (12:00–13:00 Monday–Thursday) and a weekend.
        #expect(Self.cal.overdueCutoff(at: at("2026-03-04T12:30")) == at("2026-03-04T12:00"))
        #expect(Self.cal.overdueCutoff(at: at("2026-03-08T09:00")) == at("2026-03-06T16:30"))
        // Outside the calendar's years the instants are compared as they are.
        let outside = Instant(date: CivilDate(year: 2030, month: 1, day: 1)!, hour: 9, minute: 0, utcOffsetSeconds: 7 * 3600)
        #expect(Self.cal.overdueCutoff(at: outside) == outside)
    }

    @Test func theCutoffAgreesWithTheRuleEverywhere() async {
        let base = at("2025-12-01T00:00")
        // Any minute of about four months (over the year end and Idul Fitri), due within ten days before.
        await propertyCheck(count: 1000, input: Gen.int(in: 0...(120 * 24 * 60)), Gen.int(in: 0...(10 * 24 * 60))) { m, back in
            let now = base.adding(seconds: Int64(m) * 60)
            let due = now.adding(seconds: -Int64(back) * 60)
            #expect(Self.cal.isOverdue(due: due, at: now) == (due < Self.cal.overdueCutoff(at: now)))
        }
    }
}
