import ArgumentParser
import Foundation
import SOPCore
import SOPLoader

/// `sop lint [PATH ...]`: advice beyond validity (rules SOP070 onwards).
struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Advice beyond validity: steps without a time, activity text naming another lane, time above the legal limits, unbounded revision loops, outputs nobody uses.",
        discussion: "Files are validated first. Exit status: 0 when there are no errors (lint findings are warnings; --strict makes them count), 1 otherwise, 2 usage error."
    )

    @Argument(help: "SOP files or folders (default: sops/).") var paths: [String] = ["sops"]
    @Option(name: .customLong("max-rounds"), help: "Revision loops may send a case back at most this often.") var maxRounds: Int = 3
    @Option(name: .customLong("legal-days"), help: "working or calendar days for the legal limits.") var legalDays: Report.DayKind = .working
    @Option(help: "text or json.") var format: OutputFormat = .text
    @Flag(help: "Treat lint findings as errors.") var strict = false

    func validate() throws {
        guard maxRounds >= 1 else { throw ValidationError("--max-rounds must be at least 1") }
    }

    func run() throws {
        let (files, missing) = InputFiles.expand(paths)
        let linter = Linter(maxRounds: maxRounds, limits: LegalLimit.undangUndang25of2009(unit: legalDays == .working ? .workingDays : .calendarDays))
        var reports: [FileReport] = missing.map { FileReport(file: $0.location?.file ?? "", kind: nil, diagnostics: [$0], texts: [:]) }
        for file in files {
            let read = YAMLReader.read(path: file)
            if read.isCalendar { continue }
            let result = SOPLoader.load(parsed: read, file: file)
            var diagnostics = result.diagnostics
            if let sop = result.validDefinition {
                // Findings located in a base file are about this variant too: say so.
                diagnostics += linter.lint(sop, sourceMap: result.sourceMap).map { d in
                    var d = d
                    if let at = d.location?.file, at != file { d.message += " (inherited by \(file))" }
                    return d
                }
            }
            reports.append(FileReport(file: file, kind: "sop", diagnostics: diagnostics.sortedForOutput(), texts: result.texts))
        }
        try FileReport.finish(reports, format: format, strict: strict, warningsKey: "findings") { errors, findings in
            "linted \(reports.count) SOP\(reports.count == 1 ? "" : "s"): \(errors) error\(errors == 1 ? "" : "s"), \(findings) finding\(findings == 1 ? "" : "s")"
        }
    }
}
