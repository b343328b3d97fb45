import Foundation
import SOPCore
import Testing
import SOPLoader

/// Inputs that once crashed the engine (Fixtures/crashes, filled by `.ci/fuzz.sh` and
/// `.ci/mutate_validate.py`), replayed as the fuzz target reads them: each must come back as
/// located error diagnostics, and whatever loads cleanly must also survive its timelines.
@Suite struct CrashCorpusTests {
    static let directory = Repository.fixtures + "/crashes"

    static var files: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { !$0.hasPrefix(".") && $0 != "README.md" }.sorted()
    }

    @Test(arguments: files)
    func isReportedNotCrashedOn(_ name: String) throws {
        let data = try #require(FileManager.default.contents(atPath: Self.directory + "/" + name))
        // A copy of sops/, so the input's `extends:` and `calendar:` find the shipped files.
        let sops = Repository.temporaryDirectory().appendingPathComponent("sops").path
        try FileManager.default.copyItem(atPath: Repository.path("sops"), toPath: sops)
        defer { try? FileManager.default.removeItem(atPath: sops) }

        let sopPath = sops + "/" + name
        let read = YAMLReader.parse(data: data, file: sopPath)
        let diagnostics: [Diagnostic]
        if read.isCalendar {
            let path = sops + "/calendars/" + name
            try data.write(to: URL(fileURLWithPath: path))
            let result = CalendarLoader.load(path: path)
            diagnostics = result.diagnostics
            Self.render(diagnostics, texts: String(data: data, encoding: .utf8).map { [path: $0] } ?? [:])
            if let calendar = result.calendar {
                for sop in try Self.shippedSOPs(in: sops) { Self.timelines(of: sop, on: calendar) }
            }
        } else {
            // By its absolute path and by a relative one: the variant resolver treats them apart.
            var all: [Diagnostic] = []
            for path in [sopPath, Self.relative(sopPath)] {
                let result = SOPLoader.load(parsed: YAMLReader.parse(data: data, file: path), file: path)
                all += result.diagnostics
                Self.render(result.diagnostics, texts: result.texts)
                if let sop = result.validDefinition, let calendar = SOPLoader.calendar(for: sop, sopPath: path)?.calendar {
                    Self.timelines(of: sop, on: calendar)
                }
                #expect(result.diagnostics.hasErrors, "\(name) loads as \(path) without errors: \(result.diagnostics.map { $0.rendered() })")
            }
            diagnostics = all
        }
        #expect(diagnostics.hasErrors, "\(name) loads without errors: \(diagnostics.map { $0.rendered() })")
        #expect(diagnostics.allSatisfy { $0.location != nil }, "\(diagnostics.map { $0.rendered() })")
    }

    /// `path` (absolute) relative to the current directory.
    static func relative(_ path: String) -> String {
        let here = FileManager.default.currentDirectoryPath.split(separator: "/")
        return String(repeating: "../", count: here.count) + path.drop { $0 == "/" }
    }

    /// Renders the diagnostics as `sop validate` prints them, source lines and all.
    static func render(_ diagnostics: [Diagnostic], texts: [String: String]) {
        for d in diagnostics {
            let lines = d.location.flatMap { texts[$0.file] }?.sourceLines
            #expect(!d.rendered(sourceLines: lines).isEmpty)
        }
    }

    static func shippedSOPs(in folder: String) throws -> [SOPDefinition] {
        try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".yaml") }.sorted()
            .compactMap { SOPLoader.load(path: folder + "/" + $0).validDefinition }
    }

    /// The standard timelines the fuzz target computes: from the first office morning covered,
    /// late in the last year, and its last minute.
    static func timelines(of sop: SOPDefinition, on calendar: WorkingCalendar) {
        let years = calendar.definition.years, offset = calendar.utcOffsetSeconds
        let starts = [(years.lowerBound, 1, 2, 9, 0), (years.upperBound, 11, 30, 16, 0), (years.upperBound, 12, 31, 23, 59)]
            .compactMap { y, m, d, h, min in CivilDate(year: y, month: m, day: d).map { Instant(date: $0, hour: h, minute: min, utcOffsetSeconds: offset) } }
        for start in starts {
            guard let timeline = try? StandardTimeline(sop: sop, calendar: calendar, start: start) else { continue }
            for entry in timeline.entries {
                if let time = entry.step.time { _ = try? calendar.isOnTime(start: entry.start, end: entry.due, standard: time) }
            }
        }
    }
}
