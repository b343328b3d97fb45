import Foundation
import SOPCore
import SOPLoader

/// One fuzz input through everything a file meets on its way in: the YAML reader, the SOP
/// loader with its variant resolver and semantic checks (or the calendar loader, for a
/// `format: sop-calendar/…` file), then the working-time arithmetic `sop due` and the server
/// run on what loaded cleanly. Bad input must come back as diagnostics; a trap, overflow or
/// stack overflow anywhere on the way is what the fuzzer reports.
///
/// The input is read as a file in a copy of `sops/` (``Workspace``, the current directory), so
/// `extends:` names the shipped SOPs and calendars as siblings and the variant resolver merges
/// over real bases.
enum FuzzInput {
    static func run(_ data: Data, in workspace: Workspace) {
        // Read as `sop validate fuzz-input.yaml` in the folder would (a bare relative name) or by
        // its absolute path: the variant resolver handles the two differently.
        let sopPath = data.count % 2 == 0 ? "fuzz-input.yaml" : workspace.directory + "/fuzz-input.yaml"
        let read = YAMLReader.parse(data: data, file: sopPath)
        if read.isCalendar {
            runCalendar(data, in: workspace)
            return
        }
        let result = SOPLoader.load(parsed: read, file: sopPath)
        report(result.diagnostics, texts: result.texts)
        guard let sop = result.validDefinition, let name = sop.calendar,
              let path = SOPLoader.calendarPath(name, directory: workspace.directory) else { return }
        // The shipped calendars are compiled once; any other file an input names is loaded.
        guard let calendar = workspace.calendars[path] ?? CalendarLoader.load(path: path).calendar else { return }
        timelines(of: sop, on: calendar)
    }

    /// Calendars are loaded from disk (they `extends:` their siblings): the input is written
    /// next to the shipped calendars, loaded, and then carries a shipped SOP's timeline.
    static func runCalendar(_ data: Data, in workspace: Workspace) {
        let path = workspace.directory + "/calendars/fuzz-calendar.yaml"
        guard FileManager.default.createFile(atPath: path, contents: data) else { return }
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = CalendarLoader.load(path: path)
        report(result.diagnostics, texts: String(data: data, encoding: .utf8).map { [path: $0] } ?? [:])
        guard let calendar = result.calendar else { return }
        for sop in workspace.sops { timelines(of: sop, on: calendar) }
    }

    /// The diagnostics as `sop validate` prints them: with the source line and a caret, or as JSON.
    static func report(_ diagnostics: [Diagnostic], texts: [String: String]) {
        var lines: [String: [Substring]] = [:]
        for d in diagnostics {
            let file = d.location?.file ?? ""
            if lines[file] == nil, let text = texts[file] { lines[file] = text.sourceLines }
            _ = d.rendered(sourceLines: lines[file])
        }
        _ = try? JSONEncoder().encode(diagnostics)
    }

    /// The standard timeline from a few openings: the first office morning covered, one
    /// late in the range, and a closing minute.
    static func timelines(of sop: SOPDefinition, on calendar: WorkingCalendar) {
        let years = calendar.definition.years
        let offset = calendar.utcOffsetSeconds
        let starts = [
            CivilDate(year: years.lowerBound, month: 1, day: 2).map { Instant(date: $0, hour: 9, minute: 0, utcOffsetSeconds: offset) },
            CivilDate(year: years.upperBound, month: 11, day: 30).map { Instant(date: $0, hour: 16, minute: 0, utcOffsetSeconds: offset) },
            CivilDate(year: years.upperBound, month: 12, day: 31).map { Instant(date: $0, hour: 23, minute: 59, utcOffsetSeconds: offset) },
        ].compactMap { $0 }
        for start in starts {
            guard let timeline = try? StandardTimeline(sop: sop, calendar: calendar, start: start) else { continue }
            _ = timeline.json(offset: offset)
            for entry in timeline.entries {
                _ = calendar.isOnTime(due: entry.due, end: entry.due)
                if let time = entry.step.time { _ = try? calendar.isOnTime(start: entry.start, end: entry.due, standard: time) }
            }
        }
    }
}
