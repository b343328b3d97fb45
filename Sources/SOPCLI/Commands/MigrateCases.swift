import ArgumentParser
import Foundation
import SOPCore
import SOPLoader
import SOPStore

/// `sop case migrate --to FILE [--dry-run]`: publishes a revision of an SOP to its running cases.
struct MigrateCases: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Move the open cases of an SOP to a new revision of it.",
        discussion: """
        Every open case of the SOP (the id in FILE) moves to FILE's definition: each active step to the step \
        with the same id, or the one --map (or --map-file) names for it. Due instants are counted again under \
        the new standard times from when each step began, the time already spent counting and the office time \
        the clock stood still while the file was with the applicant added, across the holidays in between. \
        The move is recorded as events in each case's history, which replays under both definitions. \
        A case that cannot move is refused and named, and then no case moves (unless --skip-refused). \
        --dry-run prints what would change and stores nothing. Exit status: 0 when every case moved \
        (or would), 1 when one is refused, 2 usage error.
        """)

    @Option(help: "The new revision of the SOP file.") var to: String
    @Flag(name: .customLong("dry-run"), help: "Print what would change per case; store nothing.") var dryRun = false
    @Option(name: .customLong("map"), help: "OLD=NEW: an open step the revision renames or removes goes to NEW (repeatable).")
    var maps: [String] = []
    @Option(name: .customLong("map-file"), help: "A YAML file of `old-step: new-step` lines, as --map.") var mapFile: String?
    @Option(name: .customLong("case"), help: "Only this case (repeatable; default: every open case of the SOP).") var cases: [String] = []
    @Flag(name: .customLong("skip-refused"), help: "Move the cases that can move even when others are refused.") var skipRefused = false
    @Option(help: "Who publishes the revision (an officer id, recorded with the events).") var actor: String?
    @Option(help: "When (agency time unless an offset is given; default: now).") var at: String?
    @OptionGroup var store: StoreOptions

    func validate() throws {
        _ = try parseInstant(at, offset: 0)
        _ = try Self.parse(maps)
    }

    /// `OLD=NEW` pairs.
    static func parse(_ specs: [String]) throws -> [String: String] {
        var map: [String: String] = [:]
        for spec in specs {
            let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, SOPLoader.isID(parts[0]), SOPLoader.isID(parts[1]) else {
                throw ValidationError("--map takes OLD=NEW step ids, e.g. --map kaji-pengaduan=telaah-pengaduan (got '\(spec)')")
            }
            map[parts[0]] = parts[1]
        }
        return map
    }

    /// The `old: new` lines of a map file, every mistake located.
    static func readMapFile(_ path: String) throws -> [String: String] {
        let read = YAMLReader.read(path: path)
        var problems = read.diagnostics
        var map: [String: String] = [:]
        if let root = read.root {
            if case .mapping(let entries, _) = root {
                for e in entries {
                    guard case .scalar(let value, .string, _) = e.value, SOPLoader.isID(value), SOPLoader.isID(e.key) else {
                        problems.append(Diagnostic(.error, Rule.invalidValue.code, "'\(e.key)' must map a step id to a step id",
                                                   at: e.value.location, hint: "write `old-step: new-step`"))
                        continue
                    }
                    map[e.key] = value
                }
            } else {
                problems.append(Diagnostic(.error, Rule.wrongType.code, "a step map must be a mapping of `old-step: new-step` lines",
                                           at: root.location))
            }
        }
        guard !problems.hasErrors else {
            let lines = read.text?.split(separator: "\n", omittingEmptySubsequences: false)
            for d in problems { Console.current.err(d.rendered(sourceLines: lines)) }
            throw ExitCode(1)
        }
        return map
    }

    func run() async throws {
        let definition = try loadValid(to)
        let calendar = try agencyCalendar(of: definition, file: to)
        let when = try parseInstant(at, offset: calendar.utcOffsetSeconds) ?? systemClock()
        var map = try mapFile.map(Self.readMapFile) ?? [:]
        map.merge(try Self.parse(maps)) { _, command in command }
        let service = CaseService(store: try await store.openStore(dryRun ? .read : .write), clock: systemClock)
        let hash = definition.contentHash
        let run = try await service.migrate(to: definition, hash: hash, map: map, caseIDs: cases.isEmpty ? nil : cases,
                                            dryRun: dryRun, skipRefused: skipRefused, actor: actor, at: when)
        let offset = calendar.utcOffsetSeconds
        switch store.format {
        case .json:
            Console.current.out(try JSON.encode(run))
        case .text:
            Console.current.out(Self.text(run, sop: definition, hash: hash, file: to, offset: offset, zone: calendar.definition.zoneAbbreviation))
        }
        for r in run.refused { Console.current.err("error: [\(r.error.code)] \(r.error.description)") }
        if !run.refused.isEmpty { throw ExitCode(1) }
    }

    static func text(_ run: CaseService.MigrationRun, sop: SOPDefinition, hash: String, file: String, offset: Int, zone: String) -> String {
        func local(_ i: Instant?) -> String { i?.localMinute(utcOffsetSeconds: offset) ?? "—" }
        var out = "\(sop.identity.name) (\(sop.id)) → revision \(hash.prefix(12)) from \(file)\n"
        if !run.moved.isEmpty {
            var table = TextTable([("Case", 24), ("Step now", 22), ("Step after", 22), ("Due before (\(zone))", 18), ("Due after (\(zone))", 18)])
            for m in run.moved {
                table.add([m.caseID, "(case)", "", local(m.dueBefore), local(m.dueAfter)])
                for move in m.moves {
                    table.add(["", move.from, move.to == move.from ? "same" : move.to, local(move.dueBefore), local(move.dueAfter)])
                }
            }
            out += table.render() + "\n"
        }
        let n = run.moved.count
        if n == 0 && run.refused.isEmpty {
            out += "no case to move"
        } else {
            let verb = run.stored ? "moved" : run.dryRun ? "would move (dry run: nothing stored)" : "not moved (a case was refused; nothing stored)"
            out += "\(n) case\(n == 1 ? "" : "s") \(verb)"
        }
        if !run.current.isEmpty { out += "; \(run.current.count) already on this revision" }
        if !run.refused.isEmpty { out += "; \(run.refused.count) refused: " + run.refused.map(\.caseID).joined(separator: ", ") }
        return out
    }
}
