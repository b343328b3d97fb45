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
        // A finding located in a base file is about the base: reported once, in the base's own
        // report when the base is linted in this run, otherwise once for all the variants that
        // inherit it. A finding the variant's own content draws at a base line (a step it removed
        // leaves an output unused) is not the base's, so it stays with the variant.
        var own: [Diagnostic.Key: Int] = [:]
        var inherited: [(report: Int, diagnostic: Diagnostic, by: [String])] = []
        var inheritedIndex: [Diagnostic.Key: Int] = [:]
        for file in files {
            let read = YAMLReader.read(path: file)
            if read.isCalendar { continue }
            let result = SOPLoader.load(parsed: read, file: file)
            var diagnostics = result.diagnostics
            if let sop = result.validDefinition {
                for d in linter.lint(sop, sourceMap: result.sourceMap) {
                    guard let at = d.location?.file, at != file else {
                        own[d.key] = reports.count
                        diagnostics.append(d)
                        continue
                    }
                    if let k = inheritedIndex[d.key] {
                        inherited[k].by.append(file)
                    } else {
                        inheritedIndex[d.key] = inherited.count
                        inherited.append((reports.count, d, [file]))
                    }
                }
            }
            reports.append(FileReport(file: file, kind: "sop", diagnostics: diagnostics, texts: result.texts))
        }
        for (report, d, by) in inherited where own[d.key] == nil {
            var d = d
            d.message += " (inherited by \(by.joined(separator: ", ")))"
            reports[report].diagnostics.append(d)
        }
        for i in reports.indices { reports[i].diagnostics = reports[i].diagnostics.sortedForOutput() }
        try FileReport.finish(reports, format: format, strict: strict, warningsKey: "findings") { errors, findings in
            "linted \(reports.count) SOP\(reports.count == 1 ? "" : "s"): \(errors) error\(errors == 1 ? "" : "s"), \(findings) finding\(findings == 1 ? "" : "s")"
        }
    }
}

extension Diagnostic {
    /// A finding by rule, place and advice (its message names step numbers, which a variant shifts):
    /// the same finding drawn through a base and its variants.
    fileprivate struct Key: Hashable {
        var code: String, file: String?, line: Int?, column: Int?, hint: String?
    }

    /// The file is compared as a path on disk, however it was written ("sops/x.yaml", "/work/sops/x.yaml").
    fileprivate var key: Key {
        Key(code: code, file: location.map { URL(fileURLWithPath: $0.file).standardizedFileURL.path },
            line: location?.line, column: location?.column, hint: hint)
    }
}
