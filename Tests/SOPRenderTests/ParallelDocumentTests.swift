import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import SOPCore
import SOPRender
import Testing

/// The SOP-AP flowchart of the parallel licensing SOP: the fork's arrows to both branches and
/// their meeting at the join, a step either of two lanes may do, participants in their lanes,
/// requirements that are not documents, times as written, timers, and ending outcomes.
@Suite struct ParallelDocumentTests {
    func nodes(_ doc: XMLDocument, _ xpath: String) throws -> [XMLNode] { try doc.nodes(forXPath: xpath) }
    func svg(_ sop: SOPDefinition, lang: DocumentLanguage = .id) throws -> XMLDocument {
        try XMLDocument(xmlString: FlowchartSVG.svg(sop, lang: lang), options: [])
    }
    func texts(_ doc: XMLDocument) throws -> [String] { try nodes(doc, "//*[local-name()='text']").compactMap(\.stringValue) }

    /// The x of a box's centre and y of its bottom edge, from its `<title>` ("4. hitung-retribusi").
    func box(_ doc: XMLDocument, _ title: String, cls: String) throws -> (x: Int, bottom: Int) {
        let path = "//*[@class='\(cls)'][*[local-name()='title']='\(title)']"
        func n(_ name: String) throws -> Int {
            let text = try nodes(doc, "\(path)/@\(name)").first?.stringValue
            return try #require(text.flatMap { Int($0) })
        }
        return (try n("x") + n("width") / 2, try n("y") + n("height"))
    }

    @Test func theForkDrawsArrowsToBothBranchesAndTheJoinCollectsThem() throws {
        let doc = try svg(RenderFixtures.imb.sop)
        let paths = try nodes(doc, "//*[@class='flow']/@d").compactMap(\.stringValue)
        let eval = try box(doc, "2. evaluasi-rencana", cls: "process")
        let evalX = eval.x
        let feeX = try box(doc, "4. hitung-retribusi", cls: "process").x
        // Two arrows leave the evaluation (row 2): one per branch, both from the bottom of its box.
        let fromEval = paths.filter { $0.hasPrefix("M \(evalX) \(eval.bottom) ") }
        #expect(fromEval.count == 2)
        // Both branches are in the technical team's lane: the arrow to the fee goes round the
        // field check (FlowchartGeometryTests checks that it crosses no symbol), the other goes straight down.
        #expect(feeX == evalX)
        let targets = try nodes(doc, "//*[@data-from='evaluasi-rencana']/@data-to").compactMap(\.stringValue).sorted()
        #expect(targets == ["hitung-retribusi", "peninjauan-lokasi"])
        let points = fromEval.map { $0.split(separator: "L").count }.sorted()
        #expect(points[0] == 2 && points[1] > 2)   // "M … L …" straight; the other turns
        // The verification (row 6) is reached from the field check (Ya) and from the print (row 5).
        let print = try box(doc, "5. cetak-sk", cls: "process")
        #expect(paths.contains { $0.hasPrefix("M \(print.x) \(print.bottom) ") })
        #expect(try texts(doc).contains("bersamaan"))
    }

    @Test func severalActorsParticipantsRequirementsAndWrittenTimes() throws {
        let sop = RenderFixtures.imb.sop
        let doc = try svg(sop)
        // Row 4: either the technical team or the clerical lane; the second drawn dashed in its lane.
        let alternatives = try nodes(doc, "//*[@class='alternative']/*[local-name()='title']").compactMap(\.stringValue)
        #expect(alternatives == ["4. hitung-retribusi (atau)"])
        // Participants of tasks (rows 1, 2, 10) are marked in their lanes; row 6's analyst too.
        let participants = try nodes(doc, "//*[@class='participant']/*[local-name()='title']").compactMap(\.stringValue)
        #expect(participants.contains("2. evaluasi-rencana (bersama)"))
        #expect(participants.contains("10. serahkan-sk (bersama)"))
        let t = try texts(doc).joined(separator: " ")
        #expect(t.contains("Biaya: Retribusi IMB (dibayar di"))
        #expect(t.contains("Sistem: Aplikasi SIM"))
        #expect(t.contains("Jadwal: Jadwal peninjauan"))
        // Times as the document writes them (the narrow Waktu column wraps them).
        let cells = try texts(doc)
        #expect(t.contains("30 menit."))
        #expect(t.contains("1 Jam"))
        #expect(t.contains("30 hari kalender"))
        // The applicant's 30 days and what happens after them.
        #expect(t.contains("dianggap dicabut"))
        // The lanes: every actor, the alternatives' and the participants' included.
        for lane in ["Pemohon", "Tim Teknis", "Analis"] { #expect(cells.contains { $0.hasPrefix(lane) }, "\(lane)") }
    }

    @Test func anEndingOutcomeIsDrawnToATerminatorAndAStepWithoutTimeShowsADash() throws {
        var sop = RenderFixtures.imb.sop
        let k = sop.steps.firstIndex { $0.id == "peninjauan-lokasi" }!
        sop.steps[k].outcomes.append(Step.Outcome(id: "tolak", label: "Ditolak", next: nil, end: "ditolak"))
        let f = sop.steps.firstIndex { $0.id == "cetak-sk" }!
        sop.steps[f].time = nil
        let doc = try svg(sop)
        let ends = try nodes(doc, "//*[@class='terminator end-outcome']/*[local-name()='title']").compactMap(\.stringValue)
        #expect(ends == ["3. peninjauan-lokasi: Ditolak → ditolak"])
        #expect(try nodes(doc, "//*[@class='flow end-flow']").count == 1)
        let cells = try texts(doc)
        #expect(cells.contains("ditolak") && cells.contains("Ditolak"))
        #expect(cells.contains("—"))
    }

    @Test func theHTMLDocumentOfTheParallelSOPIsWellFormed() throws {
        let html = try SOPDocument.html(RenderFixtures.imb.sop)
        #expect(html.contains("Pelayanan Penerbitan Izin Mendirikan Bangunan"))
        #expect(html.contains("<svg"))
        #expect(html.contains("Retribusi IMB"))
    }
}
