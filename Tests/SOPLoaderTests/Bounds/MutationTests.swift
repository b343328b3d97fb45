import Foundation
import SOPCore
import Testing
@testable import SOPLoader

/// Seeded mutations of the shipped SOPs and calendars: every one loads to a definition or to
/// located diagnostics, never a crash (issue #16, finding 4). The same seed gives the same
/// inputs, so a failure here is reproducible; the coverage-guided fuzzing runs in CI
/// separately, and the inputs it found crashing are replayed from `Fixtures/crashes/`.
@Suite struct MutationTests {
    static let seeds: [String] = {
        let dirs = [Repository.path("sops"), Repository.path("sops/calendars")]
        return dirs.flatMap { dir in
            ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
                .map { dir + "/" + $0 }
        }
    }()

    /// Edits that reach the loader's limits: bytes flipped, lines cut, brackets and big numbers
    /// inserted, line ends changed, a line repeated.
    static func mutate(_ bytes: [UInt8], _ rng: inout SeededGenerator) -> [UInt8] {
        var b = bytes
        let edits = 1 + Int(rng.next() % 4)
        for _ in 0..<edits {
            guard !b.isEmpty else { break }
            let at = Int(rng.next() % UInt64(b.count))
            switch rng.next() % 9 {
            case 0: b[at] = UInt8(truncatingIfNeeded: rng.next())
            case 1: b.removeSubrange(at..<min(b.count, at + Int(rng.next() % 64)))
            case 2: b.insert(contentsOf: Array(repeating: UInt8(ascii: "["), count: Int(rng.next() % 200)), at: at)
            case 3: b.insert(contentsOf: Array(" 9223372036854775807".utf8), at: at)
            case 4: b.insert(contentsOf: Array(" 99999999999999999999_9".utf8), at: at)
            case 5: b = b.map { $0 == UInt8(ascii: "\n") ? UInt8(ascii: "\r") : $0 }
            case 6: b.insert(contentsOf: Array("\n  extends: s\n".utf8), at: at)
            case 7: b.insert(contentsOf: Array("{a: [*x, &y {}], ? [1]: !!int 0x_}".utf8), at: at)
            default:
                let start = b[..<at].lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
                let end = b[at...].firstIndex(of: UInt8(ascii: "\n")) ?? b.count
                b.insert(contentsOf: b[start..<end] + [UInt8(ascii: "\n")], at: start)
            }
        }
        return b
    }

    func check(_ bytes: [UInt8], file: String) {
        let read = YAMLReader.parse(data: Data(bytes), file: file)
        let result = read.isCalendar ? nil : SOPLoader.load(parsed: read, file: file)
        var diagnostics = result?.diagnostics ?? read.diagnostics
        if read.isCalendar, let root = read.root {
            var decoder = CalendarDecoder(file: file)
            if let calendar = decoder.decode(root), let years = calendar.years, decoder.d.diagnostics.isEmpty,
               let hours = calendar.officeHours {
                // A calendar that decodes compiles, and its arithmetic answers.
                let compiled = WorkingCalendar(CalendarDefinition(id: "m", name: "m", timeZone: "UTC", utcOffsetSeconds: 0,
                                                                  years: years, officeHours: hours, holidays: calendar.holidays))
                let start = Instant(date: CivilDate(year: years.lowerBound, month: 6, day: 1)!, hour: 9, minute: 0, utcOffsetSeconds: 0)
                _ = try? compiled.due(from: start, adding: StandardTime(60, .workingDays))
            }
            diagnostics += decoder.d.diagnostics
        }
        #expect(diagnostics.allSatisfy { $0.location != nil && $0.location!.line >= 1 && $0.location!.column >= 1 })
        // Rendering with the source lines must not trap either.
        let lines = read.text?.sourceLines
        for d in diagnostics { _ = d.rendered(sourceLines: lines) }
        if let time = result?.validDefinition?.steps.compactMap(\.time).first(where: { !$0.isWithinLimits }) {
            Issue.record("\(file): a valid definition holds \(time)")
        }
    }

    @Test func seededMutationsNeverCrash() throws {
        try #require(!Self.seeds.isEmpty)
        var rng = SeededGenerator(seed: 16)
        for n in 0..<600 {
            let seed = Self.seeds[n % Self.seeds.count]
            let bytes = [UInt8](FileManager.default.contents(atPath: seed) ?? Data())
            check(Self.mutate(bytes, &rng), file: "mutant-\(n).yaml")
        }
    }

    /// Inputs that crashed the engine once (found by fuzzing), replayed on every test run.
    @Test func theCrashCorpusLoadsWithoutCrashing() {
        let dir = Repository.fixtures + "/crashes"
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
        for name in files where !name.hasPrefix(".") && !name.hasSuffix(".md") {
            let bytes = [UInt8](FileManager.default.contents(atPath: dir + "/" + name) ?? Data())
            check(bytes, file: name)
        }
    }
}
