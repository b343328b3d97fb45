import SOPCore
import Testing
@testable import SOPLoader

/// The lint rules' own examples: the bad one draws the finding, the good one does not, and
/// both are valid SOPs (lint is advice on valid files).
@Suite struct LintRuleTests {
    func lint(_ yaml: String) -> [Diagnostic] {
        let result = SOPLoader.load(text: yaml, file: "x.yaml")
        guard let sop = result.validDefinition else {
            Issue.record("example is not valid: \(result.diagnostics)")
            return []
        }
        return Linter().lint(sop, sourceMap: result.sourceMap)
    }

    @Test(arguments: Rule.lint)
    func badExampleDrawsTheFinding(_ rule: Rule) throws {
        let findings = lint(try #require(rule.bad).yaml)
        #expect(findings.contains { $0.code == rule.code && $0.severity == .warning && $0.location != nil },
                "\(rule.code) not reported; got \(findings.map(\.code))")
    }

    @Test(arguments: Rule.lint)
    func goodExampleDoesNot(_ rule: Rule) throws {
        #expect(!lint(try #require(rule.good).yaml).contains { $0.code == rule.code })
    }

    @Test func theMinimalSOPHasNoFindings() {
        #expect(lint(RuleExample.base).isEmpty)
    }

    @Test func lintCodesDoNotClashWithValidation() {
        let codes = (Rule.all + Rule.lint).map(\.code)
        #expect(Set(codes).count == codes.count)
        #expect(Rule.lint.allSatisfy { $0.severity == .warning })
    }

    @Test func wordsAreMatchedWhole() {
        #expect(Linter.containsWord("diteruskan kepada kepala dinas.", "kepala dinas"))
        #expect(!Linter.containsWord("pengaduan masyarakat", "pengadu"))
        #expect(Linter.containsWord("pengadu", "pengadu"))
    }

    /// Serdang Bedagai's SOP allows 65 working days before its reply: over both limits of UU 25/2009.
    @Test func theSerdangSOPIsOverTheLegalLimits() throws {
        let result = SOPLoader.load(path: Repository.serdangBedagai)
        let sop = try #require(result.validDefinition)
        let over = Linter().lint(sop, sourceMap: result.sourceMap).filter { $0.code == Rule.overLegalLimit.code }
        #expect(over.count == 2)
        #expect(over.allSatisfy { $0.location?.line == 146 && $0.message.contains("65 working days") })
        // Counted in calendar days (the statute's wording), the same path is further over.
        let calendar = Linter(limits: LegalLimit.undangUndang25of2009(unit: .calendarDays)).lint(sop, sourceMap: result.sourceMap)
        #expect(calendar.filter { $0.code == Rule.overLegalLimit.code }.count == 2)
    }
}
