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

        /// Indonesian wording as printed on SOP documents.
        public var indonesian: String {
            switch self {
            case .minutes: "Menit"
            case .hours: "Jam"
            case .workingDays: "Hari Kerja"
            case .calendarDays: "Hari"
            }
        }
    }

    public var value: Int
    public var unit: Unit

    public init(_ value: Int, _ unit: Unit) {
        self.value = value
        self.unit = unit
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
        case .workingDays, .calendarDays: nil
        }
    }

    public var description: String {
        switch unit {
        case .minutes: "\(value) min"
        case .hours: "\(value) h"
        case .workingDays: "\(value) working day\(value == 1 ? "" : "s")"
        case .calendarDays: "\(value) calendar day\(value == 1 ? "" : "s")"
        }
    }
}
