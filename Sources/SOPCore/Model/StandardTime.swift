/// The standard time of a step (the "Waktu" column of the Mutu Baku).
public struct StandardTime: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Unit: String, Sendable, Hashable, Codable, CaseIterable {
        /// Office minutes: counted only inside the agency's working hours.
        case minutes
        /// Office hours: counted only inside the agency's working hours.
        case hours
        /// Whole working days of the agency calendar.
        case workingDays = "working-days"
        /// Calendar days, weekends and holidays included.
        case calendarDays = "calendar-days"
        /// Calendar months ("1 bulan"): the same day of a later month at the same time, or
        /// that month's last day when it is shorter.
        case months

        /// Whether the unit counts office time (minutes and hours) rather than days.
        public var isOfficeTime: Bool { self == .minutes || self == .hours }

        /// Indonesian wording as printed on SOP documents.
        public var indonesian: String {
            switch self {
            case .minutes: "Menit"
            case .hours: "Jam"
            case .workingDays: "Hari Kerja"
            case .calendarDays: "Hari"
            case .months: "Bulan"
            }
        }
    }

    /// The standard time, and for a range ("1-3 hari") its maximum: the deadline.
    public var value: Int
    public var unit: Unit
    /// The lower end of a range ("1-3 hari" → 1), shown beside the deadline; nil for one value.
    public var minimum: Int?
    /// The Waktu cell as the document writes it ("½ hari", "2 minggu"), when the value was
    /// read from text and its unit converted: what documents print.
    public var written: String?

    public init(_ value: Int, _ unit: Unit, minimum: Int? = nil, written: String? = nil) {
        self.value = value
        self.unit = unit
        self.minimum = minimum
        self.written = written
    }

    /// The largest `value` accepted in each unit: a hundred years' worth (100 × 365 days of
    /// 24 hours), far beyond any calendar's coverage, and small enough that every conversion to
    /// office seconds fits in 64 bits many times over. The loader reports a larger value where
    /// it is written (SOP037, `schemas/sop.schema.json` says the same), and
    /// ``WorkingCalendar/due(from:adding:)`` throws for one that reaches it some other way.
    public static func maximumValue(for unit: Unit) -> Int {
        switch unit {
        case .minutes: 52_560_000
        case .hours: 876_000
        case .workingDays, .calendarDays: 36_500
        case .months: 1_200
        }
    }

    /// Whether the value is between 1 and ``maximumValue(for:)`` of its unit.
    public var isWithinLimits: Bool { value >= 1 && value <= Self.maximumValue(for: unit) }

    /// Office minutes when the unit counts office time, else nil. Saturates at `Int.max`
    /// rather than overflowing for a value beyond the limits.
    public var officeMinutes: Int? {
        switch unit {
        case .minutes: value
        case .hours:
            value.multipliedReportingOverflow(by: 60).overflow ? (value < 0 ? Int.min : Int.max) : value * 60
        case .workingDays, .calendarDays, .months: nil
        }
    }

    public var description: String {
        let amount = minimum.map { "\($0)–\(value)" } ?? "\(value)"
        let plural = value == 1 && minimum == nil ? "" : "s"
        return switch unit {
        case .minutes: "\(amount) min"
        case .hours: "\(amount) h"
        case .workingDays: "\(amount) working day\(plural)"
        case .calendarDays: "\(amount) calendar day\(plural)"
        case .months: "\(amount) month\(plural)"
        }
    }

    /// The maximum alone, without the range's minimum or the written text: what deadlines use.
    public var deadline: StandardTime { StandardTime(value, unit) }
}
