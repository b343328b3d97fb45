import Foundation
import SOPCore
import Testing
@testable import SOPLoader

/// Files an SOP names (the base it `extends`, its calendar) are read and checked by
/// `validate`, and every problem in them is located (issue #16, findings 3 and 5).
@Suite struct ReferencedFileTests {
    func write(_ files: [String: String], in dir: URL = Repository.temporaryDirectory()) -> URL {
        for (name, text) in files {
            let url = dir.appendingPathComponent(name)
            try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? text.write(to: url, atomically: true, encoding: .utf8)
        }
        return dir
    }

    // MARK: extends

    @Test(arguments: ["s", "z", "s/", "/", ".", "..", "./", "//", "s/..", "~", "v.yaml/"])
    func oddBasePathsAreLocatedDiagnostics(_ target: String) {
        let dir = write(["v.yaml": "format: sop/v1\nextends: \(target)\n", "s/keep.yaml": "x: 1\n"])
        let result = SOPLoader.load(path: dir.appendingPathComponent("v.yaml").path, displayPath: "v.yaml")
        #expect(result.definition == nil)
        #expect(result.diagnostics.contains { $0.code == "SOP060" && $0.location?.file == "v.yaml" && $0.location?.line == 2 },
                "\(target): \(result.diagnostics.map { $0.rendered() })")
    }

    // MARK: calendar

    static let sop = RuleExample.base.replacing("id: contoh-pengaduan\n", with: "id: contoh-pengaduan\ncalendar: CAL\n", maxReplacements: 1)

    func loadSOP(calendar: String, files: [String: String] = [:]) -> SOPLoader.Result {
        let sop = Self.sop.replacing("CAL", with: calendar, maxReplacements: 1)
        let dir = write(files.merging(["sop.yaml": sop]) { a, _ in a })
        return SOPLoader.load(path: dir.appendingPathComponent("sop.yaml").path, displayPath: "sop.yaml")
    }

    /// The SOP names its calendar on line 3, column 11.
    func expectRefused(_ result: SOPLoader.Result, calendarFile: String, code: String, line: Int) {
        let d = result.diagnostics
        #expect(d.contains { $0.code == "SOP036" && $0.location == SourceLocation(file: "sop.yaml", line: 3, column: 11) },
                "\(d.map { $0.rendered() })")
        #expect(d.contains { $0.code == code && $0.location?.file == calendarFile && $0.location?.line == line },
                "\(d.map { $0.rendered() })")
        #expect(result.validDefinition == nil)
    }

    @Test func aCalendarThatIsBrokenYAMLIsReportedInIt() {
        let result = loadSOP(calendar: "calendars/c.yaml",
                             files: ["calendars/c.yaml": "format: sop-calendar/v1\nid: c\nname: [C\n"])
        expectRefused(result, calendarFile: "calendars/c.yaml", code: "SOP001", line: 4)
        #expect(result.texts["calendars/c.yaml"] != nil)
    }

    @Test func etcPasswdIsNotACalendar() throws {
        try #require(FileManager.default.fileExists(atPath: "/etc/passwd"))
        let result = loadSOP(calendar: "/etc/passwd")
        #expect(result.diagnostics.contains { $0.code == "SOP036" && $0.location?.line == 3 }, "\(result.diagnostics.map { $0.rendered() })")
        #expect(result.diagnostics.contains { $0.location?.file == "/etc/passwd" && $0.isError })
    }

    @Test func devNullIsNotACalendar() {
        expectRefused(loadSOP(calendar: "/dev/null"), calendarFile: "/dev/null", code: "SOP007", line: 1)
    }

    @Test func aFolderIsNotACalendar() {
        let result = loadSOP(calendar: "calendars", files: ["calendars/keep.txt": "x"])
        expectRefused(result, calendarFile: "calendars", code: "SOP007", line: 1)
    }

    @Test func aCalendarWithWrongContentsIsReportedInIt() {
        let result = loadSOP(calendar: "c.yaml", files: ["c.yaml": "format: sop-calendar/v1\nid: c\nname: C\ntimeZone: Asia/Atlantis\nextends: \(Repository.path("sops/calendars/national.yaml"))\n"])
        expectRefused(result, calendarFile: "c.yaml", code: "SOP050", line: 4)
    }

    @Test func aBrokenBaseOfTheCalendarIsReportedInTheBase() {
        let result = loadSOP(calendar: "cal/agency.yaml", files: [
            "cal/agency.yaml": "format: sop-calendar/v1\nid: a\nname: A\nextends: national.yaml\n",
            "cal/national.yaml": "format: sop-calendar/v1\nid: n\nname: N\nyears: {from: 2026, to: x}\n",
        ])
        expectRefused(result, calendarFile: "cal/national.yaml", code: "SOP010", line: 4)
        #expect(result.diagnostics.contains { $0.code == "SOP051" && $0.location?.file == "cal/agency.yaml" && $0.location?.line == 4 })
    }

    @Test func aGoodCalendarAddsNothing() {
        let calendar = Repository.path("sops/calendars/serdang-bedagai.yaml")
        let dir = write(["sop.yaml": Self.sop.replacing("CAL", with: calendar, maxReplacements: 1)])
        let result = SOPLoader.load(path: dir.appendingPathComponent("sop.yaml").path, displayPath: "sop.yaml")
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map { $0.rendered() })")
    }
}
