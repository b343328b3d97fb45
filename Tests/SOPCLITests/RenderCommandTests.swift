import Foundation
@testable import SOPCLI
import Testing

/// `sop render --format pdf`: the print-ready PDF through headless Chromium, and what it says
/// when Chromium is missing or no output file is given.
@Suite struct RenderCommandTests {
    @Test func aPDFNeedsAnOutputFile() {
        let run = CLI.run("render", CLI.path("sops/lamandau-pengaduan.yaml"), "--format", "pdf")
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

    @Test func thePDFHasTheIdentityPageAndOnePagePerFlowchartPage() throws {
        guard ChromiumPDF.browser() != nil else {
            print("skipped: no headless Chromium on this machine (apt-get install chromium); CI's crosscheck prints the PDFs")
            return
        }
        let out = CLI.temporaryFile("imb.pdf", "")
        let run = CLI.run("render", CLI.path("sops/dpmptsp-imb-jatim.yaml"), "--format", "pdf", "-o", out)
        #expect(run.status == 0, "\(run.err)")
        let data = try Data(contentsOf: URL(fileURLWithPath: out))
        #expect(data.starts(with: Array("%PDF".utf8)))
        let text = String(decoding: data, as: UTF8.self)
        let pages = text.components(separatedBy: "/Type /Page\n").count - 1 + text.components(separatedBy: "/Type /Page>").count - 1
            + text.components(separatedBy: "/Type /Page/").count - 1
        let html = CLI.run("render", CLI.path("sops/dpmptsp-imb-jatim.yaml"))
        let sections = html.out.components(separatedBy: "<section class=\"page").count - 1
        #expect(sections >= 3)
        #expect(pages == sections, "\(pages) PDF pages for \(sections) sections")
    }
}

extension RenderCommandTests {
    @Test func theCopyToSignIsRefusedWhileAValueIsAssumed() {
        let run = CLI.run("render", CLI.path("sops/lamandau-pengaduan.yaml"), "--without-marks")
        #expect(run.status == 1)
        #expect(run.err.contains("cannot be printed without marks") && run.err.contains("sampaikan-permasalahan.time (assumed)"))
        let marked = CLI.run("render", CLI.path("sops/lamandau-pengaduan.yaml"))
        #expect(marked.status == 0 && marked.out.contains("diasumsikan"))
    }
}
