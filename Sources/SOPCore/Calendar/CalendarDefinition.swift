/// An agency's working calendar as written: zone, office hours, the years it covers and
/// its holidays (national ones inherited, local ones added).
public struct CalendarDefinition: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    /// IANA zone id, e.g. `Asia/Jakarta`.
    public var timeZone: String
    /// The zone's offset east of UTC. Indonesian zones have had no daylight saving since
    /// 1988, so one offset holds for every year a calendar covers (the loader checks it).
    public var utcOffsetSeconds: Int
    public var years: ClosedRange<Int>
    public var officeHours: OfficeHours
    /// Sorted by date; one entry per date (the first name wins when two sources list it).
    public var holidays: [Holiday]
    public var source: String?

    public init(id: String, name: String, timeZone: String, utcOffsetSeconds: Int, years: ClosedRange<Int>,
                officeHours: OfficeHours, holidays: [Holiday], source: String? = nil) {
        self.id = id
        self.name = name
        self.timeZone = timeZone
        self.utcOffsetSeconds = utcOffsetSeconds
        self.years = years
        self.officeHours = officeHours
        self.holidays = holidays.sorted { $0.date < $1.date }
        self.source = source
    }

    /// WIB, WITA or WIT for the Indonesian offsets.
    public var zoneAbbreviation: String {
        switch utcOffsetSeconds {
        case 7 * 3600: "WIB"
        case 8 * 3600: "WITA"
        case 9 * 3600: "WIT"
        default: "UTC\(utcOffsetSeconds >= 0 ? "+" : "-")\(abs(utcOffsetSeconds) / 3600)"
        }
    }
}
