import ArgumentParser
import Foundation
import SOPCore

/// The `sop` command line.
public struct SOPCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "sop",
        abstract: "Load, check and run Indonesian SOP-AP procedures written as YAML.",
        subcommands: [Validate.self, Show.self, List.self, Due.self, Timeline.self, Compare.self, CalendarCommand.self, CaseCommand.self,
                      Simulate.self, Report.self, Export.self, Resolve.self, Diff.self, New.self, Lint.self, Render.self, Deploy.self, Serve.self, Demo.self, Rules.self, Verify.self, TimersCommand.self, NotifyCommand.self, Backup.self, Restore.self, StoreCommand.self]
    )

    public init() {}

    /// Runs `arguments` (without the program name) and returns the process exit status:
    /// 0 success, 1 the input has errors or the action was refused, 2 usage error, 70 a fault of
    /// the engine. Every error of the engine's own layers is printed once here, as
    /// `error: [code] message`, with its status from `ErrorKind.exitStatus`.
    public static func run(_ arguments: [String]) async -> Int32 {
        do {
            var command = try parseAsRoot(arguments)
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
            return 0
        } catch let e as any CodedError {
            Console.current.err(e.kind == .internal ? "error: [\(e.code)] internal error: \(e)" : "error: [\(e.code)] \(e)")
            return e.kind.exitStatus
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { Console.current.out(message) }
                return 0
            }
            if !message.isEmpty { Console.current.err(message) }
            if code == .validationFailure { return 2 }
            return code.rawValue
        }
    }
}

/// Prints `diagnostics` compiler-style on standard error, with the source line under each
/// (`texts` holds every file's text by displayed path: a variant's diagnostics may point into its base).
func printDiagnostics(_ diagnostics: [Diagnostic], texts: [String: String]) {
    var lines: [String: [Substring]] = [:]
    for d in diagnostics {
        let file = d.location?.file ?? ""
        if lines[file] == nil, let text = texts[file] { lines[file] = text.sourceLines }
        Console.current.err(d.rendered(sourceLines: lines[file]))
    }
}
