/// Why a calendar computation has no answer.
public enum CalendarError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The instant, or the due date it leads to, lies outside the years the calendar covers.
    case outOfRange(Instant, covered: ClosedRange<Int>)
    /// The instant is covered, but its standard time runs past the calendar's last year.
    case runsPastEnd(Instant, covered: ClosedRange<Int>)
    /// A duration that is zero or negative.
    case nonPositiveDuration(Int)

    public var description: String {
        switch self {
        case .outOfRange(let i, let years):
            "\(i) (UTC) is outside the calendar's years \(years.lowerBound)–\(years.upperBound); add the holidays of that year to the calendar"
        case .runsPastEnd(let i, let years):
            "a standard time started at \(i) (UTC) runs past the end of \(years.upperBound), the calendar's last year; add the holidays of \(years.upperBound + 1) to the calendar (and update the calendar of running deployments)"
        case .nonPositiveDuration(let n):
            "a standard time must be positive, not \(n)"
        }
    }
}
