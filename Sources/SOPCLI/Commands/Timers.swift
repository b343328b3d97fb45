import ArgumentParser
import Foundation
import SOPCore
import SOPStore

/// `sop timers ...`: the timers of stored cases (withdrawals, automatic completions,
/// reminders, escalations), fired from cron or listed.
struct TimersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timers",
        abstract: "Fire the due timers of stored cases (for cron), or list the pending ones.",
        subcommands: [RunTimers.self, ListTimers.self]
    )
}

/// The cases a timers command looks at.
struct TimerScope: ParsableArguments {
    @Option(name: .customLong("sop"), help: "Only cases of this SOP id (repeatable; default: every SOP in the database).")
    var sopIDs: [String] = []

    var filter: [String]? { sopIDs.isEmpty ? nil : sopIDs }
}

struct RunTimers: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Fire every timer due by now (or --at); prints what fired. Nothing due is not an error.",
        discussion: """
        Safe to run from cron as often as wanted, and on several machines against one database: \
        each timer fires exactly once (a case is advanced inside its own write transaction, after \
        any other runner's). A case that cannot be advanced is reported and exits 1; its timers stay pending.
        """
    )

    @Option(help: "\"Now\" (default: the current time; +07:00 unless an offset is given).") var at: String?
    @Option(help: "At most this many cases in one run.") var limit: Int?
    @OptionGroup var scope: TimerScope
    @OptionGroup var store: StoreOptions

    func validate() throws {
        _ = try parseInstant(at, offset: 0)
        if let limit, limit < 1 { throw ValidationError("--limit must be positive") }
    }

    func run() async throws {
        let now = try parseInstant(at, offset: 7 * 3600) ?? systemClock()
        let service = CaseService(store: try await store.openStore(.write), clock: systemClock)
        let run = try await service.runTimers(at: now, limit: limit, sopIDs: scope.filter)
        switch store.format {
        case .json:
            Console.current.out(try JSON.encode(run.fired))
        case .text:
            for f in run.fired {
                var line = "\(f.caseID)  \(f.step)  \(f.action.rawValue)"
                if let to = f.to { line += " → \(to)" }
                if let closed = f.closed { line += "  (case closed: \(closed))" }
                Console.current.out(line)
            }
            let cases = Set(run.fired.map(\.caseID)).count
            Console.current.out("\(run.fired.count) timer\(run.fired.count == 1 ? "" : "s") fired on \(cases) case\(cases == 1 ? "" : "s") "
                                + "at \(now.iso8601(utcOffsetSeconds: 7 * 3600))")
        }
        for (caseID, error) in run.failed {
            let code = (error as? any CodedError)?.code ?? "internal"
            Console.current.err("error: [\(code)] case \(caseID): \(error) (its timers stay pending)")
        }
        if !run.failed.isEmpty { throw ExitCode(1) }
    }
}

struct ListTimers: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "The pending timers of open cases, earliest first, at their instants in the agency's zone."
    )

    @Option(help: "Only timers due by this instant (+07:00 unless an offset is given).") var until: String?
    @Option(help: "At most this many cases.") var limit: Int = 1000
    @OptionGroup var scope: TimerScope
    @OptionGroup var store: StoreOptions

    func validate() throws {
        _ = try parseInstant(until, offset: 0)
        guard limit > 0 else { throw ValidationError("--limit must be positive") }
    }

    struct Row: Encodable {
        var caseID: String
        var step: String
        var timer: Int
        var action: StepTimer.Action
        var at: String
    }

    func run() async throws {
        let service = CaseService(store: try await store.openStore(.read), clock: systemClock)
        let pending: [CaseService.PendingCaseTimer]
        if let until = try parseInstant(until, offset: 7 * 3600) {
            pending = try await service.pendingTimers(sopIDs: scope.filter, until: until, limit: limit).filter { $0.timer.at <= until }
        } else {
            pending = try await service.pendingTimers(sopIDs: scope.filter, limit: limit)
        }
        let rows = pending.map {
            Row(caseID: $0.caseID, step: $0.timer.step, timer: $0.timer.timer, action: $0.timer.action,
                at: $0.timer.at.iso8601(utcOffsetSeconds: $0.calendar.utcOffsetSeconds))
        }
        switch store.format {
        case .json:
            Console.current.out(try JSON.encode(rows))
        case .text:
            var table = TextTable([("Case", 24), ("Step", 24), ("Action", 8), ("At", 22)])
            for p in pending {
                table.add([p.caseID, p.timer.step, p.timer.action.rawValue,
                           "\(p.timer.at.localMinute(utcOffsetSeconds: p.calendar.utcOffsetSeconds)) \(p.calendar.zoneAbbreviation)"])
            }
            Console.current.out(table.render())
            Console.current.out("\(pending.count) pending timer\(pending.count == 1 ? "" : "s")")
        }
    }
}
