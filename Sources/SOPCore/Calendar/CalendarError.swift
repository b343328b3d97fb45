/// Why a calendar computation has no answer.
public enum CalendarError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The instant, or the due date it leads to, lies outside the years the calendar covers.
    case outOfRange(Instant, covered: ClosedRange<Int>)
    /// The instant is covered, but its standard time runs past the calendar's last year.
    case runsPastEnd(Instant, covered: ClosedRange<Int>)
    /// A duration that is zero or negative.
    case nonPositiveDuration(Int)
    /// A duration longer than ``StandardTime/maximumValue(for:)`` of its unit (100 years).
    case durationTooLarge(StandardTime)

    public var description: String {
        switch self {
        case .outOfRange(let i, let years):
            "\(i) (UTC) is outside the calendar's years \(years.lowerBound)–\(years.upperBound); add the holidays of that year to the calendar"
        case .runsPastEnd(let i, let years):
            "a standard time started at \(i) (UTC) runs past the end of \(years.upperBound), the calendar's last year; add the holidays of \(years.upperBound + 1) to the calendar (and update the calendar of running deployments)"
        case .nonPositiveDuration(let n):
            "a standard time must be positive, not \(n)"
        case .durationTooLarge(let time):
            "a standard time of \(time.value) \(time.unit.rawValue) is longer than the maximum of \(StandardTime.maximumValue(for: time.unit)) \(time.unit.rawValue) (100 years)"
        }
    }
}
