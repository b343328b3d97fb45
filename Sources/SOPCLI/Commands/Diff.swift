import ArgumentParser
import Foundation
import SOPCore
import SOPLoader

/// `sop diff OLD NEW`: what changed between two SOP files, in an administrator's terms.
struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "A semantic diff of two SOP files or revisions: steps added, removed, moved, retimed, reassigned; lanes, documents, identity; total standard time.",
        discussion: "Exit status 0 in every case where both files load; the output says when nothing of substance changed."
    )

    @Argument(help: "The old SOP file.") var old: String
    @Argument(help: "The new SOP file.") var new: String
    @Option(help: "text or json.") var format: OutputFormat = .text

    struct JSONOutput: Encodable {
        var old: String
        var new: String
        var substance: Bool
        var changes: [SOPDiff.Entry]
        var totalBefore: String
        var totalAfter: String
    }

    func run() throws {
        let a = try loadValid(old)
        var b = try loadValid(new)
        // Two spellings of the path to one calendar file are the same calendar.
        if let ca = a.calendar, let cb = b.calendar,
           SOPLoader.calendarPath(ca, directory: Self.directory(old)) == SOPLoader.calendarPath(cb, directory: Self.directory(new)) {
            b.calendar = ca
        }
        let diff = SOPDiff(old: a, new: b)
        switch format {
        case .json:
            Console.current.out(try JSON.encode(JSONOutput(old: old, new: new, substance: diff.hasSubstance, changes: diff.entries,
                                                           totalBefore: diff.totalBefore, totalAfter: diff.totalAfter)))
        case .text:
            Console.current.out(Self.text(diff, old: old, new: new, sop: b))
        }
    }

    static func directory(_ path: String) -> String { URL(fileURLWithPath: path).deletingLastPathComponent().path }

    static let verbs: [String: String] = [
        "step-moved": "moved", "step-retimed": "retimed", "step-reassigned": "reassigned", "step-changed": "changed",
        "transition-changed": "leads elsewhere", "role-changed": "retitled", "document-changed": "renamed",
    ]

    static let symbols: [String: String] = [
        "step-added": "+", "step-removed": "-", "role-added": "+", "role-removed": "-", "document-added": "+", "document-removed": "-",
    ]

    static func text(_ diff: SOPDiff, old: String, new: String, sop: SOPDefinition) -> String {
        var out = "\(old) → \(new)\n"
        guard diff.hasSubstance else {
            return out + "No change of substance: the steps, lanes, documents, times and identity are the same "
                + "(comments, layout and provenance notes are not compared).\n"
        }
        let sections: [(String, (SOPDiff.Entry) -> Bool)] = [
            ("Identity and front page", { $0.kind == "field-changed" }),
            ("Lanes (roles)", { $0.kind.hasPrefix("role-") }),
            ("Documents", { $0.kind.hasPrefix("document-") }),
            ("Steps", { $0.kind.hasPrefix("step-") || $0.kind == "transition-changed" }),
        ]
        for (title, belongs) in sections {
            let entries = diff.entries.filter(belongs)
            guard !entries.isEmpty else { continue }
            out += "\n\(title):\n"
            for e in entries {
                let mark = symbols[e.kind] ?? "~"
                switch (e.kind, e.before, e.after) {
                case (_, nil, let b?) where mark == "+": out += "  + \(e.subject) (\(b))\n"
                case (_, let a?, nil) where mark == "-": out += "  - \(e.subject) (\(a))\n"
                case (_, nil, let b?): out += "  ~ \(e.subject) set: \(b)\n"
                case (_, let a?, nil): out += "  ~ \(e.subject) removed (was \(a))\n"
                case (let kind, let a, let b):
                    out += "  ~ \(e.subject) \(verbs[kind] ?? "changed"): \(a ?? "—") → \(b ?? "—")\n"
                }
            }
        }
        out += "\nTotal standard time (main path): \(diff.totalBefore) → \(diff.totalAfter)\n"
        return out
    }
}
