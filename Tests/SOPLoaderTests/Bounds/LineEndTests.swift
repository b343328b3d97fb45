import Foundation
import SOPCore
import Testing
@testable import SOPLoader

/// CR, LF and CRLF all end a line, in positions and in the excerpt under a diagnostic
/// (issue #16, finding 7), as libyaml and editors count them.
@Suite struct LineEndTests {
    static let lines = ["format: sop/v1", "id: contoh", "name: caf\u{E9}", "x: 1"]

    func bytes(_ separator: String) -> Data {
        var data = Data(Self.lines.joined(separator: separator).utf8)
        // Latin-1 é instead of UTF-8: the byte after "name: caf" is not text.
        let utf8 = Data("\u{E9}".utf8)
        let range = data.range(of: utf8)!
        data.replaceSubrange(range, with: [0xE9])
        return data
    }

    @Test(arguments: ["\n", "\r", "\r\n", "\u{85}", "\u{2028}"])
    func aByteThatIsNotTextIsLocatedOnItsLine(_ separator: String) {
        let d = YAMLReader.parse(data: bytes(separator), file: "e.yaml").diagnostics
        #expect(d.map(\.code) == ["SOP003"])
        #expect(d.first?.location == SourceLocation(file: "e.yaml", line: 3, column: 10))
    }

    @Test(arguments: ["\n", "\r", "\r\n"])
    func syntaxAndDuplicatePositionsCountEveryLineEnd(_ separator: String) {
        let text = ["format: sop/v1", "id: a", "name: [x", "", "id: b"].joined(separator: separator)
        let d = SOPLoader.load(text: text, file: "s.yaml").diagnostics
        #expect(d.map(\.code) == ["SOP001"])
        #expect(d.first?.location?.line == 5, "\(d.map { $0.rendered() })")
        let dup = ["format: sop/v1", "id: a", "", "id: b"].joined(separator: separator)
        let e = SOPLoader.load(text: dup, file: "d.yaml").diagnostics
        #expect(e.map(\.code) == ["SOP005"])
        #expect(e.first?.location == SourceLocation(file: "d.yaml", line: 4, column: 1))
    }

    @Test(arguments: ["\n", "\r", "\r\n"])
    func theExcerptIsTheLineOfThePosition(_ separator: String) {
        let text = ["format: sop/v1", "id: a", "", "id: b"].joined(separator: separator)
        let d = SOPLoader.load(text: text, file: "d.yaml").diagnostics[0]
        let rendered = d.rendered(sourceLines: text.sourceLines)
        #expect(rendered.contains("\n  id: b\n  ^"), "\(rendered)")
    }

    @Test func formFeedAndVerticalTabDoNotEndALine() {
        // libyaml does not break lines at VT or FF; the excerpt must not either.
        let text = "a: 1\u{0C}\nb: 2\u{0B}\nc: 3"
        #expect(text.sourceLines.count == 3)
        #expect("a\r\nb\rc\nd\u{85}e\u{2028}f\u{2029}g".sourceLines == ["a", "b", "c", "d", "e", "f", "g"])
    }
}
