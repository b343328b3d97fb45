import Foundation
import SOPCore
import Testing
@testable import SOPLoader

/// Bounds are checked where values enter: every limit of the loader gives a located
/// diagnostic with its own code, never a crash (issue #16, findings 1, 2 and 8).
@Suite struct BoundsTests {
    func load(_ text: String) -> [Diagnostic] { SOPLoader.load(text: text, file: "b.yaml").diagnostics }

    func withTime(_ time: String) -> String {
        RuleExample.base.replacing("{value: 5, unit: working-days}", with: time, maxReplacements: 1)
    }

    /// Line and column of the time value in ``withTime(_:)``'s file.
    static let timeValue = (line: 31, column: 19)

    @Test(arguments: [
        "{value: 9223372036854775807, unit: minutes}",
        "{value: 150000000000000000, unit: minutes}",
        "{value: 2600000000000000, unit: hours}",
        "{value: 107000000000000, unit: calendar-days}",
        "{value: 9223372036854775807, unit: working-days}",
        "{value: 99999999999999999999999, unit: minutes}",
        "{value: 52_560_001, unit: minutes}",
        "{value: 876001, unit: hours}",
        "{value: 36501, unit: calendar-days}",
        "{value: 1e300, unit: minutes}",
    ])
    func tooLongATimeIsLocatedAtItsValue(_ time: String) {
        let d = load(withTime(time))
        #expect(d.map(\.code) == ["SOP037"], "\(d.map { $0.rendered() })")
        #expect(d.first?.location == SourceLocation(file: "b.yaml", line: Self.timeValue.line, column: Self.timeValue.column))
    }

    @Test(arguments: [
        "{value: 52560000, unit: minutes}", "{value: 876_000, unit: hours}",
        "{value: 36500, unit: working-days}", "{value: 36500, unit: calendar-days}",
    ])
    func theLongestTimeIsAccepted(_ time: String) {
        let result = SOPLoader.load(text: withTime(time), file: "b.yaml")
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map { $0.rendered() })")
        #expect(result.definition?.steps[1].time?.isWithinLimits == true)
    }

    @Test func numbersReadAsTheSchemaToolsReadThem() throws {
        let result = SOPLoader.load(text: withTime("{value: 1_000_000, unit: minutes}"), file: "b.yaml")
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map { $0.rendered() })")
        #expect(result.definition?.steps[1].time == StandardTime(1_000_000, .minutes))
        let hex = SOPLoader.load(text: withTime("{value: 0x10, unit: hours}"), file: "b.yaml")
        #expect(hex.definition?.steps[1].time == StandardTime(16, .hours))
    }

    @Test func integersPastSixtyFourBitsAreLocated() {
        let text = RuleExample.base.replacing("  - no: 2\n", with: "  - no: 99999999999999999999\n", maxReplacements: 1)
        let d = load(text)
        let at = SourceLocation(file: "b.yaml", line: 24, column: 9)
        #expect(d.contains { $0.code == "SOP013" && $0.location == at }, "\(d.map { $0.rendered() })")
        #expect(!d.contains { $0.code == "SOP010" })
    }

    // MARK: Nesting

    @Test func deepFlowSequencesAreRefusedWhereTheLimitIsPassed() {
        let text = String(repeating: "[", count: 20_000) + String(repeating: "]", count: 20_000) + "\n"
        let d = load(text)
        #expect(d.map(\.code) == ["SOP008"])
        #expect(d.first?.location == SourceLocation(file: "b.yaml", line: 1, column: YAMLReader.maximumNestingDepth + 1))
    }

    @Test func deepFlowMappingsAreRefused() {
        let text = String(repeating: "{a: ", count: 20_000) + "1" + String(repeating: "}", count: 20_000) + "\n"
        #expect(load(text).map(\.code) == ["SOP008"])
    }

    @Test func deepBlockSequencesAreRefused() {
        // `- - - - x`: each dash opens a block sequence one level deeper.
        let text = String(repeating: "- ", count: 10_000) + "x\n"
        let d = load(text)
        #expect(d.map(\.code) == ["SOP008"])
        #expect(d.first?.location?.line == 1)
    }

    @Test func deepBlockMappingsAreRefused() {
        var text = ""
        for i in 0..<2_000 { text += String(repeating: " ", count: i) + "a:\n" }
        let d = load(text)
        #expect(d.map(\.code) == ["SOP008"])
        #expect(d.first?.location?.line == YAMLReader.maximumNestingDepth + 1)
    }

    @Test func nestingUpToTheLimitIsParsed() {
        let depth = YAMLReader.maximumNestingDepth
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n"
        let read = YAMLReader.parse(text: text, file: "n.yaml")
        #expect(read.diagnostics.isEmpty)
        #expect(read.root != nil)
    }

    // MARK: Long files

    /// A valid SOP of `count` steps in one chain, written in order or backwards.
    static func chain(_ count: Int, backwards: Bool = false) -> String {
        let head = RuleExample.base[..<RuleExample.base.range(of: "steps:\n")!.upperBound]
        var rows = ["  - {no: 1, id: s1, kind: start, actor: pengadu, activity: Mengajukan, inputs: [form-pengaduan], next: s2}\n"]
        for n in 2..<count {
            let outputs = n == 2 ? ", outputs: [surat-balasan]" : ""
            rows.append("  - {no: \(n), id: s\(n), kind: task, actor: petugas, activity: Tahap \(n), inputs: [form-pengaduan]\(outputs), next: s\(n + 1)}\n")
        }
        rows.append("  - {no: \(count), id: s\(count), kind: end, actor: pengadu, activity: Menerima, inputs: [surat-balasan]}\n")
        if backwards {
            rows.reverse()
            rows = rows.enumerated().map { i, row in row.replacing(/no: \d+/, with: "no: \(i + 1)", maxReplacements: 1) }
        }
        return head + rows.joined()
    }

    @Test(arguments: [false, true])
    func aChainOfThousandsOfStepsValidates(backwards: Bool) {
        // 6,000 steps, close to the 1 MiB limit: the graph checks used to recurse once per step
        // (a stack overflow on a worker thread) and to copy every step id once per step.
        let text = Self.chain(6_000, backwards: backwards)
        #expect(text.utf8.count < YAMLReader.maximumFileSize)
        let result = SOPLoader.load(text: text, file: "long.yaml")
        // The steps have no time: one SOP044 warning each, and nothing else.
        let others = result.diagnostics.filter { $0.code != Rule.missingTime.code }
        #expect(others.isEmpty, "\(others.prefix(3).map { $0.rendered() })")
        #expect(result.diagnostics.count == 6_000 - 1)
        #expect(result.definition?.steps.count == 6_000)
    }

    // MARK: Files that are not files

    @Test func devicesAreRefusedWithoutReadingThem() {
        for path in ["/dev/null", "/dev/zero"] where FileManager.default.fileExists(atPath: path) {
            let d = YAMLReader.read(path: path).diagnostics
            #expect(d.map(\.code) == ["SOP007"], "\(path): \(d)")
            #expect(d.first?.location == SourceLocation(file: path, line: 1, column: 1))
        }
    }

    @Test func aSymbolicLinkIsReadAsItsFile() throws {
        let dir = Repository.temporaryDirectory()
        let link = dir.appendingPathComponent("link.yaml").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: Repository.lamandau)
        #expect(YAMLReader.read(path: link).diagnostics.isEmpty)
    }

    @Test func aLargeFileIsReadOnlyUpToTheLimit() throws {
        let dir = Repository.temporaryDirectory()
        let path = dir.appendingPathComponent("big.yaml").path
        try Data(repeating: UInt8(ascii: "#"), count: 3 * YAMLReader.maximumFileSize).write(to: URL(fileURLWithPath: path))
        #expect(YAMLReader.read(path: path).diagnostics.map(\.code) == ["SOP004"])
    }
}
