import ArgumentParser
import Foundation
import Hummingbird
import Logging
import SOPCore
import SOPServer

/// `sop serve --config FILE`: the deployment's HTTP API.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve a deployment's JSON API: SOPs, cases, step completion with documents, task queues, public complaints.",
        discussion: "Stops gracefully on SIGINT or SIGTERM: requests in flight are finished first."
    )

    @Option(help: "The deployment file (see `sop deploy check`).") var config: String
    @Option(help: "Listen on this port instead of the deployment's.") var port: Int?
    @Option(help: "Listen on this address instead of the deployment's.") var host: String?

    func run() async throws {
        let loaded = try await loadServerConfig(config)
        _ = bufferedLogging
        Console.current.out("serving \(loaded.deployment.agency) on \(host ?? loaded.deployment.host):\(port ?? loaded.deployment.port)")
        let app = try await buildApplication(loaded, host: host, port: port)
        do {
            try await app.runService()
        } catch {
            Console.current.err("error: \(error)")
            throw ExitCode(1)
        }
    }
}

/// One line per request: gathered and written out every 100 ms, not one write each. Set up
/// once per process (swift-log refuses a second bootstrap).
private let bufferedLogging: Void = LoggingSystem.bootstrap { BufferedLogHandler(label: $0) }

/// The deployment at `path` with its SOPs, or its diagnostics printed and exit status 1.
func loadServerConfig(_ path: String) async throws -> ServerConfig {
    do {
        return try await ServerConfig.load(path: path, clock: systemClock)
    } catch let e as ServerConfig.LoadError {
        printDiagnostics(e.diagnostics, texts: e.texts)
        if let message = e.message { Console.current.err("error: \(message)") }
        throw ExitCode(1)
    }
}
