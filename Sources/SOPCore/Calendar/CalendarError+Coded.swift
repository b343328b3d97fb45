extension CalendarError: CodedError {
    public var code: String {
        switch self {
        case .outOfRange: "calendar-out-of-range"
        case .runsPastEnd: "calendar-runs-past-end"
        case .nonPositiveDuration: "non-positive-duration"
        case .durationTooLarge: "duration-too-large"
        }
    }

    /// An instant the calendar does not cover is a gap in the agency's configuration (its
    /// holidays of that year are missing), not the caller's fault; a non-positive or too large
    /// duration is bad input.
    public var kind: ErrorKind {
        switch self {
        case .outOfRange, .runsPastEnd: .unavailable
        case .nonPositiveDuration, .durationTooLarge: .invalid
        }
    }
}
