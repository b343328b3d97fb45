import ArgumentParser
import Foundation
import SOPCore
import SOPRender

/// Formats of the analysts' commands.
enum AnalysisFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, csv, svg
}

/// `sop timeline SOP_FILE [--start INSTANT]`: the standard timeline with roles, the total
/// and the critical path, as text, JSON, CSV or an SVG Gantt chart.
struct Timeline: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The standard timeline on the agency calendar: each step's start, due, standard time and role.",
        discussion: """
        Each step of the main path (every decision approving) takes exactly its standard time and starts when the \
        previous one is due. The steps run one after another, so the main path is the critical path: any step \
        that overruns moves the end. --start defaults to the next Monday 08:00 after today, agency time.
        """
    )

    @Argument(help: "The SOP file.") var file: String
    @Option(help: "When the complaint is filed (agency time unless an offset is given).") var start: String?
    @Option(help: "Calendar file (default: the one the SOP names).") var calendar: String?
    @Option(help: "text, json, csv or svg (a Gantt chart).") var format: AnalysisFormat = .text
    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?

    struct JSONOutput: Encodable {
        var sop: String
        var regency: String
        var timeZone: String
        var start: String
        var due: String
        var workingDays: Int
        var workingMinutes: Int64
        var criticalPath: [String]
        var steps: [Entry]
    }

    struct Entry: Encodable {
        var no: Int
        var step: String
        var purpose: String
        var role: String
        var roleTitle: String
        var time: StandardTime?
        var start: String
        var due: String
        var workingMinutes: Int64
    }

    func run() throws {
        let sop = try loadValid(file)
        let cal = try calendar.map(loadCalendar) ?? agencyCalendar(of: sop, file: file)
        let offset = cal.utcOffsetSeconds
        let startInstant = try parseInstant(start, offset: offset) ?? defaultStart(offset: offset)
        let timeline = try StandardTimeline(sop: sop, calendar: cal, start: startInstant)
        let sink = try OutputSink(path: output)
        defer { try? sink.close() }
        let entries = try timeline.entries.map { e in
            Entry(no: e.step.number, step: e.step.id, purpose: sop.purpose(of: e.step).rawValue, role: e.step.actor,
                  roleTitle: sop.role(e.step.actor)?.title ?? e.step.actor, time: e.step.time,
                  start: e.start.iso8601(utcOffsetSeconds: offset), due: e.due.iso8601(utcOffsetSeconds: offset),
                  workingMinutes: try cal.elapsed(from: e.start, to: e.due).officeMinutes)
        }
        switch format {
        case .json:
            try sink.write(try JSON.encode(JSONOutput(
                sop: sop.id, regency: sop.identity.agency.regency, timeZone: cal.definition.timeZone,
                start: timeline.start.iso8601(utcOffsetSeconds: offset), due: timeline.due.iso8601(utcOffsetSeconds: offset),
                workingDays: timeline.elapsed.workingDays, workingMinutes: timeline.elapsed.officeMinutes,
                criticalPath: timeline.entries.map(\.step.id), steps: entries)) + "\n")
        case .csv:
            var csv = CSVTable(["no", "step", "purpose", "role", "standard", "start", "due", "working_minutes"])
            for e in entries {
                csv.add(["\(e.no)", e.step, e.purpose, e.role, e.time.map { "\($0.value) \($0.unit.rawValue)" } ?? "",
                         e.start, e.due, "\(e.workingMinutes)"])
            }
            try sink.write(csv.render())
        case .svg:
            try sink.write(GanttChart.svg(timeline, sop: sop, calendar: cal))
        case .text:
            let zone = cal.definition.zoneAbbreviation
            var out = "\(sop.identity.name) — \(sop.identity.agency.regency) (\(cal.definition.timeZone), \(zone))\n"
            var table = TextTable([("No", 3), ("Step", 22), ("Pelaksana", 20), ("Waktu", 14), ("Mulai", 16), ("Batas waktu", 16)])
            for e in timeline.entries {
                table.add(["\(e.step.number)", e.step.id, sop.role(e.step.actor)?.title ?? e.step.actor,
                           e.step.time.map(SOPSummary.indonesian) ?? "—", localTime(e.start, offset), localTime(e.due, offset)])
            }
            out += table.render() + "\n"
            let el = timeline.elapsed
            out += "Filed \(localTime(startInstant, offset)) \(zone), due \(localTime(timeline.due, offset)) \(zone): "
                + "\(el.workingDays) working days, \(el.officeMinutes) office minutes\n"
            out += "Critical path: " + timeline.entries.map { "\($0.step.number)" }.joined(separator: " → ")
                + " (the steps run in sequence; any overrun moves the end)\n"
            try sink.write(out)
        }
    }

    func defaultStart(offset: Int) -> Instant {
        let today = systemClock().local(utcOffsetSeconds: offset).date
        let monday = today.adding(days: 8 - today.isoWeekday)
        return Instant(date: monday, hour: 8, minute: 0, utcOffsetSeconds: offset)
    }
}

/// `YYYY-MM-DD HH:MM` in the zone `offset` seconds east of UTC.
func localTime(_ i: Instant, _ offset: Int) -> String { i.localMinute(utcOffsetSeconds: offset) }


/// A CSV table (RFC 4180), rows in the order added.
struct CSVTable {
    var header: [String]
    var rows: [[String]] = []

    init(_ header: [String]) { self.header = header }

    mutating func add(_ row: [String]) { rows.append(row) }

    func render() -> String {
        ([header] + rows).map { row in ByteWriter.string { w in
            for (i, cell) in row.enumerated() { if i > 0 { w.write(",") }; w.writeCSV(cell) }
        } }.joined(separator: "\n") + "\n"
    }
}
