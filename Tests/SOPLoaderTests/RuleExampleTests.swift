import SOPCore
import Testing
@testable import SOPLoader

/// Every rule's own examples: the bad one reports the rule's code, the good one does not.
@Suite struct RuleExampleTests {
    @Test func theBaseExampleIsValid() {
        let result = SOPLoader.load(text: RuleExample.base, file: "base.yaml")
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
    }

    @Test(arguments: Rule.all.filter { $0.bad != nil })
    func badExampleReportsTheRule(_ rule: Rule) {
        let result = SOPLoader.load(text: rule.bad!.yaml, file: "bad.yaml")
        #expect(result.diagnostics.contains { $0.code == rule.code && $0.severity == rule.severity },
                "\(rule.code) not reported; got \(result.diagnostics.map(\.code))")
        #expect(result.diagnostics.allSatisfy { $0.location != nil })
    }

    @Test(arguments: Rule.all.filter { $0.good != nil })
    func goodExampleDoesNotReportTheRule(_ rule: Rule) {
        let result = SOPLoader.load(text: rule.good!.yaml, file: "good.yaml")
        #expect(!result.diagnostics.contains { $0.code == rule.code }, "\(result.diagnostics)")
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics)")
    }

    @Test func codesAreUniqueAndWellFormed() {
        let codes = Rule.all.map(\.code)
        #expect(Set(codes).count == codes.count)
        #expect(codes.allSatisfy { $0.hasPrefix("SOP") && $0.count == 6 && Int($0.dropFirst(3)) != nil })
        #expect(Set(Rule.all.map(\.name)).count == codes.count)
    }
}

extension Rule: CustomTestStringConvertible {
    public var testDescription: String { "\(code) \(name)" }
}
