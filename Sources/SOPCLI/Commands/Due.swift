import ArgumentParser
import Foundation
import SOPCore
import SOPLoader

/// `sop due SOP_FILE --start INSTANT`: the standard timeline of the main path.
struct Due: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The standard timeline: when each step of the main path starts and is due.",
        discussion: """
        Each step is assumed to take exactly its standard time and to start when the previous one is due. \
        Times are in the agency's zone; --start without an offset is read in that zone.
        """
    )

    @Argument(help: "The SOP file.")
    var file: String

    @Option(help: "When the case is opened, e.g. 2026-12-21T09:00 (agency time) or 2026-12-21T09:00+07:00.")
    var start: String

    @Option(help: "Calendar file (default: the one the SOP names).")
    var calendar: String?

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() throws {
        let sop = try loadValid(file)
        let cal = try calendarFor(sop)
        let offset = cal.utcOffsetSeconds
        guard let startInstant = Instant.parse(start, defaultUTCOffsetSeconds: offset) else {
            throw ValidationError("'\(start)' is not an instant; write YYYY-MM-DDTHH:MM, optionally with seconds and an offset like +07:00")
        }
        let timeline = try StandardTimeline(sop: sop, calendar: cal, start: startInstant)
        switch format {
        case .json:
            Console.current.out(try JSON.encode(timeline.json(offset: offset)))
        case .text:
            let zone = cal.definition.zoneAbbreviation
            Console.current.out("\(sop.identity.name) — \(sop.identity.agency.regency) (\(cal.definition.timeZone), \(zone))")
            var table = TextTable([("No", 3), ("Step", 22), ("Pelaksana", 20), ("Waktu", 14), ("Mulai", 16), ("Batas waktu", 16)])
            for e in timeline.entries {
                table.add(["\(e.step.number)", e.step.id, sop.role(e.step.actor)?.title ?? e.step.actor,
                           e.step.time.map(SOPSummary.indonesian) ?? "—", localTime(e.start, offset), localTime(e.due, offset)])
            }
            Console.current.out(table.render())
            let el = timeline.elapsed
            Console.current.out("Opened \(localTime(startInstant, offset)) \(zone), due \(localTime(timeline.due, offset)) \(zone): "
                                + "\(el.workingDays) working days, \(el.officeMinutes) office minutes")
        }
    }

    func calendarFor(_ sop: SOPDefinition) throws -> WorkingCalendar {
        if let calendar { return try loadCalendar(calendar) }
        return try agencyCalendar(of: sop, file: file)
    }
}
