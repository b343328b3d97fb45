import ArgumentParser
import Foundation
import Hummingbird
import SOPCore
import SOPServer

/// `sop serve --config FILE`: the deployment's HTTP API.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve a deployment's JSON API: SOPs, cases, step completion with documents, task queues, public complaints.",
        discussion: "Stops gracefully on SIGINT or SIGTERM: requests in flight are finished first."
    )

    @Option(help: "The deployment file (see `sop deploy check`).") var config: String
    @Option(help: "Listen on this port instead of the deployment's.") var port: Int?
    @Option(help: "Listen on this address instead of the deployment's.") var host: String?

    func run() throws {
        let loaded: ServerConfig
        do {
            loaded = try ServerConfig.load(path: config, clock: systemClock)
        } catch let e as ServerConfig.LoadError {
            printDiagnostics(e.diagnostics, texts: e.texts)
            if let message = e.message { Console.current.err("error: \(message)") }
            throw ExitCode(1)
        }
        Console.current.out("serving \(loaded.deployment.agency) on \(host ?? loaded.deployment.host):\(port ?? loaded.deployment.port)")
        // The command line is synchronous; the server runs on Swift concurrency until it is stopped.
        let app = try buildApplication(loaded, host: host, port: port)
        let finished = DispatchSemaphore(value: 0)
        let failure = FailureBox()
        Task {
            do { try await app.runService() } catch { failure.set(error) }
            finished.signal()
        }
        finished.wait()
        if let error = failure.error {
            Console.current.err("error: \(error)")
            throw ExitCode(1)
        }
    }
}

/// The error a background task ended with.
final class FailureBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: (any Error)?
    func set(_ error: any Error) { lock.withLock { stored = error } }
    var error: (any Error)? { lock.withLock { stored } }
}
