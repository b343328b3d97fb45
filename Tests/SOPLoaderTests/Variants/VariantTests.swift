import Foundation
import SOPCore
import Testing
@testable import SOPLoader

/// `extends` and each change a variant can make, its errors and where they point.
@Suite struct VariantTests {
    /// A five-step base with a decision that sends work back.
    static let base = """
    format: sop/v1
    id: dasar
    identity:
      agency: {regency: Kabupaten Contoh, office: DPMPTSP}
      number: SOP/001/2026
      name: Penanganan Pengaduan
      dates: {made: 2026-01-05, effective: 2026-01-10}
      approver: {title: Kepala Dinas, name: Budi}
    roles:
      - {id: pengadu, title: Masyarakat / Pengadu}
      - {id: petugas, title: Petugas Pengaduan}
      - {id: kepala, title: Kepala Dinas}
    documents:
      - {id: form-pengaduan, name: Form Pengaduan, origin: case-opening}
      - {id: draft, name: Draft balasan}
      - {id: surat-balasan, name: Surat Balasan}
    steps:
      - no: 1
        id: ajukan
        kind: start
        actor: pengadu
        activity: Menyampaikan pengaduan
        inputs: [form-pengaduan]
        time: {value: 5, unit: minutes}
        next: telaah
      - no: 2
        id: telaah
        kind: task
        actor: petugas
        activity: Menelaah pengaduan dan menyusun draft balasan
        inputs: [form-pengaduan]
        outputs: [draft]
        time: {value: 5, unit: working-days}
        next: periksa
      - no: 3
        id: periksa
        kind: decision
        actor: kepala
        activity: Memeriksa dan menandatangani draft balasan
        inputs: [draft]
        outputs: [surat-balasan]
        time: {value: 60, unit: minutes}
        outcomes:
          - {id: setuju, label: Setuju, next: kirim}
          - {id: tolak, label: Tidak setuju, next: telaah, revision: true}
      - no: 4
        id: kirim
        kind: task
        actor: petugas
        activity: Mengirim surat balasan
        inputs: [surat-balasan]
        time: {value: 5, unit: minutes}
        next: terima
      - no: 5
        id: terima
        kind: end
        actor: pengadu
        activity: Menerima surat balasan
        inputs: [surat-balasan]
        time: {value: 5, unit: minutes}

    """

    /// Writes the base and `variant` (as `varian.yaml`) into a new folder and loads the variant.
    func load(_ variant: String, base: String = VariantTests.base, extra: [String: String] = [:]) -> SOPLoader.Result {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sop-variant-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try! base.write(to: dir.appendingPathComponent("dasar.yaml"), atomically: true, encoding: .utf8)
        for (name, text) in extra { try! text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        let path = dir.appendingPathComponent("varian.yaml").path
        try! variant.write(toFile: path, atomically: true, encoding: .utf8)
        return SOPLoader.load(path: path)
    }

    func header(_ more: String = "") -> String {
        "format: sop/v1\nextends: dasar.yaml\nid: varian\n" + more
    }

    func steps(_ r: SOPLoader.Result) -> [String] { r.definition?.steps.map(\.id) ?? [] }

    @Test func aBareVariantIsItsBase() throws {
        let r = load(header())
        #expect(r.diagnostics.isEmpty, "\(r.diagnostics)")
        #expect(steps(r) == ["ajukan", "telaah", "periksa", "kirim", "terima"])
        #expect(r.definition?.id == "varian")
        // Inherited nodes keep the base's file and line.
        let location = try #require(r.sourceMap.location(of: "steps[2].actor"))
        #expect(location.file.hasSuffix("dasar.yaml") && location.line == 38)
    }

    @Test func identityMergesKeyByKeyAndNullRemoves() throws {
        let r = load(header("identity:\n  agency: {regency: Kabupaten Lain}\n  approver: {name: null}\n"))
        let identity = try #require(r.validDefinition?.identity)
        #expect(identity.agency.regency == "Kabupaten Lain")
        #expect(identity.agency.office == "DPMPTSP")
        #expect(identity.approver.title == "Kepala Dinas" && identity.approver.name == nil)
    }

    @Test func rolesAndDocumentsMergeByID() throws {
        let r = load(header("roles:\n  - {id: petugas, title: Pranata Humas}\n  - {id: notulis, title: Notulis}\n"
                            + "changes:\n  - set: kirim\n    actor: notulis\n"))
        let sop = try #require(r.validDefinition)
        #expect(sop.roles.map(\.id) == ["pengadu", "petugas", "kepala", "notulis"])
        #expect(sop.role("petugas")?.title == "Pranata Humas")
        #expect(sop.step("kirim")?.actor == "notulis")
    }

    @Test func insertAfterSplicesTheNewStepIn() throws {
        let r = load(header("""
            changes:
              - insert-after: telaah
                step: {id: rapat, kind: meeting, actor: kepala, participants: [petugas], activity: Rapat membahas pengaduan, time: {value: 2, unit: hours}}

            """))
        let sop = try #require(r.validDefinition, "\(r.diagnostics)")
        #expect(sop.steps.map(\.id) == ["ajukan", "telaah", "rapat", "periksa", "kirim", "terima"])
        #expect(sop.steps.map(\.number) == [1, 2, 3, 4, 5, 6])
        #expect(sop.step("telaah")?.next == "rapat" && sop.step("rapat")?.next == "periksa")
        // The loop back from the decision still returns to the examination.
        #expect(sop.step("periksa")?.outcomes.last?.next == "telaah")
        let at = try #require(r.sourceMap.location(of: "steps[2].activity"))
        #expect(at.file.hasSuffix("varian.yaml") && at.line == 6)
    }

    @Test func insertBeforeRedirectsEarlierStepsButNotLoops() throws {
        let r = load(header("""
            changes:
              - insert-before: periksa
                step: {id: paraf, kind: task, actor: petugas, activity: Paraf draft, inputs: [draft], time: {value: 30, unit: minutes}}

            """))
        let sop = try #require(r.validDefinition, "\(r.diagnostics)")
        #expect(sop.steps.map(\.id) == ["ajukan", "telaah", "paraf", "periksa", "kirim", "terima"])
        #expect(sop.step("telaah")?.next == "paraf" && sop.step("paraf")?.next == "periksa")
    }

    @Test func replaceRemoveSetAndRetarget() throws {
        let r = load(header("""
            changes:
              - replace: kirim
                step: {id: kirim, kind: task, actor: petugas, activity: Mengirim surat balasan melalui SP4N-LAPOR!, inputs: [surat-balasan], time: {value: 1, unit: working-days}, next: terima}
              - set: telaah
                time: {value: 3, unit: working-days}
                actor: kepala
              - retarget: periksa
                outcome: tolak
                next: ajukan
              - remove: kirim

            """))
        let sop = try #require(r.validDefinition, "\(r.diagnostics)")
        #expect(sop.steps.map(\.id) == ["ajukan", "telaah", "periksa", "terima"])
        #expect(sop.step("telaah")?.time == StandardTime(3, .workingDays) && sop.step("telaah")?.actor == "kepala")
        #expect(sop.step("periksa")?.outcomes.map(\.next) == ["terima", "ajukan"])
        #expect(sop.steps.map(\.number) == [1, 2, 3, 4])
    }

    @Test func removingAStepOthersStillNeedIsAnErrorAtTheReference() throws {
        // `periksa` is a decision: nothing to splice to; `telaah` still leads to it (in the base file).
        let r = load(header("changes:\n  - remove: periksa\n"))
        let d = try #require(r.diagnostics.first { $0.message.contains("was removed") })
        #expect(d.code == Rule.unknownStep.code)
        #expect(d.location?.file.hasSuffix("dasar.yaml") == true && d.location?.line == 34)
        #expect(d.message.contains("line 5"))
    }

    @Test func editingARemovedStepIsAnError() throws {
        let r = load(header("changes:\n  - remove: kirim\n  - set: kirim\n    time: {value: 1, unit: minutes}\n"))
        let d = try #require(r.diagnostics.first { $0.code == Rule.changeProblem.code })
        #expect(d.location?.line == 6 && d.location?.file.hasSuffix("varian.yaml") == true)
        #expect(d.message == "step 'kirim' was removed by the change at line 5")
    }

    @Test func unknownStepsAndChangesGetASuggestion() throws {
        let r = load(header("changes:\n  - set: telah\n    time: {value: 1, unit: minutes}\n  - insert-afer: telaah\n    step: {id: x}\n"))
        let unknownStep = try #require(r.diagnostics.first { $0.code == Rule.unknownStep.code })
        #expect(unknownStep.hint == "did you mean 'telaah'?" && unknownStep.location?.line == 5)
        let unknownChange = try #require(r.diagnostics.first { $0.code == Rule.unknownKey.code })
        #expect(unknownChange.hint == "did you mean 'insert-after'?" && unknownChange.location?.line == 7)
    }

    @Test func anInsertedDecisionGetsNoImplicitNext() throws {
        let r = load(header("""
            changes:
              - insert-before: kirim
                step:
                  id: cek
                  kind: decision
                  actor: petugas
                  activity: Memeriksa kelengkapan surat
                  inputs: [surat-balasan]
                  outcomes:
                    - {id: lengkap, label: Lengkap, next: kirim}
                    - {id: kurang, label: Kurang, next: periksa, revision: true, maxRounds: 2}

            """))
        let sop = try #require(r.validDefinition, "\(r.diagnostics)")
        #expect(sop.step("cek")?.next == nil)
        #expect(sop.step("periksa")?.outcomes.first?.next == "cek")
    }

    @Test func replacingWithAnotherIDRedirectsItsReferences() throws {
        let r = load(header("""
            changes:
              - replace: kirim
                step: {id: kirim-lapor, kind: task, actor: petugas, activity: Mengirim melalui SP4N-LAPOR!, inputs: [surat-balasan], time: {value: 5, unit: minutes}, next: terima}

            """))
        let sop = try #require(r.validDefinition, "\(r.diagnostics)")
        #expect(sop.step("periksa")?.outcomes.first?.next == "kirim-lapor")
    }

    @Test func fieldsAChangeDoesNotTakeAreReported() throws {
        let r = load(header("changes:\n  - retarget: periksa\n    outcom: tolak\n    next: ajukan\n  - remove: kirim\n    step: {id: x}\n"))
        let typo = try #require(r.diagnostics.first { $0.location?.line == 6 })
        #expect(typo.code == Rule.unknownKey.code && typo.hint == "did you mean 'outcome'?")
        #expect(r.diagnostics.contains { $0.code == Rule.unknownKey.code && $0.location?.line == 9 && $0.message.contains("`remove` does not take 'step'") })
    }

    @Test func insertingAfterADecisionIsRefused() throws {
        let r = load(header("changes:\n  - insert-after: periksa\n    step: {id: x, kind: task, actor: petugas, activity: X}\n"))
        #expect(r.diagnostics.contains { $0.code == Rule.changeProblem.code && $0.location?.line == 5 })
        #expect(r.definition == nil)
    }

    @Test func problemsPointAtTheVariantOrTheBase() throws {
        // The variant names an undeclared role; the base is fine.
        let r = load(header("changes:\n  - set: kirim\n    actor: humas\n"))
        let d = try #require(r.diagnostics.first { $0.code == Rule.undeclaredRole.code })
        #expect(d.location?.file.hasSuffix("varian.yaml") == true && d.location?.line == 6)
        // A fault inherited from the base is reported in the base.
        let broken = Self.base.replacingOccurrences(of: "    actor: kepala\n", with: "    actor: kapala\n")
        let r2 = load(header(), base: broken)
        let d2 = try #require(r2.diagnostics.first { $0.code == Rule.undeclaredRole.code })
        #expect(d2.location?.file.hasSuffix("dasar.yaml") == true && d2.location?.line == 38)
        #expect(r2.texts.keys.contains { $0.hasSuffix("dasar.yaml") })
    }

    @Test func extendsCyclesAndMissingBasesAreErrors() throws {
        let a = "format: sop/v1\nextends: b.yaml\nid: a\n", b = "format: sop/v1\nextends: varian.yaml\nid: b\n"
        let r = load("format: sop/v1\nextends: a.yaml\nid: varian\n", extra: ["a.yaml": a, "b.yaml": b])
        let d = try #require(r.diagnostics.first { $0.code == Rule.extendsProblem.code })
        #expect(d.message.contains("cycle") && d.location?.file.hasSuffix("b.yaml") == true && d.location?.line == 2)
        let selfish = load("format: sop/v1\nextends: varian.yaml\nid: varian\n")
        #expect(selfish.diagnostics.contains { $0.code == Rule.extendsProblem.code && $0.message.contains("cycle") })
        let missing = load("format: sop/v1\nextends: dasr.yaml\nid: varian\n")
        let m = try #require(missing.diagnostics.first { $0.code == Rule.extendsProblem.code })
        #expect(m.hint == "did you mean 'dasar.yaml'?" && m.location?.line == 2)
    }

    @Test func variantsOfVariantsResolveInOrder() throws {
        let middle = "format: sop/v1\nextends: dasar.yaml\nid: tengah\nchanges:\n  - set: telaah\n    time: {value: 2, unit: working-days}\n"
        let r = load("format: sop/v1\nextends: tengah.yaml\nid: varian\nchanges:\n  - set: kirim\n    time: {value: 10, unit: minutes}\n",
                     extra: ["tengah.yaml": middle])
        let sop = try #require(r.validDefinition, "\(r.diagnostics)")
        #expect(sop.step("telaah")?.time == StandardTime(2, .workingDays))
        #expect(sop.step("kirim")?.time == StandardTime(10, .minutes))
    }

    @Test func theResolvedYAMLLoadsToTheSameDefinition() throws {
        let r = load(header("""
            identity: {number: "SOP/002/2026"}
            changes:
              - insert-after: telaah
                step: {id: rapat, kind: meeting, actor: kepala, activity: "Rapat: membahas # pengaduan", time: {value: 2, unit: hours}}

            """))
        let sop = try #require(r.validDefinition, "\(r.diagnostics)")
        let tree = try #require(SOPLoader.resolvedTree(path: r.file).root)
        let again = SOPLoader.load(text: YAMLEmitter.emit(tree), file: "resolved.yaml")
        #expect(again.diagnostics.isEmpty, "\(again.diagnostics)")
        #expect(again.definition == sop)
    }
}
