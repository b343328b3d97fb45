import PropertyBased
import Testing
@testable import SOPCore

/// A paused and resumed step's due instant is the due instant computed from its remaining
/// working time, across the nights, weekends and holidays in between.
@Suite struct ResumedDuePropertyTests {
    static let cal = CalendarFixtures.calendar(years: 2024...2027)
    static let base = Instant(date: CivilDate(year: 2025, month: 1, day: 1)!, hour: 0, minute: 0, utcOffsetSeconds: 0)
    static func instant(_ minutes: Int) -> Instant { base.adding(seconds: Int64(minutes) * 60) }

    @Test func theDueAfterAPauseKeepsTheWorkingTimeThatWasLeft() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...(600 * 24 * 60)), Gen.int(in: 1...40), Gen.int(in: 0...2),
                            Gen.int(in: 0...(20 * 24 * 60)), Gen.int(in: 0...(40 * 24 * 60))) { start, value, unit, pauseAfter, pauseLength in
            let cal = Self.cal
            let time = [StandardTime(value * 15, .minutes), StandardTime(value, .hours), StandardTime(value, .workingDays)][unit]
            let activated = Self.instant(start)
            guard let due = try? cal.due(from: activated, adding: time) else { return }
            let paused = activated.adding(seconds: Int64(pauseAfter) * 60)
            let resumed = paused.adding(seconds: Int64(pauseLength) * 60)
            guard let newDue = try? cal.resumedDue(due, unit: time.unit, pausedAt: paused, resumedAt: resumed) else { return }
            let left = max(0, (try? cal.elapsed(from: paused, to: due).officeSeconds) ?? 0)
            // The working time from the resumption to the new due is what was left at the pause.
            #expect((try? cal.elapsed(from: resumed, to: newDue).officeSeconds) == left)
            #expect(newDue >= due || pauseLength == 0 || left == 0)
            // Computed directly: the due of the remaining office time counted from the resumption.
            if left > 0, left % 60 == 0 {
                #expect(newDue == (try? cal.due(from: resumed, adding: StandardTime(Int(left / 60), .minutes))))
            }
        }
    }

    /// Through the interpreter: an agency step open beside the applicant's step.
    @Test func theMachineShiftsAnOpenStepByItsRemainingTime() async {
        let m = MachineFixtures.machine
        await propertyCheck(count: 60, input: Gen.int(in: 0...(300 * 24 * 60)), Gen.int(in: 1...600), Gen.int(in: 1...(20 * 24 * 60))) { start, handBack, answer in
            let opened = Self.instant(start)
            guard var log = try? m.open(caseID: "P", at: opened) else { return }
            var state = CaseState.fold(log)!
            guard let a = try? m.complete(state, step: "ajukan", role: "pemohon", at: opened) else { return }
            MachineFixtures.apply(a, to: &state, log: &log)
            guard let b = try? m.complete(state, step: "terima", role: "loket", at: opened) else { return }
            MachineFixtures.apply(b, to: &state, log: &log)
            let feeDue = state.openRecord(of: "retribusi")!.record.due!
            let pausedAt = opened.adding(seconds: Int64(handBack))
            guard let c = try? m.complete(state, step: "tinjau", role: "teknis", outcome: "perbaiki", at: pausedAt) else { return }
            MachineFixtures.apply(c, to: &state, log: &log)
            let resumedAt = pausedAt.adding(seconds: Int64(answer) * 60)
            guard let d = try? m.complete(state, step: "perbaikan", role: "pemohon", at: resumedAt) else { return }
            MachineFixtures.apply(d, to: &state, log: &log)
            let expected = try? Self.cal.resumedDue(feeDue, unit: .hours, pausedAt: pausedAt, resumedAt: resumedAt)
            #expect(state.openRecord(of: "retribusi")?.record.due == expected)
            #expect(CaseState.fold(log) == state)
        }
    }
}
