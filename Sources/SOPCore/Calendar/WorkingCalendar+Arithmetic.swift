extension WorkingCalendar {
    /// The due instant of a standard time started at `start`.
    ///
    /// - Minutes and hours count office time only: a step started outside office hours
    ///   starts counting at the next opening, and the clock stops over breaks, nights,
    ///   weekends and holidays. A step that ends exactly at a break ends then, not after it.
    /// - Working days: the day of receipt is day 0 and is not counted. Work received during
    ///   office hours (up to and including the closing minute) is received that day; before
    ///   opening, it is received at that day's opening; after closing, on a weekend or a
    ///   holiday, on the next working day.
    ///   N working days are due at the close of office of the N-th working day after the
    ///   day of receipt.
    /// - Calendar days: N × 24 hours later, weekends and holidays included.
    ///
    /// Never traps: a duration beyond ``StandardTime/maximumValue(for:)`` throws
    /// ``CalendarError/durationTooLarge(_:)``, and within it every step of the arithmetic fits in
    /// 64 bits (at most 3.2e9 office seconds added to a count of at most a few 1e13).
    public func due(from start: Instant, adding time: StandardTime) throws(CalendarError) -> Instant {
        guard time.value > 0 else { throw .nonPositiveDuration(time.value) }
        guard time.isWithinLimits else { throw .durationTooLarge(time) }
        guard let p = position(start) else { throw .outOfRange(start, covered: definition.years) }
        switch time.unit {
        case .minutes, .hours:
            let target = officeSeconds(before: p) + Int64(time.officeMinutes!) * 60
            guard let result = instant(atOfficeSeconds: target) else { throw .runsPastEnd(start, covered: definition.years) }
            return result
        case .workingDays:
            let ordinal = receivingOrdinal(p) + time.value
            guard ordinal < workingDayIndex.count else { throw .runsPastEnd(start, covered: definition.years) }
            let d = Int(workingDayIndex[ordinal])
            return instant(day: d, second: closing(day: d))
        case .calendarDays:
            let result = start.adding(seconds: Int64(time.value) * 86_400)
            guard position(result) != nil else { throw .runsPastEnd(start, covered: definition.years) }
            return result
        case .months:
            let offset = definition.utcOffsetSeconds
            let (date, second) = start.local(utcOffsetSeconds: offset)
            let months = date.year * 12 + (date.month - 1) + time.value
            let year = months / 12, month = months % 12 + 1
            guard (1...9999).contains(year),
                  let day = CivilDate(year: year, month: month, day: min(date.day, CivilDate.daysIn(month: month, year: year)))
            else { throw .runsPastEnd(start, covered: definition.years) }
            let result = Instant(date: day, hour: 0, minute: 0, utcOffsetSeconds: offset).adding(seconds: Int64(second))
            guard position(result) != nil else { throw .runsPastEnd(start, covered: definition.years) }
            return result
        }
    }

    /// The due instant of work whose clock stopped at `pausedAt` and started again at
    /// `resumedAt`: the working time that was left before `due` then (none when it was
    /// already late) counted again from `resumedAt`, across the nights, weekends and holidays
    /// in between. Office time for office-time and working-day units; elapsed wall time
    /// for calendar days and months, which count every day anyway.
    public func resumedDue(_ due: Instant, unit: StandardTime.Unit, pausedAt: Instant,
                           resumedAt: Instant) throws(CalendarError) -> Instant {
        guard resumedAt > pausedAt else { return due }
        switch unit {
        case .calendarDays, .months:
            return resumedAt.adding(seconds: max(0, due.secondsSinceEpoch - pausedAt.secondsSinceEpoch))
        case .minutes, .hours, .workingDays:
            guard let d = position(due) else { throw .outOfRange(due, covered: definition.years) }
            guard let p = position(pausedAt) else { throw .outOfRange(pausedAt, covered: definition.years) }
            guard let r = position(resumedAt) else { throw .outOfRange(resumedAt, covered: definition.years) }
            let left = max(0, officeSeconds(before: d) - officeSeconds(before: p))
            guard let result = instant(atOfficeSeconds: officeSeconds(before: r) + left) else {
                throw .runsPastEnd(resumedAt, covered: definition.years)
            }
            return result
        }
    }

    /// The earliest instant at which `target` office seconds have passed since the
    /// calendar's first day, or nil beyond its last.
    func instant(atOfficeSeconds target: Int64) -> Instant? {
        guard target <= secondsBefore[dayCount] else { return nil }
        // Smallest day d with secondsBefore[d + 1] >= target.
        var lo = 0, hi = dayCount - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if secondsBefore[mid + 1] >= target { hi = mid } else { lo = mid + 1 }
        }
        let d = lo
        var remaining = Int(target - secondsBefore[d])
        let pat = dayPattern[d]
        guard pat >= 0 else { return instant(day: d, second: 0) }
        for iv in patterns[Int(pat)] {
            if remaining <= iv.seconds { return instant(day: d, second: iv.start + remaining) }
            remaining -= iv.seconds
        }
        return instant(day: d, second: closing(day: d))
    }

    /// Working time between two instants.
    public struct Elapsed: Sendable, Hashable, Codable {
        /// Office seconds between the two instants (negative when `to` is before `from`).
        public var officeSeconds: Int64
        /// Whole working days completed after the day of receipt of `from` up to `to`
        /// (the same count ``due(from:adding:)`` uses), never negative.
        public var workingDays: Int
        public var officeMinutes: Int64 { officeSeconds / 60 }
    }

    /// Working minutes and working days between `from` and `to`.
    ///
    /// `elapsed(from: s, to: due(from: s, adding: d))` gives back `d` exactly for minutes,
    /// hours and working days.
    public func elapsed(from: Instant, to: Instant) throws(CalendarError) -> Elapsed {
        guard let a = position(from) else { throw .outOfRange(from, covered: definition.years) }
        guard let b = position(to) else { throw .outOfRange(to, covered: definition.years) }
        let seconds = officeSeconds(before: b) - officeSeconds(before: a)
        let days = max(0, completedWorkingDays(b) - receivingOrdinal(a) - 1)
        return Elapsed(officeSeconds: seconds, workingDays: days)
    }

    /// When work handed over at `instant` can begin: `instant` itself during office hours,
    /// else the next opening (after a break, a night, a weekend or a holiday).
    public func nextOfficeInstant(from instant: Instant) throws(CalendarError) -> Instant {
        guard let p = position(instant) else { throw .outOfRange(instant, covered: definition.years) }
        // The earliest instant with one more office second, less that second.
        guard let next = self.instant(atOfficeSeconds: officeSeconds(before: p) + 1) else {
            throw .runsPastEnd(instant, covered: definition.years)
        }
        return next.adding(seconds: -1)
    }

    /// Whether work due at `due` and finished at `end` was on time: by the due instant, or
    /// with no office time between them (finished at the first office moment after a break,
    /// a night or a holiday that began at the due instant).
    public func isOnTime(due: Instant, end: Instant) -> Bool {
        end <= due || (try? elapsed(from: due, to: end).officeSeconds) == 0
    }

    /// Whether `time` of a step started at `start` was kept by `end`.
    public func isOnTime(start: Instant, end: Instant, standard time: StandardTime) throws(CalendarError) -> Bool {
        isOnTime(due: try due(from: start, adding: time), end: end)
    }
}
