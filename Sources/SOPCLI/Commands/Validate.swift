import ArgumentParser
import Foundation
import SOPCore
import SOPLoader

/// `sop validate [PATH ...]`: check SOP and calendar files, reporting every problem.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check SOP and calendar files and report every problem with file:line:column.",
        discussion: "Exit status: 0 no errors (warnings allowed), 1 errors found, 2 usage error."
    )

    @Argument(help: "Files or folders to check (folders are searched for *.yaml).")
    var paths: [String] = ["sops"]

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    func run() throws {
        let (files, missing) = InputFiles.expand(paths)
        var reports: [FileReport] = missing.map { FileReport(file: $0.location?.file ?? "", kind: nil, diagnostics: [$0], texts: [:]) }
        // Files are independent: load them on all cores, report in the given order.
        for (file, loaded) in zip(files, files.concurrentMap { DefinitionFile.load(path: $0) }) {
            reports.append(FileReport(file: file, kind: loaded.kind, diagnostics: loaded.diagnostics, texts: loaded.texts))
        }
        let all = reports.flatMap(\.diagnostics)
        let errors = all.errorCount + (strict ? all.warningCount : 0)
        switch format {
        case .text:
            for report in reports { printDiagnostics(report.diagnostics, texts: report.texts) }
            let summary = "checked \(files.count) file\(files.count == 1 ? "" : "s"): \(all.errorCount) error\(all.errorCount == 1 ? "" : "s"), \(all.warningCount) warning\(all.warningCount == 1 ? "" : "s")"
            if errors > 0 { Console.current.err(summary) } else { Console.current.out(summary) }
        case .json:
            struct Output: Encodable {
                var files: [FileReport]
                var errors: Int
                var warnings: Int
            }
            Console.current.out(try JSON.encode(Output(files: reports, errors: all.errorCount, warnings: all.warningCount)))
        }
        if errors > 0 { throw ExitCode(1) }
    }
}

struct FileReport: Encodable {
    var file: String
    var kind: String?
    var diagnostics: [Diagnostic]
    var texts: [String: String]

    enum CodingKeys: String, CodingKey { case file, kind, diagnostics }
}
