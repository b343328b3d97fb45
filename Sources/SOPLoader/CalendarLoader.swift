import Foundation
import SOPCore

/// Loads `sop-calendar/v1` files, following `extends` to the calendar they build on.
public enum CalendarLoader {
    public struct Result: Sendable {
        public var file: String
        public var definition: CalendarDefinition?
        public var diagnostics: [Diagnostic]
        /// The text of every file read (the calendar and those it extends), by displayed path.
        public var texts: [String: String] = [:]

        /// The compiled calendar when there are no errors.
        public var calendar: WorkingCalendar? {
            guard !diagnostics.hasErrors, let definition else { return nil }
            return WorkingCalendar(definition)
        }
    }

    /// Loads the calendar at `path`; `displayPath` (default `path`) is what diagnostics print,
    /// and the files it extends are shown relative to it.
    public static func load(path: String, displayPath: String? = nil) -> Result {
        let shown = displayPath ?? path
        var diagnostics: [Diagnostic] = []
        var texts: [String: String] = [:]
        let file = resolve(path: path, shown: shown, chain: [], diagnostics: &diagnostics, texts: &texts)
        guard let file, !diagnostics.hasErrors else {
            return Result(file: shown, definition: nil, diagnostics: diagnostics.sortedForOutput(), texts: texts)
        }
        let path = shown
        let top = SourceLocation(file: path, line: 1, column: 1)
        var missing: [String] = []
        if file.timeZone == nil { missing.append("timeZone") }
        if file.years == nil { missing.append("years") }
        if file.officeHours == nil { missing.append("officeHours") }
        guard missing.isEmpty, let zoneID = file.timeZone, let years = file.years, let hours = file.officeHours else {
            diagnostics.append(Diagnostic(.missingKey, "calendar has no \(missing.joined(separator: ", ")) of its own or inherited",
                                          at: top, hint: "add them, or `extends:` a calendar that has them"))
            return Result(file: path, definition: nil, diagnostics: diagnostics, texts: texts)
        }
        let zoneAt = file.timeZoneLocation ?? top
        guard let offset = fixedOffset(zoneID: zoneID, years: years, diagnostics: &diagnostics, at: zoneAt) else {
            return Result(file: path, definition: nil, diagnostics: diagnostics.sortedForOutput(), texts: texts)
        }
        let definition = CalendarDefinition(id: file.id, name: file.name, timeZone: zoneID, utcOffsetSeconds: offset,
                                            years: years, officeHours: hours, holidays: file.holidays, source: file.source)
        return Result(file: path, definition: definition, diagnostics: diagnostics.sortedForOutput(), texts: texts)
    }

    /// Reads one file and merges it over what it extends: zone, years and office hours are
    /// overridden when given; holidays are added.
    static func resolve(path: String, shown: String, chain: [String], diagnostics: inout [Diagnostic],
                        texts: inout [String: String]) -> CalendarFile? {
        let read = YAMLReader.read(path: path, displayPath: shown)
        diagnostics += read.diagnostics
        if let text = read.text { texts[shown] = text }
        guard let root = read.root else { return nil }
        var decoder = CalendarDecoder(file: shown)
        let decoded = decoder.decode(root)
        diagnostics += decoder.d.diagnostics
        guard var file = decoded else { return nil }
        let map = SourceMap(file: shown, root: root)
        let canonical = URL(fileURLWithPath: path).standardizedFileURL.path
        for (i, h) in file.holidays.enumerated() {
            if let years = file.years ?? nil, !years.contains(h.date.year) {
                diagnostics.append(Diagnostic(.calendarContents, "holiday \(h.date) lies outside the years \(years.lowerBound)–\(years.upperBound)",
                                              at: map.location(of: "holidays[\(i)].date"), hint: "extend `years` or remove it"))
            }
            if let j = file.holidays[..<i].firstIndex(where: { $0.date == h.date }) {
                diagnostics.append(Diagnostic(.calendarContents, "\(h.date) is listed twice (also as '\(file.holidays[j].name)')",
                                              at: map.location(of: "holidays[\(i)].date"), hint: "keep one entry per date"))
            }
        }
        guard let base = file.extends else { return file }
        let basePath = (base.hasPrefix("/") ? URL(fileURLWithPath: base)
            : URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(base)).standardizedFileURL.path
        let baseShown = VariantResolver.join(directory: VariantResolver.directory(of: shown), base)
        let at = map.location(of: "extends")
        if chain.contains(basePath) || basePath == canonical {
            diagnostics.append(Diagnostic(.calendarExtends, "`extends` forms a cycle: \((chain + [canonical, basePath]).map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: " → "))",
                                          at: at, hint: "a calendar cannot extend itself, directly or through others"))
            return nil
        }
        guard FileManager.default.fileExists(atPath: basePath) else {
            diagnostics.append(Diagnostic(.calendarExtends, "extended calendar '\(base)' does not exist", at: at,
                                          hint: "the path is relative to this file, e.g. `extends: national.yaml`"))
            return nil
        }
        var baseDiagnostics: [Diagnostic] = []
        let parent = resolve(path: basePath, shown: baseShown, chain: chain + [canonical],
                             diagnostics: &baseDiagnostics, texts: &texts)
        diagnostics += baseDiagnostics
        if parent == nil || baseDiagnostics.hasErrors {
            diagnostics.append(Diagnostic(.calendarExtends, "extended calendar '\(base)' cannot be used"
                                          + (baseDiagnostics.hasErrors ? " (its problems are reported in it)" : ""), at: at))
        }
        guard let parent else { return nil }
        if file.timeZone == nil {
            file.timeZone = parent.timeZone
            file.timeZoneLocation = parent.timeZoneLocation
        }
        file.years = file.years ?? parent.years
        file.officeHours = file.officeHours ?? parent.officeHours
        file.source = file.source ?? parent.source
        var seen = Set(file.holidays.map(\.date))
        file.holidays += parent.holidays.filter { seen.insert($0.date).inserted }
        return file
    }

    /// The zone's offset, checked to be the same on every day of the covered years.
    static func fixedOffset(zoneID: String, years: ClosedRange<Int>, diagnostics: inout [Diagnostic], at location: SourceLocation) -> Int? {
        guard let zone = TimeZone(identifier: zoneID) else {
            diagnostics.append(Diagnostic(.calendarZone, "unknown time zone '\(zoneID)'",
                                          at: location,
                                          hint: "use an IANA zone: Asia/Jakarta (WIB), Asia/Pontianak (WIB), Asia/Makassar (WITA), Asia/Jayapura (WIT)"))
            return nil
        }
        let start = Date(timeIntervalSince1970: TimeInterval(CivilDate(year: years.lowerBound, month: 1, day: 1)!.daysSinceEpoch) * 86_400)
        let end = Date(timeIntervalSince1970: TimeInterval(CivilDate(year: years.upperBound, month: 12, day: 31)!.daysSinceEpoch + 1) * 86_400)
        let offset = zone.secondsFromGMT(for: start)
        if let change = zone.nextDaylightSavingTimeTransition(after: start), change < end {
            diagnostics.append(Diagnostic(.calendarZone, "time zone '\(zoneID)' changes its offset on \(change)",
                                          at: location,
                                          hint: "the engine supports zones with one offset over the calendar's years (all Indonesian zones)"))
            return nil
        }
        return offset
    }
}
