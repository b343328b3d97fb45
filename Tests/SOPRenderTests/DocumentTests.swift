import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import SOPCore
import SOPRender
import Testing

/// The SOP-AP document: the flowchart's symbols and arrows, and the identity page.
@Suite struct DocumentTests {
    func nodes(_ doc: XMLDocument, _ xpath: String) throws -> [XMLNode] { try doc.nodes(forXPath: xpath) }

    func svg(_ sop: SOPDefinition, lang: DocumentLanguage = .id) throws -> XMLDocument {
        try XMLDocument(xmlString: FlowchartSVG.svg(sop, lang: lang), options: [])
    }

    @Test func serdangFlowchartHasItsSymbolsLanesAndLoops() throws {
        let doc = try svg(RenderFixtures.serdang.sop)
        #expect(try nodes(doc, "//*[@class='terminator']").count == 2)     // start and end
        #expect(try nodes(doc, "//*[@class='process']").count == 3)        // steps 2, 3, 6
        #expect(try nodes(doc, "//*[@class='decision']").count == 2)       // steps 4, 5
        // Two revision loops, each an arrow back up to the step it returns to (no lettered
        // circles: Permenpan RB 35/2012 allows no on-page connector).
        #expect(try nodes(doc, "//*[local-name()='circle']").isEmpty)
        let loops = try nodes(doc, "//*[@class='flow loop']")
        #expect(try loops.map { try $0.nodes(forXPath: "@data-to").first?.stringValue ?? "" }.sorted() == ["periksa-draft", "telaah-pengaduan"])
        for loop in loops {
            let ys = (try loop.nodes(forXPath: "@d").first?.stringValue ?? "").split(separator: " ").compactMap { Int($0) }.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
            #expect(ys.count >= 2 && ys.last! < ys.first!, "a loop goes back up")
        }
        // Forward arrows: 1→2, 2→3, 3→4, 4→5 (Ya), 5→6 (Ya), 6→7.
        #expect(try nodes(doc, "//*[@class='flow']").count == 6)
        let headers = try nodes(doc, "//*[local-name()='text']").compactMap(\.stringValue)
        for lane in ["Masyarakat /", "Pranata Humas", "Fungsional Muda", "Kepala Dinas", "KELENGKAPAN", "WAKTU", "OUTPUT"] {
            #expect(headers.contains { $0.hasPrefix(lane) }, "\(lane) missing")
        }
        #expect(headers.contains("60 Hari Kerja") || headers.contains("60 Hari"))
        // The outcomes' own labels, as the document prints them.
        #expect(headers.filter { $0 == "Tidak setuju" }.count == 2 && headers.filter { $0 == "Setuju" }.count == 2)
    }

    @Test func lamandauMeetingSpansItsLanes() throws {
        let (sop, _) = RenderFixtures.lamandau
        let doc = try svg(sop, lang: .en)
        let width = Int(try nodes(doc, "//*[@class='meeting']/@width").first?.stringValue ?? "") ?? 0
        // Kepala Dinas with Kabid Perizinan and the help desk: three lanes wide.
        #expect(width > 2 * 66)
        #expect(try nodes(doc, "//*[@class='connector']").isEmpty)
        #expect(try nodes(doc, "//*[@class='flow']").count == 7)
        let texts = try nodes(doc, "//*[local-name()='text']").compactMap(\.stringValue)
        #expect(texts.contains("QUALITY STANDARD") && texts.contains("PERFORMED BY"))
    }

    @Test func theHTMLDocumentIsWellFormedAndCarriesTheIdentityPage() throws {
        let html = try SOPDocument.html(RenderFixtures.serdang.sop)
        let doc = try XMLDocument(xmlString: html, options: [])
        let cells = try nodes(doc, "//*[local-name()='td']").compactMap(\.stringValue).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        #expect(cells.contains("SOP/XVI.C.08/DPMPTSP/2023"))
        #expect(cells.contains("9 Maret 2023"))
        #expect(cells.contains("PENANGANAN PENGADUAN") || cells.contains("Penanganan Pengaduan"))
        #expect(html.contains("NIP. 19810722 200604 1 002"))
        #expect(html.contains("Reza Firmansyah, S.T."))
        #expect(try nodes(doc, "//*[local-name()='li']").count >= 8 + 6 + 8 + 1 + 1)
        // The flowchart's pages, each its own SVG with the header rows.
        let pages = FlowchartSVG.pages(RenderFixtures.serdang.sop)
        #expect(try nodes(doc, "//*[local-name()='svg']").count == pages.count)
        #expect(html.contains("counter(page)") && html.contains("Halaman "))
        #expect(html.contains("size: A4 landscape"))
        let english = try SOPDocument.html(RenderFixtures.serdang.sop, lang: .en)
        #expect(english.contains("APPROVED BY") && english.contains("9 March 2023"))
    }

    @Test func theLogoIsEmbeddedOrItsBoxKept() throws {
        let svgLogo = Array("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>".utf8)
        let logo = try #require(LogoImage(checking: svgLogo))
        let html = try SOPDocument.html(RenderFixtures.serdang.sop, logo: logo)
        let doc = try XMLDocument(xmlString: html, options: [])
        let images = try nodes(doc, "//*[local-name()='img'][@class='logo-image']/@src").compactMap(\.stringValue)
        #expect(images == ["data:image/svg+xml;base64," + Data(svgLogo).base64EncodedString()])
        #expect(try nodes(doc, "//*[@class='logo-box']").isEmpty)
        let plain = try XMLDocument(xmlString: SOPDocument.html(RenderFixtures.serdang.sop), options: [])
        #expect(try nodes(plain, "//*[local-name()='img']").isEmpty && nodes(plain, "//*[@class='logo-box']").count == 1)
    }

    @Test func textIsEscaped() throws {
        var sop = RenderFixtures.lamandau.sop
        sop.identity.name = "Pengaduan <Uji> & \"Kutip\""
        sop.steps[0].activity = "A < B & C"
        _ = try XMLDocument(xmlString: SOPDocument.html(sop), options: [])
        _ = try svg(sop)
    }
}

/// Values the document does not state (Lamandau's empty Waktu column): marked beside the value
/// and explained in a numbered note on the same page; printed without marks only when nothing
/// is assumed or illegible.
@Suite struct ProvenanceMarkTests {
    func texts(_ svg: String) throws -> [String] {
        try XMLDocument(xmlString: svg, options: []).nodes(forXPath: "//*[local-name()='text']").compactMap(\.stringValue)
    }

    @Test func anAssumedTimeIsMarkedAndExplainedOnItsPage() throws {
        let sop = RenderFixtures.lamandau.sop
        for page in FlowchartSVG.pages(sop) {
            let t = try texts(page)
            // Every mark in a cell has its note on the same page, and every note its mark.
            let isNote = { (line: String) in line.hasPrefix("*") && line.contains(" — ") }
            let cellMarks = Set(t.filter { !isNote($0) }.flatMap { line in
                line.split(separator: " ").filter { $0.hasPrefix("*") && Int($0.dropFirst()) != nil }.map(String.init)
            })
            let notes = Set(t.filter(isNote).map { String($0.split(separator: " ")[0]) })
            #expect(!notes.isEmpty)
            #expect(cellMarks == notes, "marks \(cellMarks.sorted()) and notes \(notes.sorted()) of a page differ")
        }
        let whole = try texts(FlowchartSVG.svg(sop))
        let note = try #require(whole.first { $0.contains("Langkah 1, Waktu — diasumsikan:") })
        let mark = String(note.split(separator: " ")[0])
        #expect(whole.contains("5 Menit \(mark)") || whole.contains { $0.hasSuffix(mark) && !$0.contains(" — ") })
        let html = try SOPDocument.html(sop)
        #expect(html.contains("1 Januari 2024 *1"))
        #expect(html.contains("*1 Tanggal efektif — disimpulkan:"))
    }

    @Test func withoutMarksNothingIsMarkedAndOnlyAnUnguessedSOPMayBePrintedSo() throws {
        var sop = RenderFixtures.lamandau.sop
        #expect(SOPDocument.unmarkable(sop).contains("sampaikan-permasalahan.time (assumed)"))
        let plain = try texts(FlowchartSVG.svg(sop, marks: false))
        #expect(!plain.contains { $0.range(of: #"\*\d"#, options: .regularExpression) != nil })
        #expect(!(try SOPDocument.html(sop, marks: false)).contains("provenance-notes\">"))
        // Inferred values only (read from the document's own text): printable without marks.
        for i in sop.steps.indices { sop.steps[i].provenance = sop.steps[i].provenance.filter { $0.value.status == .inferred } }
        #expect(SOPDocument.unmarkable(sop).isEmpty)
        sop.steps[0].provenance["time"] = Provenance(.illegible, reason: "smudged")
        #expect(SOPDocument.unmarkable(sop) == ["sampaikan-permasalahan.time (illegible)"])
    }
}
