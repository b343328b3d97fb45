/// Office hours of one weekday: intervals of local time, in seconds after midnight.
public struct OfficeInterval: Sendable, Hashable, Codable {
    public var start: Int
    public var end: Int

    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    public init(_ from: (Int, Int), _ to: (Int, Int)) {
        self.init(start: from.0 * 3600 + from.1 * 60, end: to.0 * 3600 + to.1 * 60)
    }

    public var seconds: Int { end - start }
}

/// The weekly office schedule: index 0 is Monday, 6 is Sunday.
public struct OfficeHours: Sendable, Hashable, Codable {
    public var days: [[OfficeInterval]]

    public static let weekdayNames = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

    public init(days: [[OfficeInterval]]) {
        precondition(days.count == 7, "one entry per weekday")
        self.days = days
    }

    /// Perpres 21/2023: Mon–Thu 07:30–16:00 with a 60-minute break, Fri 07:30–16:30 with
    /// a 90-minute break: 37.5 hours a week.
    public static let perpres21of2023 = OfficeHours(days: [
        [.init((7, 30), (12, 0)), .init((13, 0), (16, 0))],
        [.init((7, 30), (12, 0)), .init((13, 0), (16, 0))],
        [.init((7, 30), (12, 0)), .init((13, 0), (16, 0))],
        [.init((7, 30), (12, 0)), .init((13, 0), (16, 0))],
        [.init((7, 30), (11, 30)), .init((13, 0), (16, 30))],
        [], [],
    ])

    /// Office seconds in a week.
    public var weeklySeconds: Int { days.joined().reduce(0) { $0 + $1.seconds } }
}
