import ArgumentParser
import Foundation
import SOPCore
import SOPLoader
import SOPNotify
import SOPServer

/// `sop notify ...`: the reminders and escalations waiting in a deployment's outbox.
struct NotifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify",
        abstract: "Send the reminders and escalations waiting in a deployment's outbox (for cron, beside `sop timers run`).",
        subcommands: [RunNotify.self]
    )
}

struct RunNotify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "One pass of the notifier: every pending notice made into e-mails and webhook posts, every due one sent.",
        discussion: """
        `sop serve` does the same every timer interval; this is for deployments that fire timers \
        from cron (`sop timers run --db FILE && sop notify run --config FILE`). Each delivery is \
        claimed for a lease before it is sent, so a server and a cron job on the same database \
        never send it twice at once; a failed one is retried by a later pass, with backoff. \
        Exits 1 when a delivery was given up in this pass (its error is on the case page).
        """
    )

    @Option(help: "The deployment file (its notifications, officers and database).") var config: String
    @Option(help: "\"Now\" (default: the current time; +07:00 unless an offset is given).") var at: String?
    @Option(help: "At most this many notices and deliveries in this pass.") var limit: Int = 500
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    func validate() throws {
        _ = try parseInstant(at, offset: 0)
        guard limit > 0 else { throw ValidationError("--limit must be positive") }
    }

    func run() async throws {
        let now = try parseInstant(at, offset: 7 * 3600)
        var loaded = try await loadServerConfig(config)
        if let now { loaded.clock = { now } }
        let d = loaded.deployment
        let officers = OfficerDirectory(d.officers, file: d.officersFile)
        guard let notifier = Notifier(loaded, roster: { officers.roster }) else {
            Console.current.err("error: \(config) sends no notifications: give it notifications.smtp or notifications.webhook")
            throw ExitCode(1)
        }
        let limit = self.limit
        let run = try await notifier.runOnce(limit: limit)
        switch format {
        case .json:
            Console.current.out(try JSON.encode(run))
        case .text:
            Console.current.out("\(run.noticesExpanded) notice\(run.noticesExpanded == 1 ? "" : "s") read; "
                                + "\(run.sent) sent, \(run.retrying) to retry, \(run.failed) given up")
        }
        if run.failed > 0 { throw ExitCode(1) }
    }
}
