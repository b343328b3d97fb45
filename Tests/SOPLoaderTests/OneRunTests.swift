import Foundation
import SOPCore
import Testing
@testable import SOPLoader

/// Every problem in one run, whatever the mix: structural faults do not hide the meaning of
/// what could be read, and what they left out is never reported as missing.
@Suite struct OneRunTests {
    func load(_ text: String) -> SOPLoader.Result { SOPLoader.load(text: text, file: "x.yaml") }

    func found(_ result: SOPLoader.Result) -> [String] {
        result.diagnostics.map { "\($0.location.map { "\($0.line):\($0.column)" } ?? "-") \($0.code)" }
    }

    /// The administrator's case: an unknown key in one step and an unknown role in another.
    @Test func anUnknownKeyDoesNotHideAnUnknownRoleElsewhere() {
        let text = RuleExample.base
            .replacing1("    id: ajukan\n", with: "    id: ajukan\n    colour: red\n")
            .replacing1("    actor: petugas\n", with: "    actor: humas\n")
        let result = load(text)
        // (The lane no step names any more is the warning a sound file would draw too.)
        #expect(found(result) == ["11:10 SOP040", "18:5 SOP012", "28:12 SOP021"], "\(result.diagnostics)")
        // Only a sound definition is handed on.
        #expect(result.definition == nil && result.validDefinition == nil)
    }

    /// A step left out by a structural fault (its unit misspelt) is still a step: the steps that
    /// lead to it are not told it is unknown, and the procedure is not said to lack a start.
    @Test func aStepLeftOutIsNotUnknownToTheStepsAroundIt() {
        let text = RuleExample.base
            .replacing1("    time: {value: 5, unit: minutes}\n    next: balas\n", with: "    time: {value: 5, unit: minute}\n    next: balas\n")
            .replacing1("    next: terima\n", with: "    next: terima-balasan\n")
        let result = load(text)
        let codes = result.diagnostics.map(\.code)
        #expect(codes.contains(Rule.invalidValue.code))
        #expect(codes.filter { $0 == Rule.unknownStep.code }.count == 1, "\(result.diagnostics)")
        #expect(result.diagnostics.contains { $0.code == Rule.unknownStep.code && $0.message.contains("'terima-balasan'") })
        for quiet in [Rule.startCount, .unreachableStep, .unusedRole, .unusedDocument, .inputNotProduced, .stepNumbering] {
            #expect(!codes.contains(quiet.code), "\(quiet.code): \(result.diagnostics)")
        }
    }

    /// What is found in the steps after one left out points at their own lines.
    @Test func findingsAfterALeftOutStepPointAtTheirOwnLines() throws {
        let text = RuleExample.base
            .replacing1("    activity: Menyusun dan mengirim surat balasan\n", with: "")
            .replacing1("    actor: pengadu\n    activity: Menerima", with: "    actor: pemohon\n    activity: Menerima")
        let result = load(text)
        let role = try #require(result.diagnostics.first { $0.code == Rule.undeclaredRole.code })
        let line = try #require(text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0 == "    actor: pemohon" })
        #expect(role.location?.line == line + 1, "\(result.diagnostics)")
        #expect(role.message.contains("step 'terima'"))
        #expect(result.diagnostics.contains { $0.code == Rule.missingKey.code && $0.message.contains("'activity'") })
    }

    /// A lane or document that could not be read still declares its id; one without a readable id
    /// makes references into its list uncheckable rather than all wrong.
    @Test func aRoleOrDocumentLeftOutStillDeclaresItsID() {
        let untitled = load(RuleExample.base.replacing1("  - {id: petugas, title: Petugas Pengaduan}\n", with: "  - {id: petugas}\n"))
        #expect(untitled.diagnostics.map(\.code) == [Rule.missingKey.code], "\(untitled.diagnostics)")
        let anonymous = load(RuleExample.base.replacing1("  - {id: petugas, title: Petugas Pengaduan}\n", with: "  - {title: Petugas Pengaduan}\n"))
        #expect(anonymous.diagnostics.map(\.code) == [Rule.missingKey.code], "\(anonymous.diagnostics)")
        let document = load(RuleExample.base.replacing1("  - {id: surat-balasan, name: Surat Balasan}\n", with: "  - {id: surat-balasan, name: Surat Balasan, origin: pos}\n")
            .replacing1("    actor: petugas\n", with: "    actor: humas\n"))
        #expect(document.diagnostics.map(\.code) == [Rule.unusedRole.code, Rule.invalidValue.code, Rule.undeclaredRole.code], "\(document.diagnostics)")
    }

    /// A wrong identity and faults in the steps, reported together.
    @Test func anIdentityFaultAndStepFaultsTogether() {
        let text = RuleExample.base
            .replacing1("  dates: {made: 2026-01-05, effective: 2026-01-10}\n", with: "  dates: {made: 2026-13-05, effective: 2026-01-10}\n")
            .replacing1("    next: terima\n", with: "    next: terim\n")
        let codes = load(text).diagnostics.map(\.code)
        #expect(codes.contains(Rule.invalidFormat.code) && codes.contains(Rule.unknownStep.code), "\(codes)")
    }

    /// A variant whose change cannot apply still has its other faults reported: an unknown role in
    /// another change, an unknown field in a new step.
    @Test func aVariantsFailedChangeDoesNotHideItsOtherFaults() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("one-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try RuleExample.base.write(to: dir.appendingPathComponent("base.yaml"), atomically: true, encoding: .utf8)
        let variant = """
        format: sop/v1
        extends: base.yaml
        id: varian
        changes:
          - set: no-such-step
            time: "1 jam"
          - set: balas
            actor: humas
          - insert-after: balas
            step: {id: paraf, kind: task, actor: petugas, activity: Paraf, time: "30 menit", colour: red}

        """
        let path = dir.appendingPathComponent("v.yaml").path
        try variant.write(toFile: path, atomically: true, encoding: .utf8)
        let result = SOPLoader.load(path: path)
        let codes = result.diagnostics.map(\.code)
        #expect(codes.contains(Rule.unknownStep.code), "\(result.diagnostics)")
        #expect(result.diagnostics.contains { $0.code == Rule.undeclaredRole.code && $0.location?.line == 8 }, "\(result.diagnostics)")
        #expect(result.diagnostics.contains { $0.code == Rule.unknownKey.code && $0.location?.line == 10 }, "\(result.diagnostics)")
        #expect(result.definition == nil)
    }
}

extension String {
    /// `self` with the first `target` replaced (the test's edits each apply once).
    fileprivate func replacing1(_ target: String, with replacement: String) -> String {
        precondition(contains(target), "edit does not apply: \(target)")
        return replacing(target, with: replacement, maxReplacements: 1)
    }
}
