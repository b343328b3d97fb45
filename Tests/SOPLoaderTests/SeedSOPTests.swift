import SOPCore
import Testing
@testable import SOPLoader

/// The two transcribed SOPs against the seed documents in shared/seeds.
@Suite struct SeedSOPTests {
    func load(_ path: String) throws -> SOPDefinition {
        let result = SOPLoader.load(path: path)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map { $0.rendered() })")
        return try #require(result.validDefinition)
    }

    @Test func serdangBedagaiMatchesTheDocument() throws {
        let sop = try load(Repository.serdangBedagai)
        #expect(sop.identity.number == "SOP/XVI.C.08/DPMPTSP/2023")
        #expect(sop.identity.dates.made == CivilDate(iso: "2023-03-09"))
        #expect(sop.identity.dates.effective == CivilDate(iso: "2023-03-31"))
        #expect(sop.identity.dates.revised == nil)
        #expect(sop.identity.approver.nip == "19810722 200604 1 002")
        #expect(sop.legalBasis.count == 8)
        #expect(sop.qualifications.count == 6)
        #expect(sop.equipment.count == 8)
        #expect(sop.records == [RecordSpec(name: "Form pengaduan", form: "FM-C.08-01")])
        #expect(sop.roles.map(\.title) == ["Masyarakat / Pengadu", "Pranata Humas", "Fungsional Muda", "Kepala Dinas"])
        #expect(sop.steps.count == 7)
        let times = sop.steps.map { $0.time! }
        #expect(times == [StandardTime(5, .minutes), StandardTime(5, .workingDays), StandardTime(60, .workingDays),
                          StandardTime(60, .minutes), StandardTime(60, .minutes), StandardTime(5, .minutes),
                          StandardTime(5, .minutes)])
        // Steps 4 and 5 are decisions that send the draft reply back.
        #expect(sop.steps.map(\.kind) == [.start, .task, .task, .decision, .decision, .task, .end])
        let back4 = sop.steps[3].outcomes.first { $0.revision }
        let back5 = sop.steps[4].outcomes.first { $0.revision }
        #expect(back4?.next == "telaah-pengaduan")
        #expect(back5?.next == "periksa-draft")
        // No swimlane marks survived: every actor is marked inferred with a reason.
        #expect(sop.steps.allSatisfy { $0.provenance["actor"]?.status == .inferred && !$0.provenance["actor"]!.reason.isEmpty })
        let total = sop.mainPathTotal
        #expect(total.workingDays == 65)
        #expect(total.officeMinutes == 135)
    }

    @Test func lamandauMatchesTheDocument() throws {
        let sop = try load(Repository.lamandau)
        #expect(sop.identity.number == "503.6/0101/II/DPMPTSP-2024")
        #expect(sop.identity.approver.name == "MUL'ATMIDY, S.Sos., M.A.P")
        #expect(sop.identity.approver.rank == "Pembina Tingkat I (IV/b)")
        #expect(sop.identity.approver.nip == "19790402 200502 1 004")
        #expect(sop.warnings.count == 3)
        #expect(sop.records.map(\.name) == ["Buku Agenda Permohonan", "Buku Agenda Tanggapan Pengaduan"])
        #expect(sop.roles.map(\.title) == ["Pemohon", "Loket Pelayanan (Help Desk)", "Kabid Perizinan (Back Office/BO)", "Kepala DPM/PTSP"])
        #expect(sop.steps.count == 8)
        #expect(sop.steps[3].kind == .meeting)
        #expect(sop.steps[3].activity.contains("rapat"))
        #expect(sop.steps[7].activity == "Mengarsipkan berkas pengaduan")
        #expect(sop.steps[7].kind == .end)
        // The time column is empty in our copy: every time is assumed, with a reason.
        #expect(sop.steps.allSatisfy { $0.time != nil && $0.provenance["time"]?.status == .assumed })
        #expect(sop.steps.allSatisfy { $0.provenance["actor"]?.status == .inferred })
        // Steps 1–6 stay inside the 14 days of UU 25/2009 Pasal 50 for a response.
        var upToResponse = TimeTotal()
        for step in sop.steps.prefix(6) { upToResponse.add(step.time) }
        #expect(upToResponse.workingDays + (upToResponse.officeMinutes + 449) / 450 <= 14)
    }

    @Test func sameInputLoadsToTheSameValue() throws {
        #expect(try load(Repository.serdangBedagai) == load(Repository.serdangBedagai))
    }
}
