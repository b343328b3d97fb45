/// A day the office is closed although it is a weekday.
public struct Holiday: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// Libur nasional, fixed by the yearly joint decree (SKB 3 Menteri).
        case national
        /// Cuti bersama: joint leave days of the same decree, closed for civil servants.
        case jointLeave = "joint-leave"
        /// A voting day declared a holiday (Pemilu, Pilkada).
        case election
        /// A regional holiday of one agency's area (e.g. a regency anniversary when a decree closes offices).
        case regional
        /// A one-off closure of one office.
        case closure
    }

    public var date: CivilDate
    public var name: String
    public var kind: Kind
    /// The decree or note this date rests on.
    public var source: String?

    public init(date: CivilDate, name: String, kind: Kind, source: String? = nil) {
        self.date = date
        self.name = name
        self.kind = kind
        self.source = source
    }
}
