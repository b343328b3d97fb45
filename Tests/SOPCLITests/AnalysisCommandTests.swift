import Foundation
import Testing
@testable import SOPCLI

/// `sop timeline`, `compare`, `simulate`, `report` and `export`: golden outputs for every
/// text, JSON and CSV form; the SVGs and XML exports checked for structure.
@Suite struct AnalysisCommandTests {
    static let serdang = CLI.path("sops/serdang-bedagai-pengaduan.yaml")
    static let lamandau = CLI.path("sops/lamandau-pengaduan.yaml")

    /// A database of 40 simulated cases over both seeds, made once per run.
    static let simulated: String = {
        let db = CLI.temporaryFile("sim.db", "")
        try? FileManager.default.removeItem(atPath: db)
        let run = CLI.run("simulate", serdang, lamandau, "--cases", "40", "--seed", "5", "--start", "2026-01-05T08:00",
                          "--days", "100", "--db", db)
        precondition(run.status == 0, run.err)
        return db
    }()

    @Test(arguments: ["text", "json", "csv"])
    func timelineOutputs(format: String) {
        let run = CLI.run("timeline", Self.serdang, "--start", "2026-03-02T09:00", "--format", format)
        #expect(run.status == 0, "\(run.err)")
        Golden.check(run.out, "timeline-serdang.\(format == "text" ? "txt" : format)")
    }

    @Test(arguments: ["text", "json", "csv"])
    func compareOutputs(format: String) {
        let run = CLI.run("compare", Self.serdang, Self.lamandau, "--start", "2026-03-02T09:00", "--format", format)
        #expect(run.status == 0, "\(run.err)")
        Golden.check(run.out, "compare.\(format == "text" ? "txt" : format)")
    }

    @Test func compareStatesWhatOnlyLamandauHasAndTheCalendarDates() throws {
        let run = CLI.run("compare", Self.serdang, Self.lamandau, "--start", "2026-03-02T09:00", "--format", "json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])
        let differences = try #require(json["differences"] as? [String])
        #expect(differences.contains { $0.hasPrefix("Only Kabupaten Lamandau has a meet step: 4 rapat-pembahasan") })
        #expect(differences.contains { $0.hasPrefix("Only Kabupaten Lamandau has an archive step: 8 arsipkan-berkas") })
        // Filed Monday 2 March 2026 09:00: Lamandau's reply (step 6) is due after 15 calendar days, Serdang Bedagai's after 109.
        let agencies = try #require(json["agencies"] as? [[String: Any]])
        #expect(agencies.map { $0["replyCalendarDays"] as? Int } == [109, 15])
        #expect(agencies.map { $0["decisionPoints"] as? Int } == [2, 0])
        #expect(agencies.map { $0["revisionLoops"] as? Int } == [2, 0])
    }

    @Test func compareNeedsTwoFilesAndALocalTime() {
        #expect(CLI.run("compare", Self.serdang).status == 2)
        let offset = CLI.run("compare", Self.serdang, Self.lamandau, "--start", "2026-03-02T09:00+07:00")
        #expect(offset.status == 2)
        #expect(offset.err.contains("not a local time"))
    }

    @Test(arguments: ["text", "json", "csv"])
    func reportOutputs(format: String) {
        let run = CLI.run("report", "--db", Self.simulated, "--now", "2026-05-01T12:00", "--format", format)
        #expect(run.status == 0, "\(run.err)")
        Golden.check(run.out, "report.\(format == "text" ? "txt" : format)")
    }

    @Test func simulationIsDeterministic() {
        let other = CLI.temporaryFile("again.db", "")
        try? FileManager.default.removeItem(atPath: other)
        #expect(CLI.run("simulate", Self.serdang, Self.lamandau, "--cases", "40", "--seed", "5", "--start", "2026-01-05T08:00",
                        "--days", "100", "--db", other).status == 0)
        let a = CLI.run("export", "events", "--db", Self.simulated).out
        let b = CLI.run("export", "events", "--db", other).out
        #expect(a == b)
        #expect(a.split(separator: "\n").count > 500)
        let third = CLI.temporaryFile("seed6.db", "")
        try? FileManager.default.removeItem(atPath: third)
        #expect(CLI.run("simulate", Self.serdang, Self.lamandau, "--cases", "40", "--seed", "6", "--start", "2026-01-05T08:00",
                        "--days", "100", "--db", third).status == 0)
        #expect(CLI.run("export", "events", "--db", third).out != a)
    }

    @Test func eventCSVGolden() {
        let db = CLI.temporaryFile("demo.db", "")
        try? FileManager.default.removeItem(atPath: db)
        #expect(CLI.run("demo", "--db", db, "--sops", CLI.path("sops")).status == 0)
        Golden.check(CLI.run("export", "events", "--db", db).out, "demo-events.csv")
        Golden.check(CLI.run("export", "events", "--db", db, "--format", "xes").out, "demo-events.xes")
    }

    @Test func bpmnGolden() {
        Golden.check(CLI.run("export", "bpmn", Self.serdang).out, "serdang.bpmn")
        Golden.check(CLI.run("export", "bpmn", Self.lamandau).out, "lamandau.bpmn")
    }

    @Test func exportsRefuseAMissingDatabase() {
        let run = CLI.run("export", "events", "--db", "/nonexistent/none.db")
        #expect(run.status == 1)
        #expect(run.err.contains("there is no database"))
        #expect(CLI.run("report", "--db", "/nonexistent/none.db").status == 1)
    }
}
