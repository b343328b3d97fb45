import Foundation
import SOPCore
import Testing
@testable import SOPCLI

@Suite struct ShowCommandTests {
    @Test func serdangBedagaiSummary() async {
        let r = await CLI.run("show", CLI.path("sops/serdang-bedagai-pengaduan.yaml"))
        #expect(r.status == 0, "\(r.err)")
        for expected in ["SOP/XVI.C.08/DPMPTSP/2023", "Reza Firmansyah, S.T. (NIP 19810722 200604 1 002)",
                         "Tgl. efektif     2023-03-31", "Form pengaduan (FM-C.08-01)", "Pranata Humas",
                         "Tidak setuju ↺ 3", "60 Hari", "Jalur utama: 1 → 2 → 3 → 4 → 5 → 6 → 7",
                         "Total waktu baku: 65 hari kerja 2 jam 15 menit"] {
            #expect(r.out.contains(expected), "missing: \(expected)")
        }
    }

    @Test func lamandauSummaryShowsTheMeetingAndMarks() async {
        let r = await CLI.run("show", CLI.path("sops/lamandau-pengaduan.yaml"))
        #expect(r.status == 0)
        #expect(r.out.contains("[rapat] Melakukan rapat"))
        #expect(r.out.contains("bersama Kabid"))
        #expect(r.out.contains("(diasumsikan)"))
        #expect(r.out.contains("langkah 6 time: diasumsikan — "))
        #expect(r.out.contains("Total waktu baku: 10 hari kerja 2 jam 40 menit"))
        // One language: no English summary line under the Indonesian headings.
        for english in ["Main path", "Total standard time", "Not stated", "(assumed)", "with Kabid", "[meeting]", "office minutes"] {
            #expect(!r.out.contains(english), "\(english)")
        }
    }

    /// The licensing SOP: the step either of two lanes may do names both, requirements that are
    /// not documents stand beside the documents, times print as written, timers are stated.
    @Test func parallelSOPSummary() async {
        let r = await CLI.run("show", CLI.path("sops/dpmptsp-imb-jatim.yaml"))
        #expect(r.status == 0, "\(r.err)")
        let lines = r.out.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        for expected in ["Biaya:", "Jadwal peninjauan lokasi", "30 menit.", "1 Jam", "Lewat 30 hari kalender: dianggap dicabut",
                         "Lewat 4 jam: pengingat",
                         "⇉ 3 peninjauan-lokasi", "Jalur kritis: 1 → 2 → 3 → 6 → 7 → 8 → 9 → 10"] {
            #expect(r.out.contains(expected), "missing: \(expected)")
        }
        #expect(lines.contains { $0.hasPrefix("4    Tim Teknis") })
        #expect(lines.contains { $0.hasPrefix("atau") })
    }

    @Test func jsonIsTheResolvedDefinition() async throws {
        let r = await CLI.run("show", "--format", "json", CLI.path("sops/serdang-bedagai-pengaduan.yaml"))
        #expect(r.status == 0)
        struct Output: Decodable { var sop: SOPDefinition; var mainPath: [String]; var mainPathTotal: TimeTotal }
        let output = try JSONDecoder().decode(Output.self, from: Data(r.out.utf8))
        #expect(output.sop.steps.count == 7)
        #expect(output.mainPath.first == "sampaikan-pengaduan")
        #expect(output.mainPathTotal.workingDays == 65)
        // Deterministic: the same bytes twice.
        await #expect(CLI.run("show", "--format", "json", CLI.path("sops/serdang-bedagai-pengaduan.yaml")).out == r.out)
    }

    @Test func invalidFileIsRefusedWithItsDiagnostics() async {
        let file = CLI.temporaryFile("bad.yaml", "format: sop/v1\n")
        let r = await CLI.run("show", file)
        #expect(r.status == 1)
        #expect(r.err.contains("[SOP011]"))
    }

    @Test func listShowsBothAgencies() async {
        let r = await CLI.run("list", CLI.path("sops"))
        #expect(r.status == 0)
        #expect(r.out.contains("Kabupaten Lamandau"))
        #expect(r.out.contains("Kabupaten Serdang Bedagai"))
        #expect(r.out.contains("65 working days 2 h 15 min"))
        #expect(r.out.contains("Kabupaten Batu Bara"))
        #expect(r.out.contains("4 SOPs in"))
        await #expect(CLI.run("list", "/nonexistent").status == 2)
    }

    @Test func rulesDocumentIsCurrent() throws {
        let committed = try String(contentsOfFile: CLI.path("docs/rules.md"), encoding: .utf8)
        #expect(committed == RulesDocument.markdown(), "regenerate with: swift run sop rules --format markdown > docs/rules.md")
    }
}

extension ShowCommandTests {
    /// A table never breaks a word: a column grows to its longest id.
    @Test func tablesDoNotBreakIDsMidWord() async {
        var table = TextTable([("Step", 6), ("Time", 5)])
        table.add(["sampaikan-permasalahan", "5 min"])
        let lines = table.render().split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("sampaikan-permasalahan  5 min") }, "\(lines)")
        let show = await CLI.run("show", CLI.path("sops/lamandau-pengaduan.yaml")).out
        #expect(show.contains("(diasumsikan)") && show.contains("catat-permasalahan"))
    }
}
