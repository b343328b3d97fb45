import Foundation
import SOPCore
import Testing
@testable import SOPLoader

/// `SOPDiff` on the constructs of real SOPs: fork branches, several actors, requirements,
/// timers, times as written, ending outcomes, the applicant's side and `timeDefaults`.
@Suite struct SOPDiffTests {
    func definition(_ yaml: String) throws -> SOPDefinition {
        let r = SOPLoader.load(text: yaml, file: "x.yaml")
        return try #require(r.validDefinition, "\(r.diagnostics.map { $0.rendered() })")
    }

    func entries(_ old: SOPDefinition, _ new: SOPDefinition) -> [String] {
        SOPDiff(old: old, new: new).entries.map { "\($0.kind) \($0.subject): \($0.before ?? "nil") -> \($0.after ?? "nil")" }
    }

    @Test func theDocumentedVariantOfTheIMBSOPInAdministratorsTerms() throws {
        let base = try #require(SOPLoader.load(path: Repository.path("sops/dpmptsp-imb-jatim.yaml")).validDefinition)
        let variant = try #require(VariantParallelTests.loadAlone(try VariantParallelTests.documentedVariant()).validDefinition)
        let diff = SOPDiff(old: base, new: variant)
        let lines = entries(base, variant)
        #expect(lines.contains("step-branch-added evaluasi-rencana.branch: nil -> cek-pbb"), "\(lines)")
        #expect(lines.contains("step-reassigned tandatangani-sk: Kepala Dinas -> Kepala Dinas or Kepala Bidang Perizinan"), "\(lines)")
        #expect(lines.contains("step-requirement-added tandatangani-sk.requirement: nil -> system: Tanda tangan elektronik (TTE)"), "\(lines)")
        #expect(lines.contains("step-timer-added tandatangani-sk.timer: nil -> remind after 4 h (written \"4 jam\")"), "\(lines)")
        #expect(lines.contains("field-changed timeDefaults.dayMinutes: 450 -> 420"), "\(lines)")
        #expect(lines.contains { $0.hasPrefix("step-added cek-pbb:") } && lines.contains { $0.hasPrefix("step-added paraf:") })
        // The join moved to the new step: transitions into it changed, the branches were not removed.
        #expect(!lines.contains { $0.hasPrefix("step-branch-removed") }, "\(lines)")
        #expect(lines.contains("transition-changed cetak-sk: next verifikasi -> next paraf"), "\(lines)")
        // The total is the critical path's, and the new join adds its 30 minutes to it.
        #expect(diff.totalBefore == base.mainPathTotal.summary && diff.totalAfter == variant.mainPathTotal.summary)
        #expect(diff.totalBefore != diff.totalAfter)
    }

    @Test func endingOutcomesForksTimesAsWrittenAndTheApplicantsSide() throws {
        let old = try definition(RuleExample.base)
        let forked = RuleExample.base
            .replacingOccurrences(of: "  - {id: pengadu, title: Masyarakat / Pengadu}\n",
                                  with: "  - {id: pengadu, title: Masyarakat / Pengadu, applicant: true}\n")
            .replacingOccurrences(of: "roles:\n", with: "timeDefaults: {days: working}\nroles:\n")
            .replacingOccurrences(of: "    time: {value: 5, unit: working-days}\n", with: "    time: \"1-5 hari\"\n")
            .replacingOccurrences(of: "    next: balas\n", with: "    next: [balas, arsip]\n")
            .replacingOccurrences(of: "    next: terima\n", with: "    next: terima\n    timers:\n      - {action: escalate, to: pengadu}\n  - no: 3\n    id: arsip\n    kind: task\n    actor: petugas\n    activity: Mengarsipkan pengaduan\n    inputs: [form-pengaduan]\n    time: \"½ hari\"\n    next: terima\n")
            .replacingOccurrences(of: "  - no: 3\n    id: terima", with: "  - no: 4\n    id: terima")
        let new = try definition(forked)
        let lines = entries(old, new)
        #expect(lines.contains("step-branch-added ajukan.branch: nil -> arsip"), "\(lines)")
        #expect(lines.contains("step-added arsip: nil -> task, Petugas Pengaduan, 225 min (written \"½ hari\")"), "\(lines)")
        #expect(lines.contains("step-retimed balas: 5 working days -> 1–5 working days (written \"1-5 hari\")"), "\(lines)")
        #expect(lines.contains("step-timer-added balas.timer: nil -> escalate to pengadu after the step's time"), "\(lines)")
        #expect(lines.contains("role-changed pengadu.applicant: agency -> applicant (the agency's clock stops)"), "\(lines)")
        #expect(lines.contains("field-changed timeDefaults.days: nil -> working"), "\(lines)")
        #expect(!lines.contains { $0.hasPrefix("transition-changed ajukan") }, "\(lines)")
        // And back: the branch and the timer are removed.
        let back = entries(new, old)
        #expect(back.contains("step-branch-removed ajukan.branch: arsip -> nil") && back.contains("step-removed arsip: task, Petugas Pengaduan, 225 min (written \"½ hari\") -> nil"), "\(back)")
        #expect(back.contains("step-timer-removed balas.timer: escalate to pengadu after the step's time -> nil"), "\(back)")

        // A decision whose rejection now ends the case.
        let decision = RuleExample.base
            .replacingOccurrences(of: "    kind: task\n", with: "    kind: decision\n")
            .replacingOccurrences(of: "    next: terima\n", with: "    outcomes:\n      - {id: setuju, label: Ya, next: terima}\n      - {id: tolak, label: Tidak, next: ajukan, revision: true, maxRounds: 2}\n")
        let ending = decision.replacingOccurrences(of: "      - {id: tolak, label: Tidak, next: ajukan, revision: true, maxRounds: 2}\n",
                                                   with: "      - {id: tolak, label: Tidak, end: ditolak}\n")
        let ended = entries(try definition(decision), try definition(ending))
        #expect(ended == ["transition-changed balas: setuju \"Ya\": terima, tolak \"Tidak\": ajukan (revision, at most 2) -> setuju \"Ya\": terima, tolak \"Tidak\": ends the case as ditolak"], "\(ended)")
    }

    @Test func theSameSOPHasNoSubstanceToReport() throws {
        let imb = try #require(SOPLoader.load(path: Repository.path("sops/dpmptsp-imb-jatim.yaml")).validDefinition)
        #expect(!SOPDiff(old: imb, new: imb).hasSubstance)
    }
}
