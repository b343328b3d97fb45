import Foundation
import Testing
@testable import SOPCLI

/// `sop timeline`, `compare`, `simulate`, `report` and `export`: golden outputs for every
/// text, JSON and CSV form; the SVGs and XML exports checked for structure.
@Suite struct AnalysisCommandTests {
    static let serdang = CLI.path("sops/serdang-bedagai-pengaduan.yaml")
    static let lamandau = CLI.path("sops/lamandau-pengaduan.yaml")
    static let imb = CLI.path("sops/dpmptsp-imb-jatim.yaml")

    /// A database of 40 simulated cases over both seeds, made once per run.
    static let simulating = Task<String, Never> {
        let db = CLI.temporaryFile("sim.db", "")
        try? FileManager.default.removeItem(atPath: db)
        let run = await CLI.run("simulate", serdang, lamandau, "--cases", "40", "--seed", "5", "--start", "2026-01-05T08:00",
                                "--days", "100", "--db", db)
        precondition(run.status == 0, run.err)
        return db
    }

    @Test(arguments: ["text", "json", "csv"])
    func timelineOutputs(format: String) async {
        let run = await CLI.run("timeline", Self.serdang, "--start", "2026-03-02T09:00", "--format", format)
        #expect(run.status == 0, "\(run.err)")
        Golden.check(run.out, "timeline-serdang.\(format == "text" ? "txt" : format)")
    }

    @Test(arguments: ["text", "json", "csv"])
    func parallelTimelineOutputs(format: String) async {
        let run = await CLI.run("timeline", Self.imb, "--start", "2026-03-02T09:00", "--format", format)
        #expect(run.status == 0, "\(run.err)")
        Golden.check(run.out, "timeline-imb.\(format == "text" ? "txt" : format)")
    }

    /// The licensing SOP's field check (1 working day) runs beside the fee (1 h) and the print
    /// (1 h): both branches start when the plans are evaluated, the verification waits for the
    /// field check, and only the field-check branch is on the critical path.
    @Test func parallelTimelineRunsTheBranchesSideBySide() async throws {
        let run = await CLI.run("timeline", Self.imb, "--start", "2026-03-02T09:00", "--format", "json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])
        let steps = try #require(json["steps"] as? [[String: Any]])
        func step(_ id: String) throws -> [String: Any] { try #require(steps.first { $0["step"] as? String == id }) }
        #expect(try step("peninjauan-lokasi")["start"] as? String == (try step("hitung-retribusi")["start"] as? String))
        #expect(try step("cetak-sk")["start"] as? String == (try step("hitung-retribusi")["due"] as? String))
        // The field check is due at closing (16:00); the verification starts at the next opening.
        #expect(try step("peninjauan-lokasi")["due"] as? String == "2026-03-03T16:00:00+07:00")
        #expect(try step("verifikasi")["start"] as? String == "2026-03-04T07:30:00+07:00")
        #expect(try step("cetak-sk")["due"] as? String == "2026-03-02T12:00:00+07:00")
        #expect(try step("verifikasi")["after"] as? [String] == ["peninjauan-lokasi", "cetak-sk"])
        let critical = try #require(json["criticalPath"] as? [String])
        #expect(critical.contains("peninjauan-lokasi") && !critical.contains("hitung-retribusi") && !critical.contains("cetak-sk"))
        #expect(critical.last == "serahkan-sk")
        #expect(try step("bayar-retribusi")["applicant"] as? Bool == true)
        #expect(try step("verifikasi")["applicant"] as? Bool == false)
        #expect(json["due"] as? String == (try step("serahkan-sk")["due"] as? String))
        // The applicant's correction is not on the forward flow: it is a return, not a step of the standard.
        #expect(!steps.contains { $0["step"] as? String == "perbaikan-gambar" })
        // `sop due` schedules the same.
        let due = await CLI.run("due", Self.imb, "--start", "2026-03-02T09:00", "--format", "json")
        let d = try #require(try JSONSerialization.jsonObject(with: Data(due.out.utf8)) as? [String: Any])
        #expect(d["due"] as? String == json["due"] as? String)
        #expect(d["criticalPath"] as? [String] == critical)
    }

    /// The Gantt chart draws the parallel branches on rows of their own at the same time.
    @Test func ganttDrawsParallelBarsSideBySide() async throws {
        let svg = await CLI.run("timeline", Self.imb, "--start", "2026-03-02T09:00", "--format", "svg").out
        func bar(_ id: String) throws -> (x: Int, y: Int, cls: String) {
            let line = try #require(svg.split(separator: "\n").first { $0.contains("data-step=\"\(id)\"") })
            func attr(_ name: String) -> String {
                let part = line.components(separatedBy: " \(name)=\"")[1]
                return String(part.prefix { $0 != "\"" })
            }
            return (Int(attr("x"))!, Int(attr("y"))!, attr("class"))
        }
        let field = try bar("peninjauan-lokasi"), fee = try bar("hitung-retribusi")
        #expect(field.x == fee.x)
        #expect(field.y != fee.y)
        #expect(field.cls.contains("critical") && fee.cls.contains("parallel"))
        #expect(try bar("bayar-retribusi").cls.contains("applicant"))
    }

    @Test(arguments: ["text", "json", "csv"])
    func compareOutputs(format: String) async {
        let run = await CLI.run("compare", Self.serdang, Self.lamandau, "--start", "2026-03-02T09:00", "--format", format)
        #expect(run.status == 0, "\(run.err)")
        Golden.check(run.out, "compare.\(format == "text" ? "txt" : format)")
    }

    @Test func compareStatesWhatOnlyLamandauHasAndTheCalendarDates() async throws {
        let run = await CLI.run("compare", Self.serdang, Self.lamandau, "--start", "2026-03-02T09:00", "--format", "json")
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

    /// The administrators' complaint: one SOP, four totals. Every command states the standard
    /// total the same way, and office time to the minute.
    @Test func everyCommandStatesTheStandardTotalTheSameWay() async {
        for (sop, total, indonesian) in [(Self.lamandau, "10 working days 2 h 40 min", "10 hari kerja 2 jam 40 menit"),
                                         (Self.serdang, "65 working days 2 h 15 min", "65 hari kerja 2 jam 15 menit")] {
            let show = await CLI.run("show", sop), list = await CLI.run("list", CLI.path("sops"))
            let due = await CLI.run("timeline", sop, "--start", "2026-03-02T09:00")
            let compare = await CLI.run("compare", Self.serdang, Self.lamandau, "--start", "2026-03-02T09:00", "--format", "csv")
            #expect(show.out.contains("Total waktu baku: \(indonesian)"), "\(show.out)")
            #expect(list.out.contains(total), "\(list.out)")
            #expect(due.out.contains("(total standard time \(total),"), "\(due.out)")
            #expect(compare.out.contains(total), "\(compare.out)")
            for other in [show.out, list.out, due.out, compare.out] {
                #expect(!other.contains("office minutes") && !other.contains(" wd") && other.range(of: #"\d\.\d h"#, options: .regularExpression) == nil)
            }
        }
    }

    @Test func compareNeedsTwoFilesAndALocalTime() async {
        await #expect(CLI.run("compare", Self.serdang).status == 2)
        let offset = await CLI.run("compare", Self.serdang, Self.lamandau, "--start", "2026-03-02T09:00+07:00")
        #expect(offset.status == 2)
        #expect(offset.err.contains("not a local time"))
    }

    @Test(arguments: ["text", "json", "csv"])
    func reportOutputs(format: String) async {
        let run = await CLI.run("report", "--db", await Self.simulating.value, "--now", "2026-05-01T12:00", "--format", format)
        #expect(run.status == 0, "\(run.err)")
        Golden.check(run.out, "report.\(format == "text" ? "txt" : format)")
    }

    @Test func simulationIsDeterministic() async {
        let other = CLI.temporaryFile("again.db", "")
        try? FileManager.default.removeItem(atPath: other)
        await #expect(CLI.run("simulate", Self.serdang, Self.lamandau, "--cases", "40", "--seed", "5", "--start", "2026-01-05T08:00",
                        "--days", "100", "--db", other).status == 0)
        let a = await CLI.run("export", "events", "--db", await Self.simulating.value).out
        let b = await CLI.run("export", "events", "--db", other).out
        #expect(a == b)
        #expect(a.split(separator: "\n").count > 500)
        let third = CLI.temporaryFile("seed6.db", "")
        try? FileManager.default.removeItem(atPath: third)
        await #expect(CLI.run("simulate", Self.serdang, Self.lamandau, "--cases", "40", "--seed", "6", "--start", "2026-01-05T08:00",
                        "--days", "100", "--db", third).status == 0)
        await #expect(CLI.run("export", "events", "--db", third).out != a)
    }

    @Test func eventCSVGolden() async {
        let db = CLI.temporaryFile("demo.db", "")
        try? FileManager.default.removeItem(atPath: db)
        await #expect(CLI.run("demo", "--db", db, "--sops", CLI.path("sops")).status == 0)
        Golden.check(await CLI.run("export", "events", "--db", db).out, "demo-events.csv")
        Golden.check(await CLI.run("export", "events", "--db", db, "--format", "xes").out, "demo-events.xes")
    }

    @Test func bpmnGolden() async {
        Golden.check(await CLI.run("export", "bpmn", Self.serdang).out, "serdang.bpmn")
        Golden.check(await CLI.run("export", "bpmn", Self.lamandau).out, "lamandau.bpmn")
        Golden.check(await CLI.run("export", "bpmn", Self.imb).out, "imb.bpmn")
    }

    @Test func exportsRefuseAMissingDatabase() async {
        let run = await CLI.run("export", "events", "--db", "/nonexistent/none.db")
        #expect(run.status == 1)
        #expect(run.err.contains("there is no database"))
        await #expect(CLI.run("report", "--db", "/nonexistent/none.db").status == 1)
    }
}
