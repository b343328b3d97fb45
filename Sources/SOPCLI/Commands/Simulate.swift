import ArgumentParser
import Foundation
import SOPCore
import SOPLoader
import SOPStore
import SOPStoreSQLite

/// `sop simulate SOP_FILE... --cases N --seed S --db PATH`: realistic executed cases.
struct Simulate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fill a database with simulated cases: durations drawn around the standard times, some rejections, some late.",
        discussion: """
        Openings are spread evenly over --days from --start; steps take a log-normal share of their \
        standard time (median 60 %), decisions send work back with probability 15 % (at most twice each), \
        and nothing happens after --until, so the last cases are still running. The same seed gives the same cases.

        The calendar bounds every case: a case whose next step would end, or fall due, after the calendar's \
        last year stays open at the step it is in. When an opening itself cannot be placed (it falls outside \
        the calendar's years, or its start step would be due after them) nothing is written and the command \
        fails: open earlier or over fewer --days, or extend the calendar.
        """
    )

    @Argument(help: "The SOP files; cases go round them in order.") var files: [String]
    @Option(help: "Number of cases.") var cases: Int = 100
    @Option(help: "Seed of the generator.") var seed: UInt64 = 1
    @Option(help: "First opening (agency time of the first SOP).") var start: String = "2026-01-05T08:00"
    @Option(help: "Calendar days over which the openings are spread.") var days: Int = 120
    @Option(help: "Nothing happens after this instant (default: 30 days after the last opening).") var until: String?
    @Option(help: "The SQLite database file (created if missing).") var db: String = "sop.db"

    func validate() throws {
        guard cases > 0 else { throw ValidationError("--cases must be positive") }
        guard days >= 0 else { throw ValidationError("--days must not be negative") }
        guard days <= StandardTime.maximumValue(for: .calendarDays) else {
            throw ValidationError("--days must be at most \(StandardTime.maximumValue(for: .calendarDays)) (100 years)")
        }
        guard !files.isEmpty else { throw ValidationError("give at least one SOP file") }
    }

    func run() async throws {
        var inputs: [Simulation.Input] = []
        for file in files {
            let sop = try loadValid(file)
            inputs.append(.init(definition: sop, hash: sop.contentHash, calendar: try agencyCalendar(of: sop, file: file).definition))
        }
        let offset = inputs[0].calendar.utcOffsetSeconds
        guard let first = try parseInstant(start, offset: offset) else { return }
        let spread = Int64(days) * 86_400
        let end = try parseInstant(until, offset: offset) ?? first.adding(seconds: spread + 30 * 86_400)
        let simulation = Simulation(inputs: inputs, start: first, spreadSeconds: spread, until: end)
        // Refused (a coded error, printed as every other) before the database is opened or created.
        try simulation.checkFits(cases: cases)
        let store = try SQLiteCaseStore(path: db)
        // Ids follow the SOP and the case number: a database that has them already is refused before anything is written.
        for (k, input) in inputs.enumerated() where k < cases {
            let id = Simulation.caseID(sop: input.definition.id, number: k + 1)
            if try await store.summary(caseID: id) != nil {
                Console.current.err("error: \(db) already holds simulated case \(id); simulate into a new --db (nothing was added)")
                throw ExitCode(1)
            }
        }
        let result: Simulation.Result
        do {
            result = try await simulation.run(cases: cases, seed: seed, into: store)
        } catch CaseError.caseExists(let id) {
            Console.current.err("error: \(db) already holds simulated case \(id); simulate into a new --db (the cases before it were added)")
            throw ExitCode(1)
        }
        let at = end.iso8601(utcOffsetSeconds: offset)
        Console.current.out("\(result.cases) cases (\(result.closed) closed, \(result.cases - result.closed) running at \(at)), \(result.events) events in \(db)")
        Console.current.out("judge the running cases at that moment with `sop report --db \(db) --now \(at)`")
    }
}
