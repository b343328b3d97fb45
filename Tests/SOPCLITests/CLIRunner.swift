import Foundation
@testable import SOPCLI

/// Runs `sop` in-process with captured output.
struct CLIRun {
    var status: Int32
    var out: String
    var err: String
}

enum CLI {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    static func run(_ arguments: String...) async -> CLIRun { await run(arguments) }

    static func run(_ arguments: [String]) async -> CLIRun {
        let console = Console(capturing: true)
        let status = await Console.$current.withValue(console) { await SOPCommand.run(arguments) }
        return CLIRun(status: status, out: console.standardOutput, err: console.standardError)
    }

    static func temporaryFile(_ name: String, _ text: String) -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sop-cli-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try? text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }
}
