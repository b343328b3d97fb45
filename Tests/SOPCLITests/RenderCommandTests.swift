import Foundation
@testable import SOPCLI
import Testing

/// `sop render --format pdf`: the print-ready PDF through headless Chromium, and what it says
/// when Chromium is missing or no output file is given.
@Suite struct RenderCommandTests {
    @Test func aPDFNeedsAnOutputFile() async {
        let run = await CLI.run("render", CLI.path("sops/lamandau-pengaduan.yaml"), "--format", "pdf")
        #expect(run.status == 1)
        #expect(run.err.contains("--output FILE.pdf"))
    }

    @Test func withoutChromiumTheErrorNamesTheDebianPackage() throws {
        #expect(ChromiumPDF.browser(environment: ["PATH": "/nonexistent"]) == nil)
        #expect(ChromiumPDF.browser(environment: ["PATH": "/nonexistent", "SOP_CHROMIUM": "/opt/chrome"]) == "/opt/chrome")
        let out = CLI.temporaryFile("sop.pdf", "")
        #expect(throws: ChromiumPDF.Failure.self) { try ChromiumPDF.print(html: "<p>x</p>", to: out, browser: nil) }
        do { try ChromiumPDF.print(html: "<p>x</p>", to: out, browser: nil) } catch {
            #expect("\(error)".contains("Debian package chromium") && "\(error)".contains("SOP_CHROMIUM"))
        }
        // A browser that cannot be started is named, not crashed on.
        do { try ChromiumPDF.print(html: "<p>x</p>", to: out, browser: "/nonexistent/chromium") } catch {
            #expect("\(error)".contains("/nonexistent/chromium"))
        }
    }

    @Test func thePDFHasTheIdentityPageAndOnePagePerFlowchartPage() async throws {
        guard ChromiumPDF.browser() != nil else {
            print("skipped: no headless Chromium on this machine (apt-get install chromium); CI's crosscheck prints the PDFs")
            return
        }
        let out = CLI.temporaryFile("imb.pdf", "")
        let run = await CLI.run("render", CLI.path("sops/dpmptsp-imb-jatim.yaml"), "--format", "pdf", "-o", out)
        #expect(run.status == 0, "\(run.err)")
        let data = try Data(contentsOf: URL(fileURLWithPath: out))
        #expect(data.starts(with: Array("%PDF".utf8)))
        let text = String(decoding: data, as: UTF8.self)
        let pages = text.components(separatedBy: "/Type /Page\n").count - 1 + text.components(separatedBy: "/Type /Page>").count - 1
            + text.components(separatedBy: "/Type /Page/").count - 1
        let html = await CLI.run("render", CLI.path("sops/dpmptsp-imb-jatim.yaml"))
        let sections = html.out.components(separatedBy: "<section class=\"page").count - 1
        #expect(sections >= 3)
        #expect(pages == sections, "\(pages) PDF pages for \(sections) sections")
    }
}

extension RenderCommandTests {
    @Test func theCopyToSignIsRefusedWhileAValueIsAssumed() async {
        let run = await CLI.run("render", CLI.path("sops/lamandau-pengaduan.yaml"), "--without-marks")
        #expect(run.status == 1)
        #expect(run.err.contains("cannot be printed without marks") && run.err.contains("sampaikan-permasalahan.time (assumed)"))
        let marked = await CLI.run("render", CLI.path("sops/lamandau-pengaduan.yaml"))
        #expect(marked.status == 0 && marked.out.contains("diasumsikan"))
    }
}

extension RenderCommandTests {
    /// The Serdang Bedagai SOP with a revision number, status, two sign-offs and its own column
    /// titles, written where its calendar is found.
    static func revisedSOP() throws -> String {
        var text = try String(contentsOfFile: CLI.path("sops/serdang-bedagai-pengaduan.yaml"), encoding: .utf8)
        text = text.replacingOccurrences(of: "\ncalendar: calendars/", with: "\ncalendar: \(CLI.path("sops/calendars"))/")
        text = text.replacingOccurrences(of: "  number: SOP/XVI.C.08/DPMPTSP/2023\n", with: """
              revision: "03"
              status: Disahkan
              signOffs:
                - {label: Dibuat oleh, title: Kepala Seksi Pengaduan, name: "Siti Aminah, S.Sos.", nip: "19850312 201001 2 011", date: 2023-02-01}
                - {label: Diperiksa oleh, title: Kepala Bidang Pelayanan}
              columns: {activity: Uraian Prosedur}
              number: SOP/XVI.C.08/DPMPTSP/2023

            """)
        return CLI.temporaryFile("revised.yaml", text)
    }

    @Test func identityFieldsArePrintedShownAndCompared() async throws {
        let file = try Self.revisedSOP()
        let html = await CLI.run("render", file)
        #expect(html.status == 0, "\(html.err)")
        for text in ["NOMOR REVISI", ">03<", "STATUS DOKUMEN", "Disahkan", "Dibuat oleh", "Siti Aminah, S.Sos.",
                     "NIP. 19850312 201001 2 011", "1 Februari 2023", "Diperiksa oleh", ">Uraian Prosedur<"] {
            #expect(html.out.contains(text), "\(text) missing from the document")
        }
        #expect(!html.out.contains(">KEGIATAN<"))
        let show = await CLI.run("show", file)
        #expect(show.out.contains("Nomor revisi") && show.out.contains("Dibuat oleh") && show.out.contains("Kegiatan → Uraian Prosedur"))
        #expect(show.out.contains("Daerah") && !show.out.contains("Kabupaten  "))
        let diff = await CLI.run("diff", CLI.path("sops/serdang-bedagai-pengaduan.yaml"), file)
        #expect(diff.out.contains("identity.revision") && diff.out.contains("identity.signOffs"), "\(diff.out)")
    }
}

extension RenderCommandTests {
    @Test func aDocumentNotYetNumberedPrintsSoAndShowsADash() async throws {
        var text = try String(contentsOfFile: CLI.path("sops/serdang-bedagai-pengaduan.yaml"), encoding: .utf8)
        text = text.replacingOccurrences(of: "\ncalendar: calendars/", with: "\ncalendar: \(CLI.path("sops/calendars"))/")
            .replacingOccurrences(of: "  number: SOP/XVI.C.08/DPMPTSP/2023\n", with: "")
        let file = CLI.temporaryFile("unnumbered.yaml", text)
        let html = await CLI.run("render", file)
        #expect(html.status == 0 && html.out.contains("(belum bernomor)") && !html.out.contains("SOP/XVI.C.08"))
        await #expect(CLI.run("show", file).out.contains("— (belum bernomor)"))
    }
}
