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

    /// The rules lint still reports (SOP070 is superseded and has no examples).
    static let active = Rule.lint.filter { $0.bad != nil }

    @Test(arguments: active)
    func badExampleDrawsTheFinding(_ rule: Rule) throws {
        let findings = lint(try #require(rule.bad).yaml)
        #expect(findings.contains { $0.code == rule.code && $0.severity == .warning && $0.location != nil },
                "\(rule.code) not reported; got \(findings.map(\.code))")
    }

    @Test(arguments: active)
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

    @Test func aStepWithoutTimeIsValidationsWarningNotRepeatedByLint() throws {
        let yaml = RuleExample.base.replacingOccurrences(of: "    time: {value: 5, unit: working-days}\n", with: "")
        let result = SOPLoader.load(text: yaml, file: "x.yaml")
        #expect(result.diagnostics.map(\.code) == [Rule.missingTime.code])
        let findings = lint(yaml)
        #expect(!findings.contains { $0.code == Rule.noStandardTime.code }, "\(findings)")
        #expect(findings.isEmpty, "\(findings)")
        #expect(Rule.noStandardTime.summary.hasPrefix("Superseded by SOP044"))
        // SOP070 (superseded) and SOP075 (it needs a base and a variant: VariantCommandTests) have no examples.
        #expect(Self.active.count == Rule.lint.count - 2)
    }

    /// The base with an applicant's step of 20 working days (completing the file) before the reply.
    static func withApplicantStep(applicant: Bool) -> String {
        RuleExample.base
            .replacingOccurrences(of: "  - {id: pengadu, title: Masyarakat / Pengadu}\n",
                                  with: "  - {id: pengadu, title: Masyarakat / Pengadu\(applicant ? ", applicant: true" : "")}\n")
            .replacingOccurrences(of: "    time: {value: 5, unit: minutes}\n    next: balas\n", with: """
                time: {value: 5, unit: minutes}
                next: lengkapi
              - no: 2
                id: lengkapi
                kind: task
                actor: pengadu
                activity: Melengkapi berkas
                inputs: [form-pengaduan]
                time: {value: 20, unit: working-days}
                next: balas

            """)
            .replacingOccurrences(of: "  - no: 2\n    id: balas", with: "  - no: 3\n    id: balas")
            .replacingOccurrences(of: "  - no: 3\n    id: terima", with: "  - no: 4\n    id: terima")
    }

    @Test func theApplicantsTimeDoesNotCountAgainstTheLegalLimit() throws {
        // 20 working days with the complainant and 5 with the agency: over 14 only if the complainant's count.
        let counted = lint(Self.withApplicantStep(applicant: false)).filter { $0.code == Rule.overLegalLimit.code }
        #expect(counted.count == 1)
        #expect(counted.first?.message.contains("'lengkapi' the standard time is at least 20 working days") == true, "\(counted)")
        let stopped = lint(Self.withApplicantStep(applicant: true)).filter { $0.code == Rule.overLegalLimit.code }
        #expect(stopped.isEmpty, "\(stopped)")
    }

    /// The base forking after the submission into two branches of `a` and `b` working days
    /// that meet at the reply.
    static func forked(_ a: Int, _ b: Int) -> String {
        RuleExample.base
            .replacingOccurrences(of: "    next: balas\n", with: """
                next: [cek, survei]
              - no: 2
                id: cek
                kind: task
                actor: petugas
                activity: Memeriksa berkas
                inputs: [form-pengaduan]
                time: {value: \(a), unit: working-days}
                next: balas
              - no: 3
                id: survei
                kind: task
                actor: petugas
                activity: Survei lapangan
                inputs: [form-pengaduan]
                time: {value: \(b), unit: working-days}
                next: balas

            """)
            .replacingOccurrences(of: "  - no: 2\n    id: balas", with: "  - no: 4\n    id: balas")
            .replacingOccurrences(of: "  - no: 3\n    id: terima", with: "  - no: 5\n    id: terima")
    }

    @Test func theLegalLimitIsMeasuredOnTheCriticalPath() throws {
        // Whichever branch is longer is the one that goes past 14 working days.
        for (a, b, late) in [(2, 20, "survei"), (20, 2, "cek")] {
            let over = lint(Self.forked(a, b)).filter { $0.code == Rule.overLegalLimit.code }
            #expect(over.count == 1 && over.first?.message.contains("'\(late)'") == true, "\(over)")
        }
        // Two branches of 10 run at the same time: 10 + 5 is over 14, 10 + 10 + 5 is not counted.
        let parallel = lint(Self.forked(10, 10)).filter { $0.code == Rule.overLegalLimit.code }
        #expect(parallel.count == 1 && parallel.first?.message.contains("at least 15 working days") == true, "\(parallel)")
        #expect(lint(Self.forked(8, 8)).filter { $0.code == Rule.overLegalLimit.code }.isEmpty)
    }

    @Test func wordsAreMatchedWhole() {
        #expect(Linter.containsWord("diteruskan kepada kepala dinas.", "kepala dinas"))
        #expect(!Linter.containsWord("pengaduan masyarakat", "pengadu"))
        #expect(Linter.containsWord("pengadu", "pengadu"))
    }

    /// A lane named as the other side of a hand-over is not the one working; "oleh" names who works.
    @Test func aHandOverIsNotAnotherLanesWork() {
        func mention(_ text: String) -> Linter.Mention { Linter.mention(of: "kepala dinas", in: Array(text.lowercased())) }
        #expect(mention("apabila setuju diteruskan kepada Kepala Dinas") == .handOver)
        #expect(mention("dikembalikan ke Kepala Dinas, atau dari Kepala Dinas diteruskan") == .handOver)
        #expect(mention("Kepala Dinas menandatangani surat") == .work)
        #expect(mention("diperiksa oleh Kepala Dinas") == .work)
        #expect(mention("diteruskan kepada Kepala Dinas; Kepala Dinas memeriksa") == .work)
        #expect(mention("Kepala Dinasnya") == .none)
    }

    /// The cases the administrators met: Serdang Bedagai's step 4 forwards to the Kepala Dinas, and
    /// the IMB SOP hands its receipt to the applicant; the IMB applicant's corrected drawing is
    /// still reported, as no step takes it in.
    @Test func theShippedSOPsHandOversAreNotFindings() throws {
        let serdang = SOPLoader.load(path: Repository.serdangBedagai)
        let findings = Linter().lint(try #require(serdang.validDefinition), sourceMap: serdang.sourceMap)
        #expect(!findings.contains { $0.code == Rule.activityNamesOtherRole.code }, "\(findings)")
        // The end step's solution is what the procedure delivers.
        #expect(!findings.contains { $0.code == Rule.unusedOutput.code }, "\(findings)")
        let imb = SOPLoader.load(path: Repository.path("sops/dpmptsp-imb-jatim.yaml"))
        let imbFindings = Linter().lint(try #require(imb.validDefinition), sourceMap: imb.sourceMap)
        #expect(!imbFindings.contains { $0.code == Rule.unusedOutput.code && $0.message.contains("'tanda-terima'") }, "\(imbFindings)")
        #expect(imbFindings.contains { $0.code == Rule.unusedOutput.code && $0.message.contains("'gambar-perbaikan'") }, "\(imbFindings)")
        #expect(!imbFindings.contains { $0.code == Rule.activityNamesOtherRole.code }, "\(imbFindings)")
    }

    /// Serdang Bedagai's SOP allows 65 working days before its reply: over both limits of UU 25/2009.
    @Test func theSerdangSOPIsOverTheLegalLimits() throws {
        let result = SOPLoader.load(path: Repository.serdangBedagai)
        let sop = try #require(result.validDefinition)
        let over = Linter().lint(sop, sourceMap: result.sourceMap).filter { $0.code == Rule.overLegalLimit.code }
        #expect(over.count == 2)
        #expect(over.allSatisfy { $0.location?.line == 148 && $0.message.contains("65 working days") })
        // Counted in calendar days (the statute's wording), the same path is further over.
        let calendar = Linter(limits: LegalLimit.undangUndang25of2009(unit: .calendarDays)).lint(sop, sourceMap: result.sourceMap)
        #expect(calendar.filter { $0.code == Rule.overLegalLimit.code }.count == 2)
    }
}
