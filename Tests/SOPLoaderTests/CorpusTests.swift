import Foundation
import SOPCore
import Testing
@testable import SOPLoader

/// The corpus of broken SOP files: each states, in `# expect: CODE severity line:column`
/// lines at its top, exactly the diagnostics the loader must report.
@Suite struct CorpusTests {
    static let directory = Repository.fixtures + "/invalid"

    static var files: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".yaml") }.sorted()
    }

    struct Expectation: Hashable, Comparable, CustomStringConvertible {
        var code: String
        var severity: String
        var line: Int
        var column: Int
        var description: String { "\(code) \(severity) \(line):\(column)" }
        static func < (a: Self, b: Self) -> Bool { (a.line, a.column, a.code) < (b.line, b.column, b.code) }
    }

    /// `# expect:` lines, read from the raw bytes (some fixtures are binary after them).
    static func expectations(_ data: Data) -> [Expectation] {
        let text = String(decoding: data.prefix(4096), as: UTF8.self)
        return text.sourceLines.compactMap { line -> Expectation? in
            guard line.hasPrefix("# expect: ") else { return nil }
            let parts = line.dropFirst("# expect: ".count).split(separator: " ")
            guard parts.count == 3 else { return nil }
            let position = parts[2].split(separator: ":")
            guard position.count == 2, let l = Int(position[0]), let c = Int(position[1]) else { return nil }
            return Expectation(code: String(parts[0]), severity: String(parts[1]), line: l, column: c)
        }
    }

    @Test func theCorpusIsLargeEnough() {
        #expect(Self.files.count >= 25)
    }

    @Test(arguments: files)
    func reportsExactlyTheExpectedDiagnostics(_ name: String) throws {
        let path = Self.directory + "/" + name
        let data = try #require(FileManager.default.contents(atPath: path))
        let expected = Self.expectations(data).sorted()
        #expect(!expected.isEmpty, "\(name) has no `# expect:` line")
        let result = SOPLoader.load(path: path, displayPath: name)
        let actual = result.diagnostics.map {
            Expectation(code: $0.code, severity: $0.severity.rawValue, line: $0.location?.line ?? 0, column: $0.location?.column ?? 0)
        }.sorted()
        #expect(actual == expected, "\(name): got \(result.diagnostics.map { $0.rendered() })")
        #expect(result.diagnostics.allSatisfy { $0.location?.file == name })
    }
}
