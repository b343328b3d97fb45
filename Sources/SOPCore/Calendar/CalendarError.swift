/// Why a calendar computation has no answer.
public enum CalendarError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The instant, or the due date it leads to, lies outside the years the calendar covers.
    case outOfRange(Instant, covered: ClosedRange<Int>)
    /// A duration that is zero or negative.
    case nonPositiveDuration(Int)

    public var description: String {
        switch self {
        case .outOfRange(let i, let years):
            "\(i) is outside the calendar's years \(years.lowerBound)–\(years.upperBound); add the holidays of that year to the calendar"
        case .nonPositiveDuration(let n):
            "a standard time must be positive, not \(n)"
        }
    }
}
