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
        try FileReport.finish(reports, format: format, strict: strict, warningsKey: "warnings") { errors, warnings in
            "checked \(files.count) file\(files.count == 1 ? "" : "s"): \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
        }
    }
}

struct FileReport: Encodable {
    var file: String
    var kind: String?
    var diagnostics: [Diagnostic]
    var texts: [String: String]

    enum CodingKeys: String, CodingKey { case file, kind, diagnostics }
}

extension FileReport {
    /// Prints `reports` compiler-style with the `summary` line, or as JSON (`files`, `errors` and
    /// the warnings under `warningsKey`), and exits 1 when there are errors (or, with `strict`, warnings).
    static func finish(_ reports: [FileReport], format: OutputFormat, strict: Bool, warningsKey: String,
                       summary: (_ errors: Int, _ warnings: Int) -> String) throws {
        let all = reports.flatMap(\.diagnostics)
        let failing = all.errorCount + (strict ? all.warningCount : 0)
        switch format {
        case .text:
            for report in reports { printDiagnostics(report.diagnostics, texts: report.texts) }
            let line = summary(all.errorCount, all.warningCount)
            if failing > 0 { Console.current.err(line) } else { Console.current.out(line) }
        case .json:
            Console.current.out(try JSON.encode(Output(files: reports, errors: all.errorCount, warnings: all.warningCount, warningsKey: warningsKey)))
        }
        if failing > 0 { throw ExitCode(1) }
    }

    private struct Output: Encodable {
        var files: [FileReport]
        var errors: Int
        var warnings: Int
        var warningsKey: String

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(files, forKey: Key(stringValue: "files"))
            try c.encode(errors, forKey: Key(stringValue: "errors"))
            try c.encode(warnings, forKey: Key(stringValue: warningsKey))
        }
    }
}
