extension StandardTime {
    /// A unit as a document or a mapping writes it, before "hari" / `days` is resolved.
    public enum WrittenUnit: String, Sendable, Hashable, CaseIterable {
        case minutes, hours
        case workingDays = "working-days"
        case calendarDays = "calendar-days"
        /// "hari": working or calendar days, as the SOP's `timeDefaults.days` says.
        case days
        /// "minggu": calendar weeks.
        case weeks
        case months
    }

    /// Why a written time cannot be read.
    public enum TextProblem: Error, Sendable, Hashable, CustomStringConvertible {
        case unreadable(String)
        case unknownUnit(String)
        case backwardsRange(String)
        case fractionNotAllowed(String, unit: String)
        case notPositive(String)
        case tooLarge(String)

        public var description: String {
            switch self {
            case .unreadable(let t): "'\(t)' is not a time: write a number and a unit, e.g. \"30 menit\", \"1-3 hari\", \"½ hari\""
            case .unknownUnit(let t): "'\(t)' has no unit this engine knows (menit, jam, hari, hari kerja, hari kalender, minggu, bulan)"
            case .backwardsRange(let t): "the range '\(t)' runs backwards: write the smaller number first"
            case .fractionNotAllowed(let t, let unit): "'\(t)' is a fraction of \(unit), which cannot be counted: write it in a smaller unit"
            case .notPositive(let t): "'\(t)' is not a positive time"
            case .tooLarge(let t): "'\(t)' is longer than 100 years"
            }
        }
    }

    /// The result of reading a time: the time, and whether it said "hari" without the SOP
    /// saying which days it means (counted as working days, SOP042).
    public struct Reading: Sendable, Hashable {
        public var time: StandardTime
        public var ambiguousDays: Bool
    }

    /// Reads the Waktu cell as documents write it: "30 menit", "30menit.", "1 Jam", "1-3 hari",
    /// "½ hari", "1,5 jam", "2 minggu", "1 bulan", "5 hari kerja". A range keeps its maximum as
    /// the deadline and its minimum to show; a fraction of a day becomes office minutes
    /// (`dayMinutes` to a day), of an hour office minutes; the text is kept as written.
    public static func parse(_ text: String, days: SOPDefinition.TimeDefaults.Days?,
                             dayMinutes: Int = SOPDefinition.TimeDefaults.standardDayMinutes) -> Result<Reading, TextProblem> {
        let written = text.trimmingSpaces
        var rest = Substring(written.lowercased())
        while rest.last == "." { rest = rest.dropLast() }
        // The amount: a number, a fraction or a range, then the unit words.
        var numbers: [Double] = []
        func number() -> Double? {
            var digits = ""
            while let c = rest.first, c.isASCII, c.isNumber || ((c == "," || c == ".") && !digits.isEmpty) {
                digits.append(c == "," ? "." : c); rest = rest.dropFirst()
            }
            var value: Double? = digits.isEmpty ? nil : Double(digits)
            if rest.first == "/", value != nil {
                rest = rest.dropFirst()
                var d = ""
                while let c = rest.first, c.isASCII, c.isNumber { d.append(c); rest = rest.dropFirst() }
                guard let denominator = Double(d), denominator > 0 else { return nil }
                value = value! / denominator
            }
            if let c = rest.first, let f = ["½": 0.5, "¼": 0.25, "¾": 0.75][c] {
                rest = rest.dropFirst()
                value = (value ?? 0) + f
            }
            return value
        }
        func skipSpaces() { while rest.first == " " || rest.first == "\u{00A0}" { rest = rest.dropFirst() } }
        skipSpaces()
        guard let first = number() else { return .failure(.unreadable(written)) }
        numbers.append(first)
        skipSpaces()
        if rest.first == "-" || rest.first == "–" || rest.hasPrefix("s/d") || rest.hasPrefix("sampai") {
            rest = rest.first == "-" || rest.first == "–" ? rest.dropFirst() : rest.hasPrefix("s/d") ? rest.dropFirst(3) : rest.dropFirst(6)
            skipSpaces()
            guard let second = number() else { return .failure(.unreadable(written)) }
            numbers.append(second)
            skipSpaces()
        }
        let unitText = rest.split(whereSeparator: { $0 == " " }).joined(separator: " ")
        let units: [String: WrittenUnit] = [
            "menit": .minutes, "mnt": .minutes, "minute": .minutes, "minutes": .minutes, "min": .minutes,
            "jam": .hours, "hour": .hours, "hours": .hours,
            "hari kerja": .workingDays, "hk": .workingDays, "working day": .workingDays, "working days": .workingDays,
            "hari kalender": .calendarDays, "calendar day": .calendarDays, "calendar days": .calendarDays,
            "hari": .days, "day": .days, "days": .days,
            "minggu": .weeks, "pekan": .weeks, "week": .weeks, "weeks": .weeks,
            "bulan": .months, "month": .months, "months": .months,
        ]
        guard !unitText.isEmpty else { return .failure(.unknownUnit(written)) }
        guard let unit = units[unitText] else { return .failure(.unknownUnit(written)) }
        if numbers.count == 2, numbers[0] > numbers[1] { return .failure(.backwardsRange(written)) }
        guard numbers.allSatisfy({ $0 > 0 }) else { return .failure(.notPositive(written)) }
        return resolve(numbers: numbers, unit: unit, days: days, dayMinutes: dayMinutes, written: written)
    }

    /// The time for `numbers` (one, or a range's two) in `unit`: "hari" resolved, weeks as
    /// seven calendar days, fractions of hours and working days as office minutes.
    public static func resolve(numbers: [Double], unit written: WrittenUnit, days: SOPDefinition.TimeDefaults.Days?,
                               dayMinutes: Int, written text: String?) -> Result<Reading, TextProblem> {
        let shown = text ?? numbers.map { String($0) }.joined(separator: "-")
        var unit: Unit
        var factor = 1.0
        var ambiguous = false
        switch written {
        case .minutes: unit = .minutes
        case .hours: unit = .hours
        case .workingDays: unit = .workingDays
        case .calendarDays: unit = .calendarDays
        case .days:
            ambiguous = days == nil
            unit = days == .calendar ? .calendarDays : .workingDays
        case .weeks: unit = .calendarDays; factor = 7
        case .months: unit = .months
        }
        var values = numbers.map { $0 * factor }
        if values.contains(where: { $0 != $0.rounded() }) {
            switch unit {
            case .hours:
                unit = .minutes; values = values.map { $0 * 60 }
            case .workingDays:
                unit = .minutes; values = values.map { $0 * Double(dayMinutes) }
            case .minutes, .calendarDays, .months:
                return .failure(.fractionNotAllowed(shown, unit: written == .weeks ? "a week" : unit == .minutes ? "a minute" : unit == .months ? "a month" : "a calendar day"))
            }
            guard values.allSatisfy({ $0 == $0.rounded() }) else {
                return .failure(.fractionNotAllowed(shown, unit: "a minute"))
            }
        }
        guard values.allSatisfy({ $0 >= 1 }) else { return .failure(.notPositive(shown)) }
        guard values.allSatisfy({ $0 <= Double(maximumValue(for: unit)) }) else { return .failure(.tooLarge(shown)) }
        let ints = values.map { Int($0) }
        let minimum = ints.count == 2 && ints[0] != ints[1] ? ints[0] : nil
        let keepText = text != nil
        return .success(Reading(time: StandardTime(ints.last!, unit, minimum: minimum, written: keepText ? text : nil),
                                ambiguousDays: ambiguous))
    }
}

extension String {
    public var trimmingSpaces: String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s = s.dropFirst() }
        while let c = s.last, c.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
