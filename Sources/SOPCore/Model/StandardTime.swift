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

    /// Office minutes when the unit counts office time, else nil.
    public var officeMinutes: Int? {
        switch unit {
        case .minutes: value
        case .hours: value * 60
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
