/// Standard time added up along a path, kept per unit because working days and office
/// minutes cannot be converted into each other without a calendar.
public struct TimeTotal: Sendable, Hashable, Codable {
    public var workingDays: Int = 0
    public var calendarDays: Int = 0
    /// Minutes and hours, counted as office minutes.
    public var officeMinutes: Int = 0
    /// Steps on the path without a standard time.
    public var stepsWithoutTime: Int = 0

    public init() {}

    public mutating func add(_ time: StandardTime?) {
        guard let time else { stepsWithoutTime += 1; return }
        switch time.unit {
        case .workingDays: workingDays += time.value
        case .calendarDays: calendarDays += time.value
        case .minutes, .hours: officeMinutes += time.officeMinutes ?? 0
        }
    }

    /// "65 working days + 135 office minutes".
    public var summary: String {
        var parts: [String] = []
        if workingDays > 0 { parts.append("\(workingDays) working day\(workingDays == 1 ? "" : "s")") }
        if calendarDays > 0 { parts.append("\(calendarDays) calendar day\(calendarDays == 1 ? "" : "s")") }
        if officeMinutes > 0 || parts.isEmpty { parts.append("\(officeMinutes) office minute\(officeMinutes == 1 ? "" : "s")") }
        var s = parts.joined(separator: " + ")
        if stepsWithoutTime > 0 { s += " (\(stepsWithoutTime) step\(stepsWithoutTime == 1 ? "" : "s") without a time)" }
        return s
    }
}

extension SOPDefinition {
    /// The steps taken when every decision goes forward: from the start, following `next`
    /// or the first non-revision outcome, until an end step (or a step already visited).
    public var mainPath: [Step] {
        guard let start = startStep else { return [] }
        let index = Dictionary(steps.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var path: [Step] = []
        var seen: Set<String> = []
        var current: Step? = start
        while let step = current, seen.insert(step.id).inserted {
            path.append(step)
            current = step.forwardSuccessor.flatMap { index[$0] }
        }
        return path
    }

    /// Total standard time along ``mainPath``.
    public var mainPathTotal: TimeTotal {
        var total = TimeTotal()
        for step in mainPath { total.add(step.time) }
        return total
    }
}
