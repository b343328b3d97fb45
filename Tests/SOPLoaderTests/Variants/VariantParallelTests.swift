import Foundation
import SOPCore
import Testing
@testable import SOPLoader

/// A variant adds what real SOPs need: a parallel branch, several actors, requirements,
/// timers and its own `timeDefaults`; the resolved SOP validates, and what cannot apply is
/// refused where the variant says it.
@Suite struct VariantParallelTests {
    /// Receive, verify, reply, close: one line, times written as documents write them.
    static let base = """
    format: sop/v1
    id: dasar
    identity:
      agency: {regency: Kabupaten Contoh, office: DPMPTSP}
      number: SOP/001/2026
      name: Penerbitan Izin
      dates: {made: 2026-01-05, effective: 2026-01-10}
      approver: {title: Kepala Dinas, name: Budi}
    timeDefaults: {days: working, dayMinutes: 450}
    roles:
      - {id: pemohon, title: Pemohon}
      - {id: petugas, title: Petugas Loket}
      - {id: teknis, title: Tim Teknis}
      - {id: kepala, title: Kepala Dinas}
    documents:
      - {id: berkas, name: Berkas Permohonan, origin: case-opening}
      - {id: izin, name: Surat Izin}
    steps:
      - no: 1
        id: ajukan
        kind: start
        actor: pemohon
        activity: Mengajukan permohonan
        inputs: [berkas]
        time: 15 menit
        next: terima
      - no: 2
        id: terima
        kind: task
        actor: petugas
        activity: Menerima berkas
        inputs: [berkas]
        time: 30 menit
        next: verifikasi
      - no: 3
        id: verifikasi
        kind: task
        actor: petugas
        activity: Memverifikasi berkas
        inputs: [berkas]
        time: 2 hari
        next: terbitkan
      - no: 4
        id: terbitkan
        kind: task
        actor: kepala
        activity: Menandatangani izin
        outputs: [izin]
        time: 1 hari
        next: selesai
      - no: 5
        id: selesai
        kind: end
        actor: pemohon
        activity: Menerima izin
        inputs: [izin]
        time: 15 menit

    """

    func load(_ variant: String, base: String = VariantParallelTests.base) -> SOPLoader.Result {
        VariantTests().load(variant, base: base)
    }

    func header(_ more: String = "") -> String { VariantTests().header(more) }

    static let fieldCheck = """
        changes:
          - add-branch: terima
            step:
              id: tinjau
              kind: task
              actor: teknis
              activity: Peninjauan lokasi
              time: 3 hari
              next: terbitkan

        """

    @Test func addBranchMakesAStepForkAndTheBranchesJoin() throws {
        let r = load(header(Self.fieldCheck))
        let sop = try #require(r.validDefinition, "\(r.diagnostics)")
        #expect(r.diagnostics.isEmpty, "\(r.diagnostics)")
        #expect(sop.step("terima")?.parallel == ["verifikasi", "tinjau"] && sop.step("terima")?.next == nil)
        #expect(sop.step("tinjau")?.next == "terbitkan")
        // Written just before the join, after the other branch; rows renumbered.
        #expect(sop.steps.map(\.id) == ["ajukan", "terima", "verifikasi", "tinjau", "terbitkan", "selesai"])
        #expect(sop.steps.map(\.number) == [1, 2, 3, 4, 5, 6])
        // The critical path runs through the longer branch (3 working days against 2).
        #expect(sop.mainPath.map(\.id) == ["ajukan", "terima", "tinjau", "terbitkan", "selesai"])
        // The new step points into the variant; the fork's list at the change.
        let at = try #require(r.sourceMap.location(of: "steps[3].activity"))
        #expect(at.file.hasSuffix("varian.yaml") && at.line == 10)
    }

    @Test func aForkGainsABranchAndLosesItAgain() throws {
        let forked = try #require(resolvedText(header(Self.fieldCheck)))
        // A second variant of the forked one: a third branch, then the field check removed.
        let more = load(header("""
            changes:
              - add-branch: terima
                step: {id: hitung, kind: task, actor: petugas, activity: Menghitung retribusi, time: 1 hari, next: terbitkan}

            """), base: forked)
        let three = try #require(more.validDefinition, "\(more.diagnostics)")
        #expect(three.step("terima")?.parallel == ["verifikasi", "tinjau", "hitung"])
        let less = load(header("changes:\n  - remove: tinjau\n"), base: forked)
        let one = try #require(less.validDefinition, "\(less.diagnostics)")
        // The removed branch's place would be the join, which the other branch reaches: a plain next again.
        #expect(one.step("terima")?.next == "verifikasi" && one.step("terima")?.parallel == [])
        #expect(one.steps.map(\.id) == ["ajukan", "terima", "verifikasi", "terbitkan", "selesai"])
    }

    @Test func insertingAroundAForkKeepsItsBranches() throws {
        let forked = try #require(resolvedText(header(Self.fieldCheck)))
        // Before the join: both branches now lead to the new step, which becomes the join.
        let before = load(header("""
            changes:
              - insert-before: terbitkan
                step: {id: paraf, kind: task, actor: petugas, activity: Paraf draft izin, time: 30 menit}

            """), base: forked)
        let sop = try #require(before.validDefinition, "\(before.diagnostics)")
        #expect(sop.step("verifikasi")?.next == "paraf" && sop.step("tinjau")?.next == "paraf")
        #expect(sop.step("paraf")?.next == "terbitkan")
        // After the fork: the new step takes the fork over.
        let after = load(header("""
            changes:
              - insert-after: terima
                step: {id: catat, kind: task, actor: petugas, activity: Mencatat di register, time: 10 menit}

            """), base: forked)
        let sop2 = try #require(after.validDefinition, "\(after.diagnostics)")
        #expect(sop2.step("terima")?.next == "catat")
        #expect(sop2.step("catat")?.parallel == ["verifikasi", "tinjau"])
    }

    @Test func setGivesSeveralActorsRequirementsAndTimers() throws {
        let r = load(header("""
            roles:
              - {id: pemohon, applicant: true}
            changes:
              - set: verifikasi
                actor: [petugas, teknis]
                requirements:
                  - {kind: system, name: Aplikasi SIM DPMPTSP}
                  - {kind: fee, name: Retribusi, note: dibayar di Bank Jatim}
              - set: terbitkan
                timers:
                  - {action: remind, after: 2 hari kerja}

            """))
        let sop = try #require(r.validDefinition, "\(r.diagnostics)")
        #expect(sop.step("verifikasi")?.actors == ["petugas", "teknis"])
        #expect(sop.step("verifikasi")?.requirements == [Requirement(.system, "Aplikasi SIM DPMPTSP"),
                                                         Requirement(.fee, "Retribusi", note: "dibayar di Bank Jatim")])
        #expect(sop.step("terbitkan")?.timers.map(\.action) == [.remind])
        #expect(sop.step("terbitkan")?.timers.first?.after?.deadline == StandardTime(2, .workingDays))
        #expect(sop.role("pemohon")?.applicant == true && sop.role("pemohon")?.title == "Pemohon")
    }

    @Test func timeDefaultsMergeAndRereadTheBasesTimes() throws {
        let r = load(header("timeDefaults: {days: calendar}\n"))
        let sop = try #require(r.validDefinition, "\(r.diagnostics)")
        #expect(sop.timeDefaults?.days == .calendar && sop.timeDefaults?.dayMinutes == 450)
        // The base's "2 hari" is now read by the variant's defaults.
        #expect(sop.step("verifikasi")?.time?.deadline == StandardTime(2, .calendarDays))
        let base = SOPLoader.load(text: Self.base, file: "dasar.yaml")
        #expect(base.validDefinition?.step("verifikasi")?.time?.deadline == StandardTime(2, .workingDays))
    }

    @Test func aBranchFromADecisionOrWithoutAJoinIsRefusedWhereItIsWritten() throws {
        let decision = Self.base.replacingOccurrences(of: """
                kind: task
                actor: petugas
                activity: Memverifikasi berkas
                inputs: [berkas]
                time: 2 hari
                next: terbitkan
            """, with: """
                kind: decision
                actor: petugas
                activity: Memverifikasi berkas
                inputs: [berkas]
                time: 2 hari
                outcomes:
                  - {id: lengkap, label: Lengkap, next: terbitkan}
                  - {id: kurang, label: Tidak lengkap, next: terima, revision: true, maxRounds: 2}
            """)
        let r = load(header("changes:\n  - add-branch: verifikasi\n    step: {id: x, kind: task, actor: teknis, activity: X, next: terbitkan}\n"),
                     base: decision)
        let d = try #require(r.diagnostics.first { $0.code == Rule.changeProblem.code }, "\(r.diagnostics)")
        #expect(d.location?.file.hasSuffix("varian.yaml") == true && d.location?.line == 5 && d.location?.column == 17)
        #expect(d.message == "cannot add a branch to 'verifikasi': it has no `next` to fork (a decision or the end)")
        #expect(r.definition == nil)

        let noJoin = load(header("changes:\n  - add-branch: terima\n    step: {id: x, kind: task, actor: teknis, activity: X}\n"))
        let j = try #require(noJoin.diagnostics.first { $0.code == Rule.changeProblem.code }, "\(noJoin.diagnostics)")
        #expect(j.location?.line == 6 && j.message.contains("needs `next`"))
        #expect(noJoin.definition == nil)
    }

    @Test func anEndStepIsNoBranch() throws {
        let r = load(header("changes:\n  - add-branch: verifikasi\n    step: {id: y, kind: end, actor: teknis, activity: Y, next: selesai}\n"))
        #expect(r.diagnostics.contains { $0.code == Rule.changeProblem.code && $0.location?.line == 6 }, "\(r.diagnostics)")
        #expect(r.definition == nil)
    }

    @Test func theResolvedYAMLOfAForkLoadsToTheSameDefinition() throws {
        let r = load(header(Self.fieldCheck))
        let sop = try #require(r.validDefinition, "\(r.diagnostics)")
        let again = SOPLoader.load(text: try #require(resolvedText(header(Self.fieldCheck))), file: "resolved.yaml")
        #expect(again.diagnostics.isEmpty, "\(again.diagnostics)")
        #expect(again.definition == sop)
    }

    /// The variant of the IMB SOP shown in docs/sop-format.md, as the page writes it, with its
    /// `extends` pointing at the shipped file.
    static func documentedVariant() throws -> String {
        let page = try String(contentsOfFile: Repository.path("docs/sop-format.md"), encoding: .utf8)
        let block = try #require(page.components(separatedBy: "```yaml\n").first { $0.contains("extends: dpmptsp-imb-jatim.yaml") })
        let yaml = try #require(block.components(separatedBy: "```").first)
        return yaml.replacingOccurrences(of: "extends: dpmptsp-imb-jatim.yaml",
                                         with: "extends: \(Repository.path("sops/dpmptsp-imb-jatim.yaml"))")
    }

    /// Loads `text` as `varian.yaml` in a fresh folder.
    static func loadAlone(_ text: String) -> SOPLoader.Result {
        let dir = Repository.temporaryDirectory()
        let path = dir.appendingPathComponent("varian.yaml").path
        try! text.write(toFile: path, atomically: true, encoding: .utf8)
        return SOPLoader.load(path: path)
    }

    @Test func theDocumentedVariantOfTheIMBSOPResolvesAndValidates() throws {
        let r = Self.loadAlone(try Self.documentedVariant())
        let sop = try #require(r.validDefinition, "\(r.diagnostics.map { $0.rendered() })")
        #expect(!r.diagnostics.hasErrors)
        #expect(sop.step("evaluasi-rencana")?.parallel == ["peninjauan-lokasi", "hitung-retribusi", "cek-pbb"])
        // The step inserted before the join became the join of all three branches.
        #expect(sop.step("cek-pbb")?.next == "paraf" && sop.step("cetak-sk")?.next == "paraf")
        #expect(sop.step("peninjauan-lokasi")?.outcomes.first?.next == "paraf" && sop.step("paraf")?.next == "verifikasi")
        #expect(sop.step("tandatangani-sk")?.actors == ["kepala-dinas", "kepala-bidang-perizinan"])
        #expect(sop.step("tandatangani-sk")?.requirements.map(\.kind) == [.system])
        #expect(sop.step("tandatangani-sk")?.timers.map(\.action) == [.remind])
        #expect(sop.timeDefaults == SOPDefinition.TimeDefaults(days: .working, dayMinutes: 420))
        #expect(sop.identity.agency.regency == "Kabupaten Contoh" && sop.role("pemohon")?.applicant == true)
        // The calendar inherited from the base's folder is still found.
        #expect(!r.diagnostics.contains { $0.code == Rule.calendarNotFound.code })
        #expect(sop.steps.map(\.number) == Array(1...sop.steps.count))
    }

    /// The variant resolved and written as one complete file (`sop resolve`).
    func resolvedText(_ variant: String) -> String? {
        let r = load(variant)
        guard r.validDefinition != nil, let tree = SOPLoader.resolvedTree(path: r.file).root else { return nil }
        return YAMLEmitter.emit(tree)
    }
}
