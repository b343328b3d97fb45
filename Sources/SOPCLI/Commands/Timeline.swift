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
        Every step of the forward flow (every decision approving, every parallel branch) takes exactly its \
        standard time (the maximum of a range) and starts when all the steps before it are due: parallel branches \
        run side by side and a join waits for the last of them. The critical path is the chain of steps whose \
        overrun moves the end; the total is its end. Steps the applicant performs are marked: the agency's clock \
        does not run in them. --start defaults to the next Monday 08:00 after today, agency time.
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
        var critical: Bool
        var applicant: Bool
        var after: [String]
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
                  workingMinutes: try cal.elapsed(from: e.start, to: e.due).officeMinutes,
                  critical: e.critical, applicant: e.applicant, after: e.predecessors.map { timeline.entries[$0].step.id })
        }
        switch format {
        case .json:
            try sink.write(try JSON.encode(JSONOutput(
                sop: sop.id, regency: sop.identity.agency.regency, timeZone: cal.definition.timeZone,
                start: timeline.start.iso8601(utcOffsetSeconds: offset), due: timeline.due.iso8601(utcOffsetSeconds: offset),
                workingDays: timeline.elapsed.workingDays, workingMinutes: timeline.elapsed.officeMinutes,
                criticalPath: timeline.criticalPath.map(\.step.id), steps: entries)) + "\n")
        case .csv:
            var csv = CSVTable(["no", "step", "purpose", "role", "standard", "start", "due", "working_minutes", "critical",
                                "applicant", "after"])
            for e in entries {
                csv.add(["\(e.no)", e.step, e.purpose, e.role, e.time.map(Self.csvTime) ?? "",
                         e.start, e.due, "\(e.workingMinutes)", e.critical ? "yes" : "no", e.applicant ? "yes" : "no",
                         e.after.joined(separator: " ")])
            }
            try sink.write(csv.render())
        case .svg:
            try sink.write(GanttChart.svg(timeline, sop: sop, calendar: cal))
        case .text:
            try sink.write(Self.text(timeline, sop: sop, calendar: cal, filed: "Filed"))
        }
    }

    /// "5 minutes", "1-3 working-days": the standard in the file's own unit names.
    static func csvTime(_ t: StandardTime) -> String {
        (t.minimum.map { "\($0)-\(t.value)" } ?? "\(t.value)") + " \(t.unit.rawValue)"
    }

    /// The timeline as a table: a row per step of the forward flow (parallel branches side by
    /// side in time), the critical path marked, the applicant's steps named as such.
    static func text(_ timeline: StandardTimeline, sop: SOPDefinition, calendar cal: WorkingCalendar, filed: String) -> String {
        let offset = cal.utcOffsetSeconds
        let zone = cal.definition.zoneAbbreviation
        var out = "\(sop.identity.name) — \(sop.identity.agency.regency) (\(cal.definition.timeZone), \(zone))\n"
        var table = TextTable([("No", 3), ("Step", 22), ("Pelaksana", 20), ("Waktu", 14), ("Mulai", 16), ("Batas waktu", 16),
                               ("Jalur", 8)])
        for e in timeline.entries {
            var lane = e.critical ? "kritis" : "paralel"
            if e.applicant { lane += "\npemohon" }
            table.add(["\(e.step.number)", e.step.id, sop.role(e.step.actor)?.title ?? e.step.actor,
                       e.step.time.printed, localTime(e.start, offset), localTime(e.due, offset), lane])
        }
        out += table.render() + "\n"
        let el = timeline.elapsed
        out += "\(filed) \(localTime(timeline.start, offset)) \(zone), due \(localTime(timeline.due, offset)) \(zone): "
            + "\(TimeText.office(seconds: el.officeSeconds)) of office time (total standard time \(TimeText.total(sop.mainPathTotal)), "
            + "a step of days due at the close of its last working day)\n"
        let critical = timeline.criticalPath
        let parallel = critical.count < timeline.entries.count
        out += "Critical path: " + critical.map { "\($0.step.number)" }.joined(separator: " → ")
            + (parallel ? " (the other steps run beside it; only an overrun on this path moves the end)\n"
                        : " (the steps run in sequence; any overrun moves the end)\n")
        let applicant = timeline.entries.filter(\.applicant)
        if !applicant.isEmpty {
            out += "The applicant's steps: " + applicant.map { "\($0.step.number)" }.joined(separator: ", ")
                + " (the agency's clock stops while the file is with the applicant)\n"
        }
        let untimed = timeline.entries.filter { $0.step.time == nil }
        if !untimed.isEmpty {
            out += "Without a standard time: " + untimed.map { "\($0.step.number)" }.joined(separator: ", ") + " (shown as —)\n"
        }
        return out
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
