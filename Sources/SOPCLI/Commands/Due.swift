import ArgumentParser
import Foundation
import SOPCore
import SOPLoader

/// `sop due SOP_FILE --start INSTANT`: the standard timeline of the forward flow, parallel
/// branches side by side, the critical path marked.
struct Due: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The standard timeline: when each step of the forward flow starts and is due.",
        discussion: """
        Each step is assumed to take exactly its standard time and to start when every step before it is due \
        (parallel branches side by side, a join after the last of them); the critical path is marked. \
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
            var text = Timeline.text(timeline, sop: sop, calendar: cal, filed: "Opened")
            if text.hasSuffix("\n") { text.removeLast() }
            Console.current.out(text)
        }
    }

    func calendarFor(_ sop: SOPDefinition) throws -> WorkingCalendar {
        if let calendar { return try loadCalendar(calendar) }
        return try agencyCalendar(of: sop, file: file)
    }
}
