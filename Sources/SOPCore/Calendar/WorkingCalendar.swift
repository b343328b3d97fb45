/// A calendar compiled for fast working-time arithmetic.
///
/// Built once from a ``CalendarDefinition``: for every day of the covered years it keeps
/// whether the office is open and prefix sums of office seconds and working days, so
/// ``due(from:adding:)`` and ``elapsed(from:to:)`` are O(1) for working days and
/// O(log days) for office minutes, with no day-by-day loops.
public struct WorkingCalendar: Sendable {
    public let definition: CalendarDefinition
    /// Days since epoch of January 1 of the first covered year.
    let firstDay: Int
    let dayCount: Int
    /// Office intervals per day-of-week pattern (0 = Monday).
    let patterns: [[OfficeInterval]]
    /// For each day: its weekday pattern index, or -1 when closed (holiday or no hours).
    let dayPattern: [Int8]
    /// Office seconds before each day, `dayCount + 1` entries.
    let secondsBefore: [Int64]
    /// Working days before each day, `dayCount + 1` entries.
    let workingDaysBefore: [Int32]
    /// Day index of the n-th working day (0-based ordinal).
    let workingDayIndex: [Int32]
    let holidaysByDate: [CivilDate: Holiday]

    public init(_ definition: CalendarDefinition) {
        self.definition = definition
        let first = CivilDate(year: definition.years.lowerBound, month: 1, day: 1)!.daysSinceEpoch
        let last = CivilDate(year: definition.years.upperBound, month: 12, day: 31)!.daysSinceEpoch
        firstDay = first
        dayCount = last - first + 1
        patterns = definition.officeHours.days
        var byDate: [CivilDate: Holiday] = [:]
        for h in definition.holidays where byDate[h.date] == nil { byDate[h.date] = h }
        holidaysByDate = byDate
        var pattern = [Int8](repeating: -1, count: dayCount)
        var seconds = [Int64](repeating: 0, count: dayCount + 1)
        var working = [Int32](repeating: 0, count: dayCount + 1)
        var index: [Int32] = []
        index.reserveCapacity(dayCount * 5 / 7 + 1)
        for d in 0..<dayCount {
            let date = CivilDate(daysSinceEpoch: first + d)
            let weekday = date.isoWeekday - 1
            let total = patterns[weekday].reduce(0) { $0 + $1.seconds }
            let open = total > 0 && byDate[date] == nil
            if open {
                pattern[d] = Int8(weekday)
                index.append(Int32(d))
            }
            seconds[d + 1] = seconds[d] + Int64(open ? total : 0)
            working[d + 1] = working[d] + (open ? 1 : 0)
        }
        dayPattern = pattern
        secondsBefore = seconds
        workingDaysBefore = working
        workingDayIndex = index
    }

    public var utcOffsetSeconds: Int { definition.utcOffsetSeconds }

    // MARK: Days

    /// Whether the office opens on `date` (false outside the covered years).
    public func isWorkingDay(_ date: CivilDate) -> Bool {
        let d = date.daysSinceEpoch - firstDay
        return d >= 0 && d < dayCount && dayPattern[d] >= 0
    }

    public func holiday(on date: CivilDate) -> Holiday? { holidaysByDate[date] }

    /// Office intervals of `date` (empty when closed).
    public func officeIntervals(on date: CivilDate) -> [OfficeInterval] {
        let d = date.daysSinceEpoch - firstDay
        guard d >= 0, d < dayCount, dayPattern[d] >= 0 else { return [] }
        return patterns[Int(dayPattern[d])]
    }

    /// Number of working days in `[from, to]` (dates inclusive, clipped to the covered years).
    public func workingDays(from: CivilDate, through to: CivilDate) -> Int {
        let a = max(0, from.daysSinceEpoch - firstDay)
        let b = min(dayCount - 1, to.daysSinceEpoch - firstDay)
        guard a <= b else { return 0 }
        return Int(workingDaysBefore[b + 1] - workingDaysBefore[a])
    }

    // MARK: Positions

    /// Day index and second of day of `instant`, or nil outside the covered years.
    @inline(__always)
    func position(_ instant: Instant) -> (day: Int, second: Int)? {
        // Overflow-checked: an instant near the ends of Int64 is simply outside the years.
        let (local, overflow) = instant.secondsSinceEpoch.addingReportingOverflow(Int64(definition.utcOffsetSeconds))
        let first = Int64(firstDay) * 86_400
        guard !overflow, local >= first, local < first + Int64(dayCount) * 86_400 else { return nil }
        let offset = local - first
        return (Int(offset / 86_400), Int(offset % 86_400))
    }

    @inline(__always)
    func instant(day d: Int, second: Int) -> Instant {
        Instant(secondsSinceEpoch: Int64(firstDay + d) * 86_400 + Int64(second) - Int64(definition.utcOffsetSeconds))
    }

    /// Office seconds from the start of the calendar up to `instant`.
    @inline(__always)
    func officeSeconds(before p: (day: Int, second: Int)) -> Int64 {
        var total = secondsBefore[p.day]
        let pat = dayPattern[p.day]
        if pat >= 0 {
            for iv in patterns[Int(pat)] {
                if p.second <= iv.start { break }
                total += Int64(min(p.second, iv.end) - iv.start)
            }
        }
        return total
    }

    /// Close of office on day `d` (a working day).
    @inline(__always)
    func closing(day d: Int) -> Int { patterns[Int(dayPattern[d])].last!.end }

    /// Ordinal of the working day on which work received at `p` is counted as received:
    /// that day when the office is open and has not closed yet (handing over exactly at
    /// closing still counts as that day, so chained steps add up), else the next working day.
    @inline(__always)
    func receivingOrdinal(_ p: (day: Int, second: Int)) -> Int {
        if dayPattern[p.day] >= 0, p.second <= closing(day: p.day) { return Int(workingDaysBefore[p.day]) }
        return Int(workingDaysBefore[p.day + 1])
    }

    /// Working days whose closing time is at or before `p`.
    @inline(__always)
    func completedWorkingDays(_ p: (day: Int, second: Int)) -> Int {
        var n = Int(workingDaysBefore[p.day])
        if dayPattern[p.day] >= 0, p.second >= closing(day: p.day) { n += 1 }
        return n
    }
}
