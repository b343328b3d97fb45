import Foundation
import SOPCore
import SOPStore
import SOPStoreSQLite
import Testing
@testable import SOPCLI

/// `sop case` with several active steps and the applicant's turn, and `sop timers run/list`,
/// on the IMB permit SOP (field check beside the fee calculation, plans back to the applicant
/// with a 30-day withdrawal).
@Suite struct TimersCommandTests {
    let imb = CLI.path("sops/dpmptsp-imb-jatim.yaml")

    func database() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("sop-cli-\(UUID().uuidString).db").path
    }

    func file(_ text: String) -> String { CLI.temporaryFile("doc.txt", text) }

    /// An IMB case past the fork: the field check and the fee calculation are both active.
    func forked(_ db: String, _ id: String = "IMB-1") async {
        let doc = file("berkas")
        var r = await CLI.run("case", "open", imb, "--case-id", id, "--at", "2026-03-02T09:00", "--attach", "berkas-imb=\(doc)", "--db", db)
        #expect(r.status == 0, "\(r.err)")
        r = await CLI.run("case", "complete", id, "terima-berkas", "--as", "pengadministrasi-perizinan", "--attach", "tanda-terima=\(doc)",
                          "--at", "2026-03-02T09:20", "--db", db)
        #expect(r.status == 0, "\(r.err)")
        // With one active step the step may be left out, as before.
        r = await CLI.run("case", "complete", id, "--as", "tim-teknis", "--at", "2026-03-02T09:45", "--db", db)
        #expect(r.status == 0, "\(r.err)")
    }

    @Test func aCaseWithTwoActiveStepsIsShownListedAndCompletedByStep() async throws {
        let db = database()
        await forked(db)
        var r = await CLI.run("case", "show", "IMB-1", "--at", "2026-03-02T10:00", "--db", db)
        #expect(r.out.contains("Status: open, waiting at 2 steps"), "\(r.out)")
        #expect(r.out.contains("  - 'peninjauan-lokasi' for Tim Teknis, due"))
        #expect(r.out.contains("  - 'hitung-retribusi' for Tim Teknis or Pengadministrasi Perizinan, due"))
        // Which of two steps is meant must be said.
        r = await CLI.run("case", "complete", "IMB-1", "--as", "tim-teknis", "--db", db)
        #expect(r.status == 2)
        #expect(r.err.contains("has 2 active steps (peninjauan-lokasi, hitung-retribusi): name the one to complete"), "\(r.err)")
        // Both lanes' queues hold the case; the alternative actor's too.
        for role in ["tim-teknis", "pengadministrasi-perizinan"] {
            r = await CLI.run("case", "list", "--role", role, "--db", db)
            #expect(r.out.contains("IMB-1") && r.out.contains("1 case"), "\(role): \(r.out)")
        }
        r = await CLI.run("case", "list", "--role", "kepala-dinas", "--db", db)
        #expect(r.out.contains("0 cases"))
        r = await CLI.run("case", "list", "--db", db, "--format", "json")
        struct Row: Decodable { var caseID: String; var activeStep: String?; var activity: CaseActivity }
        let rows = try JSONDecoder().decode([Row].self, from: Data(r.out.utf8))
        #expect(rows.map(\.caseID) == ["IMB-1"])
        #expect(rows[0].activeStep == "peninjauan-lokasi")
        #expect(rows[0].activity.activeSteps.map(\.step) == ["peninjauan-lokasi", "hitung-retribusi"])
        #expect(rows[0].activity.activeSteps[1].roles == ["tim-teknis", "pengadministrasi-perizinan"])
        // The fee lane finishes; the field check is still there.
        let doc = file("retribusi")
        r = await CLI.run("case", "complete", "IMB-1", "hitung-retribusi", "--as", "pengadministrasi-perizinan",
                          "--attach", "lembar-kerja-retribusi=\(doc)", "--at", "2026-03-02T10:30", "--db", db)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("waiting at 2 steps"), "the print step follows the fee: \(r.out)")
        #expect(r.out.contains("'cetak-sk'") && r.out.contains("'peninjauan-lokasi'"))
    }

    @Test func plansSentBackAreWithdrawnByTheTimerRunOnce() async throws {
        let db = database()
        await forked(db)
        let doc = file("ba")
        var r = await CLI.run("case", "complete", "IMB-1", "peninjauan-lokasi", "--as", "tim-teknis", "--outcome", "tidak-sesuai",
                              "--attach", "berita-acara-pemeriksaan=\(doc)", "--at", "2026-03-02T11:00", "--db", db)
        #expect(r.status == 0, "\(r.err)")
        r = await CLI.run("case", "show", "IMB-1", "--at", "2026-03-10T09:00", "--db", db)
        #expect(r.out.contains("Waiting on the applicant since 2026-03-02 11:00 WIB, agency clock stopped"), "\(r.out)")
        #expect(r.out.contains("(the applicant's turn)"))
        #expect(r.out.contains("applicant's time (agency clock stopped):"))
        r = await CLI.run("case", "list", "--db", db)
        #expect(r.out.contains("waiting on the applicant, agency clock stopped"), "\(r.out)")
        // The withdrawal is pending at the applicant's due, 30 calendar days on.
        r = await CLI.run("timers", "list", "--db", db)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("perbaikan-gambar") && r.out.contains("withdraw") && r.out.contains("2026-04-01 11:00 WIB"), "\(r.out)")
        #expect(r.out.contains("1 pending timer"))
        // Before it nothing fires (not an error); at it, once; then never again.
        r = await CLI.run("timers", "run", "--at", "2026-04-01T10:59", "--db", db)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("0 timers fired on 0 cases"))
        r = await CLI.run("timers", "run", "--at", "2026-04-01T11:00", "--db", db)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("IMB-1  perbaikan-gambar  withdraw  (case closed: withdrawn)"), "\(r.out)")
        #expect(r.out.contains("1 timer fired on 1 case"))
        r = await CLI.run("timers", "run", "--at", "2026-06-01T11:00", "--db", db)
        #expect(r.out.contains("0 timers fired"))
        let events = try await SQLiteCaseStore(path: db, access: .read).events(caseID: "IMB-1")
        #expect(events.filter { if case .timerFired = $0.event { true } else { false } }.count == 1)
        r = await CLI.run("case", "show", "IMB-1", "--db", db)
        #expect(r.out.contains("Status: closed 2026-04-01 11:00 WIB — withdrawn"), "\(r.out)")
        r = await CLI.run("case", "list", "--status", "closed", "--db", db)
        #expect(r.out.contains("withdrawn"))
        r = await CLI.run("timers", "list", "--db", db, "--format", "json")
        #expect(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [Any] != nil)
        #expect((try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [Any])?.isEmpty == true)
    }

    @Test func timerRunsKeepToTheSOPsAskedAndRefuseBadArguments() async throws {
        let db = database()
        await forked(db)
        // The verification's escalation is far off; the fee lane has no timer: nothing is due.
        var r = await CLI.run("timers", "run", "--at", "2026-03-02T12:00", "--sop", "serdang-bedagai-pengaduan", "--db", db, "--format", "json")
        #expect(r.status == 0)
        #expect((try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [Any])?.isEmpty == true, "\(r.out)")
        await #expect(CLI.run("timers", "run", "--at", "kemarin", "--db", db).status == 2)
        await #expect(CLI.run("timers", "run", "--limit", "0", "--db", db).status == 2)
        r = await CLI.run("timers", "run", "--db", database())
        #expect(r.status == 1)
        #expect(r.err.contains("[no-database]"))
    }
}
