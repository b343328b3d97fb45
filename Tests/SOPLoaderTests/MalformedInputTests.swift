import Foundation
import SOPCore
import Testing
@testable import SOPLoader

/// Inputs that must produce a located diagnostic and never a crash.
@Suite struct MalformedInputTests {
    func codes(_ text: String) -> [String] { SOPLoader.load(text: text, file: "x.yaml").diagnostics.map(\.code) }

    @Test func hugeFileIsRefused() {
        let data = Data(repeating: UInt8(ascii: "#"), count: YAMLReader.maximumFileSize + 1)
        let result = YAMLReader.parse(data: data, file: "huge.yaml")
        #expect(result.diagnostics.map(\.code) == ["SOP004"])
        #expect(result.root == nil)
    }

    @Test func aliasBombIsRefused() {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1...8 { yaml += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n" }
        let result = YAMLReader.parse(text: yaml, file: "bomb.yaml")
        #expect(result.diagnostics.map(\.code) == ["SOP004"])
    }

    @Test func binaryAndNonUTF8AreLocated() {
        let nul = YAMLReader.parse(data: Data("format: sop/v1\nid: a\u{0}b\n".utf8), file: "b.yaml")
        #expect(nul.diagnostics.map(\.code) == ["SOP003"])
        #expect(nul.diagnostics.first?.location == SourceLocation(file: "b.yaml", line: 2, column: 6))
        let latin1 = YAMLReader.parse(data: Data([0x69, 0x64, 0x3A, 0x20, 0x63, 0x61, 0x66, 0xE9, 0x0A]), file: "l.yaml")
        #expect(latin1.diagnostics.map(\.code) == ["SOP003"])
        #expect(latin1.diagnostics.first?.location?.column == 8)
    }

    @Test func emptyAndCommentOnlyFiles() {
        #expect(codes("") == ["SOP002"])
        #expect(codes("# nothing\n\n") == ["SOP002"])
    }

    @Test func wrongRootTypes() {
        #expect(codes("just text\n") == ["SOP010"])
        #expect(codes("- a\n- b\n") == ["SOP010"])
    }

    @Test func duplicateKeyPointsAtTheSecondOccurrence() {
        let text = RuleExample.base.replacingOccurrences(of: "  number: SOP/001/2026\n",
                                                         with: "  number: SOP/001/2026\n  number: SOP/002/2026\n")
        let d = SOPLoader.load(text: text, file: "d.yaml").diagnostics
        #expect(d.map(\.code) == ["SOP005"])
        #expect(d.first?.location?.line == 6)
        #expect(d.first?.location?.column == 3)
    }

    @Test func tabIndentationIsNamed() {
        let text = RuleExample.base.replacingOccurrences(of: "  number: SOP", with: "\tnumber: SOP")
        let d = SOPLoader.load(text: text, file: "t.yaml").diagnostics
        #expect(d.map(\.code) == ["SOP006"])
        #expect(d.first?.location?.line == 5)
        #expect(d.first?.location?.column == 1)
    }

    @Test func everyProblemIsReportedInOneRun() {
        let text = RuleExample.base
            .replacingOccurrences(of: "    actor: petugas", with: "    actor: humas")
            .replacingOccurrences(of: "    next: terima", with: "    next: terima-balasan")
            .replacingOccurrences(of: "activity: Menerima", with: "activty: Menerima")
        // The structural faults (step 3 loses its activity to a typo) and the semantic ones around them, at once.
        #expect(codes(text) == ["SOP021", "SOP023", "SOP011", "SOP012"])
        let semantic = text.replacingOccurrences(of: "activty: Menerima", with: "activity: Menerima")
        #expect(Set(codes(semantic)).isSuperset(of: ["SOP021", "SOP023"]))
    }

    @Test func unknownKeySuggestsTheClosestName() {
        let text = RuleExample.base.replacingOccurrences(of: "    activity: Menyusun", with: "    activty: Menyusun")
        let d = SOPLoader.load(text: text, file: "k.yaml").diagnostics.first { $0.code == "SOP012" }
        #expect(d?.hint == "did you mean 'activity'?")
    }

    @Test func missingFileAndFolderAreDiagnostics() {
        #expect(SOPLoader.load(path: "/nonexistent/sop.yaml").diagnostics.map(\.code) == ["SOP007"])
        #expect(SOPLoader.load(path: Repository.path("sops")).diagnostics.map(\.code) == ["SOP007"])
    }

    @Test func yaml11BooleansAndSexagesimalsStayText() {
        // `on` and `07:30` are text in YAML 1.2, as the JSON Schema validators read them.
        let r = YAMLReader.parse(text: "a: on\nb: 07:30\nc: true\nd: 5\n", file: "y.yaml")
        guard case .scalar(_, let a, _)? = r.root?["a"], case .scalar(_, let b, _)? = r.root?["b"],
              case .scalar(_, let c, _)? = r.root?["c"], case .scalar(_, let d, _)? = r.root?["d"] else {
            Issue.record("not parsed"); return
        }
        #expect([a, b, c, d] == [.string, .string, .bool, .int])
    }
}
