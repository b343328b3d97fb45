import ArgumentParser
import Foundation
import SOPCore
import SOPRender

/// `sop compare SOP_FILE SOP_FILE [...]`: agencies side by side.
struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare SOPs side by side: totals, time per role, hand-offs, decisions, loops, and the steps aligned by purpose.",
        discussion: """
        Each SOP runs on its own agency calendar, for a complaint filed at the same local time (--start) at each. \
        Steps are aligned by their purpose (receive, record, examine, meet, review, approve, reply, archive), \
        declared in the YAML or read from the activity text.
        """
    )

    @Argument(help: "Two or more SOP files.") var files: [String]
    @Option(help: "When the complaint is filed, local time at each agency (YYYY-MM-DDTHH:MM).") var start: String = "2026-03-02T09:00"
    @Option(help: "text, json, csv or svg.") var format: AnalysisFormat = .text
    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?

    func validate() throws {
        guard files.count >= 2 else { throw ValidationError("give at least two SOP files to compare") }
    }

    func run() throws {
        guard let filed = Instant.parse(start, defaultUTCOffsetSeconds: 0), !start.hasSuffix("Z"), !start.contains("+") else {
            throw ValidationError("'\(start)' is not a local time; write YYYY-MM-DDTHH:MM (no offset: each agency reads it in its own zone)")
        }
        let (date, seconds) = filed.local(utcOffsetSeconds: 0)
        var inputs: [(sop: SOPDefinition, calendar: WorkingCalendar)] = []
        for file in files {
            let sop = try loadValid(file)
            inputs.append((sop, try agencyCalendar(of: sop, file: file)))
        }
        let comparison = try SOPComparison(inputs, localStart: (date, seconds / 3600, seconds / 60 % 60))
        let sink = try OutputSink(path: output)
        defer { try? sink.close() }
        switch format {
        case .svg: try sink.write(ComparisonChart.svg(comparison))
        case .json: try sink.write(try JSON.encode(Self.json(comparison)) + "\n")
        case .csv: try sink.write(Self.csv(comparison))
        case .text: try sink.write(Self.text(comparison))
        }
    }

    static func hours(_ seconds: Int64) -> String { TimeText.office(seconds: seconds) }

    static func date(_ i: Instant?, _ a: SOPComparison.Agency) -> String {
        guard let i else { return "—" }
        return "\(localTime(i, a.utcOffsetSeconds)) (+\(a.calendarDays(to: i)) d)"
    }

    static func steps(_ entries: [StandardTimeline.Entry]) -> String {
        entries.isEmpty ? "—" : entries.map { "\($0.step.number). \($0.step.id) (\($0.step.time?.description ?? "—"))" }.joined(separator: "; ")
    }

    /// Summary rows shared by text and CSV.
    static func summaryRows(_ c: SOPComparison) -> [(String, [String])] {
        [("SOP", c.agencies.map(\.sop.identity.number)),
         ("Steps", c.agencies.map { "\($0.sop.steps.count)" }),
         ("Standard total", c.agencies.map { TimeText.total($0.sop.mainPathTotal) }),
         ("Filing to end", c.agencies.map { "\(hours($0.timeline.elapsed.officeSeconds)) of office time" }),
         ("Filed", c.agencies.map { localTime($0.timeline.start, $0.utcOffsetSeconds) + " " + "UTC\($0.utcOffsetSeconds >= 0 ? "+" : "-")\(abs($0.utcOffsetSeconds) / 3600)" }),
         ("Reply due", c.agencies.map { date($0.replyDue, $0) }),
         ("Case complete", c.agencies.map { date($0.timeline.due, $0) }),
         ("Hand-offs", c.agencies.map { "\($0.handOffs)" }),
         ("Decision points", c.agencies.map { "\($0.decisionPoints)" }),
         ("Revision loops", c.agencies.map { "\($0.revisionLoops)" }),
         ("Time per role", c.agencies.map { a in
             a.timeByRole.map { "\(a.roleTitle($0.role)): \(hours($0.officeSeconds))" }.joined(separator: "\n")
         })]
    }

    static func text(_ c: SOPComparison) -> String {
        let width = 34
        var table = TextTable([("", 16)] + c.agencies.map { ($0.sop.identity.agency.regency, width) })
        for (label, cells) in summaryRows(c) { table.add([label] + cells) }
        var steps = TextTable([("Purpose", 16)] + c.agencies.map { ($0.sop.identity.agency.regency, width) })
        for row in c.rows { steps.add([row.purpose.rawValue] + row.entries.map(Self.steps)) }
        let differences = c.differences().map { "- \($0)" }.joined(separator: "\n")
        return table.render() + "\n\nSteps aligned by purpose:\n" + steps.render() + "\n\nDifferences:\n" + differences + "\n"
    }

    static func csv(_ c: SOPComparison) -> String {
        var t = CSVTable(["section", "item"] + c.agencies.map(\.sop.id))
        for (label, cells) in summaryRows(c) { t.add(["summary", label] + cells.map { $0.replacingOccurrences(of: "\n", with: "; ") }) }
        for row in c.rows {
            t.add(["steps", row.purpose.rawValue] + row.entries.map(Self.steps))
            t.add(["office-minutes", row.purpose.rawValue] + row.officeSeconds.map { "\($0 / 60)" })
        }
        return t.render()
    }

    struct JSONAgency: Encodable {
        var sop: String
        var number: String
        var regency: String
        var filed: String
        var replyDue: String?
        var replyCalendarDays: Int?
        var complete: String
        var completeCalendarDays: Int
        var workingDays: Int
        var workingMinutes: Int64
        var handOffs: Int
        var decisionPoints: Int
        var revisionLoops: Int
        var minutesByRole: [String: Int64]
    }

    struct JSONRow: Encodable {
        var purpose: String
        var steps: [[String]]
        var workingMinutes: [Int64]
    }

    struct JSONOutput: Encodable {
        var agencies: [JSONAgency]
        var purposes: [JSONRow]
        var differences: [String]
    }

    static func json(_ c: SOPComparison) -> JSONOutput {
        JSONOutput(
            agencies: c.agencies.map { a in
                JSONAgency(sop: a.sop.id, number: a.sop.identity.number, regency: a.sop.identity.agency.regency,
                           filed: a.timeline.start.iso8601(utcOffsetSeconds: a.utcOffsetSeconds),
                           replyDue: a.replyDue?.iso8601(utcOffsetSeconds: a.utcOffsetSeconds), replyCalendarDays: a.replyDue.map(a.calendarDays),
                           complete: a.timeline.due.iso8601(utcOffsetSeconds: a.utcOffsetSeconds),
                           completeCalendarDays: a.calendarDays(to: a.timeline.due),
                           workingDays: a.timeline.elapsed.workingDays, workingMinutes: a.timeline.elapsed.officeMinutes,
                           handOffs: a.handOffs, decisionPoints: a.decisionPoints, revisionLoops: a.revisionLoops,
                           minutesByRole: Dictionary(uniqueKeysWithValues: a.timeByRole.map { ($0.role, $0.officeSeconds / 60) }))
            },
            purposes: c.rows.map { JSONRow(purpose: $0.purpose.rawValue, steps: $0.entries.map { $0.map(\.step.id) },
                                           workingMinutes: $0.officeSeconds.map { $0 / 60 }) },
            differences: c.differences())
    }
}
