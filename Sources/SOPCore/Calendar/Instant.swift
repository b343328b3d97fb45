/// A point in time: whole seconds since 1970-01-01T00:00:00Z.
///
/// The engine's own type rather than Foundation's `Date`, so the core stays free of
/// Foundation and arithmetic is exact integer math.
public struct Instant: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var secondsSinceEpoch: Int64

    public init(secondsSinceEpoch: Int64) { self.secondsSinceEpoch = secondsSinceEpoch }

    /// The instant at a local wall-clock time in a zone `offsetSeconds` east of UTC.
    public init(date: CivilDate, hour: Int, minute: Int, second: Int = 0, utcOffsetSeconds: Int) {
        let local = Int64(date.daysSinceEpoch) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        self.secondsSinceEpoch = local - Int64(utcOffsetSeconds)
    }

    public static func < (a: Instant, b: Instant) -> Bool { a.secondsSinceEpoch < b.secondsSinceEpoch }

    public func adding(seconds: Int64) -> Instant { Instant(secondsSinceEpoch: secondsSinceEpoch + seconds) }

    /// Local date and seconds into that day, in a zone `offset` seconds east of UTC.
    ///
    /// Saturating at the ends of Int64, so that any instant prints (an error message may name an
    /// instant no calendar covers) instead of trapping on overflow.
    public func local(utcOffsetSeconds offset: Int) -> (date: CivilDate, secondOfDay: Int) {
        let (sum, overflow) = secondsSinceEpoch.addingReportingOverflow(Int64(offset))
        let local = overflow ? (offset > 0 ? Int64.max : Int64.min) : sum
        var day = local / 86_400
        var second = local % 86_400
        if second < 0 { day -= 1; second += 86_400 }
        return (CivilDate(daysSinceEpoch: Int(day)), Int(second))
    }

    /// ISO 8601 with the zone's offset, e.g. `2026-12-21T09:00:00+07:00`.
    public func iso8601(utcOffsetSeconds offset: Int) -> String {
        let (date, s) = local(utcOffsetSeconds: offset)
        let sign = offset < 0 ? "-" : "+"
        let o = abs(offset)
        return "\(date)T\(pad(s / 3600, 2)):\(pad(s / 60 % 60, 2)):\(pad(s % 60, 2))\(sign)\(pad(o / 3600, 2)):\(pad(o / 60 % 60, 2))"
    }

    /// `2026-12-21 09:00`: the local date and minute, as tables and pages show them.
    public func localMinute(utcOffsetSeconds offset: Int) -> String {
        let (date, s) = local(utcOffsetSeconds: offset)
        return "\(date) \(pad(s / 3600, 2)):\(pad(s / 60 % 60, 2))"
    }

    public var description: String { iso8601(utcOffsetSeconds: 0) }

    /// Parses `YYYY-MM-DDTHH:MM[:SS]` with an optional `Z` or `±HH:MM`; without one the
    /// time is read in `defaultOffset` (the agency's zone). Returns nil when malformed.
    public static func parse(_ text: String, defaultUTCOffsetSeconds defaultOffset: Int) -> Instant? {
        var body = Substring(text)
        var offset = defaultOffset
        if body.hasSuffix("Z") {
            offset = 0
            body = body.dropLast()
        } else if body.count > 16, let signIndex = body.lastIndex(where: { $0 == "+" || $0 == "-" }),
                  body.distance(from: body.startIndex, to: signIndex) >= 16 {
            let zone = body[body.index(after: signIndex)...].split(separator: ":")
            guard zone.count == 2, zone[0].count == 2, zone[1].count == 2,
                  zone.allSatisfy({ $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }),
                  let h = Int(zone[0]), let m = Int(zone[1]), h <= 14, m < 60 else { return nil }
            offset = (h * 3600 + m * 60) * (body[signIndex] == "-" ? -1 : 1)
            body = body[..<signIndex]
        }
        let parts = body.split(separator: "T", omittingEmptySubsequences: false)
        guard parts.count == 2, let date = CivilDate(iso: parts[0]) else { return nil }
        let clock = parts[1].split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 2 || clock.count == 3,
              clock.allSatisfy({ $0.count == 2 && $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }),
              let h = Int(clock[0]), let m = Int(clock[1]), h < 24, m < 60 else { return nil }
        let s = clock.count == 3 ? Int(clock[2]) : 0
        guard let s, s < 60 else { return nil }
        return Instant(date: date, hour: h, minute: m, second: s, utcOffsetSeconds: offset)
    }
}
