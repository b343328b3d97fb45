import SOPCore

/// The calendar file as written, before `extends` is resolved.
struct CalendarFile {
    var id: String
    var name: String
    var extends: String?
    var timeZone: String?
    var timeZoneLocation: SourceLocation?
    var years: ClosedRange<Int>?
    var officeHours: OfficeHours?
    var holidays: [Holiday]
    var source: String?
}

/// Reads a `sop-calendar/v1` file; rules mirror `schemas/calendar.schema.json`.
struct CalendarDecoder {
    var d: NodeDecoder

    init(file: String) { d = NodeDecoder() }

    static let format = "sop-calendar/v1"

    mutating func decode(_ root: YAMLValue) -> CalendarFile? {
        guard let f = d.fields(root, "", what: "the calendar file", required: ["format", "id", "name"],
                               optional: ["extends", "timeZone", "years", "officeHours", "holidays", "source"])
        else { return nil }
        if let format = d.string(f["format"], "format", what: "format"), format != Self.format {
            d.report(.unsupportedFormat, "format '\(format)' is not a calendar format", at: f["format"]!.location,
                     hint: "calendar files start with `format: \(Self.format)`")
        }
        let id = d.id(f["id"], "id", what: "calendar id")
        let name = d.string(f["name"], "name", what: "calendar name")
        let extends = d.string(f["extends"], "extends", what: "extends")
        let zone = d.string(f["timeZone"], "timeZone", what: "time zone")
        let source = d.string(f["source"], "source", what: "source")
        var years: ClosedRange<Int>?
        if let n = f["years"], let y = d.fields(n, "years", what: "years", required: ["from", "to"], optional: []) {
            let from = d.int(y["from"], "years.from", what: "first year")
            let to = d.int(y["to"], "years.to", what: "last year")
            if let from, let to {
                if from > to || from < 1900 || to > 2999 { // the bounds of schemas/calendar.schema.json
                    d.report(.invalidValue, "years \(from)–\(to) are not a valid range", at: n.location,
                             hint: "write the first and last year covered, e.g. {from: 2024, to: 2027}")
                } else {
                    years = from...to
                }
            }
        }
        var hours: OfficeHours?
        if let n = f["officeHours"],
           let week = d.fields(n, "officeHours", what: "officeHours", required: OfficeHours.weekdayNames, optional: []) {
            var days: [[OfficeInterval]] = []
            for name in OfficeHours.weekdayNames {
                let p = "officeHours.\(name)"
                let intervals = d.list(week[name], p, what: name) { d, n, q in Self.interval(&d, n, q).map { ($0, n.location) } } ?? []
                var previousEnd = -1
                for (iv, location) in intervals {
                    if iv.start < previousEnd {
                        d.report(.officeHours, "office hours of \(name) overlap or are out of order",
                                 at: location, hint: "list the intervals from morning to evening without overlap")
                    }
                    previousEnd = iv.end
                }
                days.append(intervals.map(\.0))
            }
            if days.count == 7 { hours = OfficeHours(days: days) }
        }
        let holidays = d.list(f["holidays"], "holidays", what: "holidays") { d, n, p -> Holiday? in
            guard let h = d.fields(n, p, what: "a holiday", required: ["date", "name", "kind"], optional: ["source"])
            else { return nil }
            let date = d.date(h["date"], "\(p).date", what: "holiday date")
            let name = d.string(h["name"], "\(p).name", what: "holiday name")
            let kind = d.word(h["kind"], "\(p).kind", what: "holiday kind", as: Holiday.Kind.self)
            let source = d.string(h["source"], "\(p).source", what: "source")
            guard let date, let name, let kind else { return nil }
            return Holiday(date: date, name: name, kind: kind, source: source)
        } ?? []
        guard let id, let name else { return nil }
        return CalendarFile(id: id, name: name, extends: extends, timeZone: zone,
                            timeZoneLocation: f["timeZone"]?.location, years: years,
                            officeHours: hours, holidays: holidays, source: source)
    }

    /// `{from: "07:30", to: "12:00"}`.
    static func interval(_ d: inout NodeDecoder, _ node: YAMLValue, _ p: String) -> OfficeInterval? {
        guard let f = d.fields(node, p, what: "an office interval", required: ["from", "to"], optional: []) else { return nil }
        let from = clock(&d, f["from"], "\(p).from")
        let to = clock(&d, f["to"], "\(p).to")
        guard let from, let to else { return nil }
        guard from < to else {
            d.report(.officeHours, "office interval ends before it starts", at: node.location,
                     hint: "`from` is the opening time, `to` the closing time, e.g. {from: \"07:30\", to: \"12:00\"}")
            return nil
        }
        return OfficeInterval(start: from, end: to)
    }

    /// "HH:MM" → seconds after midnight; "24:00" closes at midnight.
    static func clock(_ d: inout NodeDecoder, _ node: YAMLValue?, _ p: String) -> Int? {
        guard let text = d.string(node, p, what: "time of day") else { return nil }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count == 2, parts.allSatisfy({ $0.count == 2 }), let h = Int(parts[0]), let m = Int(parts[1]),
           h >= 0, h < 24, m >= 0, m < 60 {
            return h * 3600 + m * 60
        }
        d.report(.invalidFormat, "'\(text)' is not a time of day", at: node!.location,
                 hint: "write times as \"HH:MM\" in quotes, e.g. \"07:30\"")
        return nil
    }
}
