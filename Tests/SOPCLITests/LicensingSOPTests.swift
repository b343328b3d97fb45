import Foundation
import SOPCore
import SOPStore
import Testing
@testable import SOPCLI

/// The shipped IMB permit SOP (`sops/dpmptsp-imb-jatim.yaml`) end to end through the command
/// line: the fork, both branches by different lanes, the plans sent back to the applicant with
/// the agency's clock stopped, the join, the payment, the close.
@Suite struct LicensingSOPTests {
    let sop = CLI.path("sops/dpmptsp-imb-jatim.yaml")

    func database() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("sop-imb-\(UUID().uuidString).db").path
    }

    struct Shown: Decodable { var state: CaseState }

    func state(_ id: String, _ db: String) async throws -> CaseState {
        let r = await CLI.run("case", "show", id, "--db", db, "--format", "json")
        #expect(r.status == 0, "\(r.err)")
        return try JSONDecoder().decode(Shown.self, from: Data(r.out.utf8)).state
    }

    @Test func aPermitRunsThroughTheCommandLine() async throws {
        let db = database()
        let doc = CLI.temporaryFile("berkas.pdf", "%PDF-1.4 berkas")
        var r = await CLI.run("case", "open", sop, "--case-id", "IMB-1", "--at", "2026-03-02T08:00", "--attach", "berkas-imb=\(doc)", "--db", db)
        #expect(r.status == 0, "\(r.err)")
        func complete(_ step: String, _ role: String, _ at: String, outcome: String? = nil, attach: [String] = []) async {
            var args = ["case", "complete", "IMB-1", step, "--as", role, "--at", at, "--db", db]
            if let outcome { args += ["--outcome", outcome] }
            for a in attach { args += ["--attach", "\(a)=\(doc)"] }
            let r = await CLI.run(args)
            #expect(r.status == 0, "\(step): \(r.err)")
        }
        await complete("terima-berkas", "pengadministrasi-perizinan", "2026-03-02T08:20", attach: ["tanda-terima"])
        await complete("evaluasi-rencana", "tim-teknis", "2026-03-02T08:45")
        var s = try await state("IMB-1", db)
        #expect(s.activeSteps.map(\.step) == ["peninjauan-lokasi", "hitung-retribusi"])
        // The fee: either of two lanes; here the clerical one.
        await complete("hitung-retribusi", "pengadministrasi-perizinan", "2026-03-03T09:30", attach: ["lembar-kerja-retribusi"])
        // The field check finds the drawing wrong: the plans go back to the applicant.
        await complete("peninjauan-lokasi", "tim-teknis", "2026-03-03T10:00", outcome: "tidak-sesuai", attach: ["berita-acara-pemeriksaan"])
        s = try await state("IMB-1", db)
        #expect(s.isWaitingOnApplicant)
        #expect(Set(s.activeSteps.map(\.step)) == ["perbaikan-gambar", "cetak-sk"])
        // The applicant answers a week later; the officer records it on their behalf.
        await complete("perbaikan-gambar", "pemohon", "2026-03-10T09:00", attach: ["gambar-perbaikan"])
        s = try await state("IMB-1", db)
        #expect(!s.isWaitingOnApplicant)
        #expect(s.applicantOfficeSeconds > 0)
        // Printing had 30 minutes left when the clock stopped at 10:00: due again at 09:30.
        #expect(s.openRecord(of: "cetak-sk")?.record.due == Instant.parse("2026-03-10T09:30", defaultUTCOffsetSeconds: 7 * 3600))
        await complete("cetak-sk", "pengadministrasi-perizinan", "2026-03-10T09:20", attach: ["sk-imb"])
        await complete("peninjauan-lokasi", "tim-teknis", "2026-03-11T10:00", outcome: "sesuai", attach: ["berita-acara-pemeriksaan"])
        s = try await state("IMB-1", db)
        #expect(s.activeSteps.map(\.step) == ["verifikasi"])
        await complete("verifikasi", "kepala-bidang-perizinan", "2026-03-12T09:00", outcome: "ya", attach: ["sk-imb-terverifikasi"])
        await complete("tandatangani-sk", "kepala-dinas", "2026-03-12T14:00", attach: ["sk-imb-ttd"])
        await complete("beritahu-pemohon", "pengelola-data", "2026-03-12T14:10", attach: ["pemberitahuan"])
        await complete("bayar-retribusi", "pemohon", "2026-03-16T10:00", attach: ["bukti-bayar"])
        await complete("serahkan-sk", "pengadministrasi-perizinan", "2026-03-16T10:10")
        s = try await state("IMB-1", db)
        #expect(s.status == .closed && s.resolution == nil)
        // The plans' week with the applicant is not the agency's time: the print step, open
        // beside it, is on time although its hour ran out days earlier by the wall clock.
        #expect(s.history.first { $0.step == "cetak-sk" }?.onTime == true)
        #expect(s.history.filter { $0.step == "peninjauan-lokasi" }.count == 2)
        r = await CLI.run("verify", "--db", db)
        #expect(r.status == 0, "\(r.err)")
    }
}
