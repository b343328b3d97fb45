import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import SOPCore
import SOPRender
import Testing

@Suite struct ExportTests {
    func xml(_ text: String) throws -> XMLDocument { try XMLDocument(xmlString: text, options: []) }

    func nodes(_ doc: XMLDocument, _ xpath: String) throws -> [XMLNode] { try doc.nodes(forXPath: xpath) }

    @Test func bpmnHasALanePerRoleATaskPerStepAndGatewaysForDecisionsAndLoops() throws {
        let sop = RenderFixtures.serdang.sop
        let doc = try xml(BPMNWriter.xml(sop))
        #expect(try nodes(doc, "//*[local-name()='userTask']").count == 7)
        #expect(try nodes(doc, "//*[local-name()='lane']").count == 4)
        // A split after each of the two decisions, a join in front of the two steps they send back to.
        let gateways = try nodes(doc, "//*[local-name()='exclusiveGateway']/@id").compactMap(\.stringValue).sorted()
        #expect(gateways == ["join-periksa-draft", "join-telaah-pengaduan", "split-periksa-draft", "split-tandatangani-balasan"])
        // Every flow connects declared nodes; every node sits in exactly one lane.
        let ids = Set(try nodes(doc, "//*[local-name()='process']/*/@id").compactMap(\.stringValue))
        for flow in try nodes(doc, "//*[local-name()='sequenceFlow']") {
            let e = try #require(flow as? XMLElement)
            #expect(ids.contains(e.attribute(forName: "sourceRef")?.stringValue ?? ""))
            #expect(ids.contains(e.attribute(forName: "targetRef")?.stringValue ?? ""))
        }
        let refs = try nodes(doc, "//*[local-name()='flowNodeRef']").compactMap(\.stringValue)
        #expect(refs.count == Set(refs).count)
        #expect(Set(refs) == ids.filter { !$0.hasPrefix("flow-") && $0 != "lanes" })
        // Standard times ride on the tasks.
        let telaah = try #require(try nodes(doc, "//*[local-name()='userTask'][@name='telaah-pengaduan']").first as? XMLElement)
        #expect(telaah.attribute(forName: "sop:standardTime")?.stringValue == "60 working-days")
    }

    @Test func xesEscapesAndNestsTracesAndEvents() throws {
        var bytes: [UInt8] = []
        var writer = XESWriter(definitions: [:]) { bytes += Array($0) }
        let at = Instant(secondsSinceEpoch: 1_772_416_800)
        try writer.write(RecordedEvent(caseID: "A&B", sequence: 1, at: at, actor: nil, role: nil,
                                       event: .opened(.init(sopID: "s", definitionHash: "h", calendarID: "c", due: nil))), summary: nil)
        try writer.write(RecordedEvent(caseID: "A&B", sequence: 2, at: at, actor: nil, role: nil,
                                       event: .stepActivated(.init(step: "s1", due: at, round: 0))), summary: nil)
        try writer.write(RecordedEvent(caseID: "A&B", sequence: 3, at: at.adding(seconds: 60), actor: "o<\"1\">", role: "r",
                                       event: .stepCompleted(.init(step: "s1", outcome: nil, officeSeconds: 60, workingDays: 0, onTime: true))),
                         summary: nil)
        try writer.write(RecordedEvent(caseID: "C2", sequence: 1, at: at, actor: nil, role: nil,
                                       event: .note(.init(text: "private words"))), summary: nil)
        try writer.finish()
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(!text.contains("private words"))
        let doc = try xml(text)
        #expect(try nodes(doc, "//*[local-name()='trace']").count == 2)
        #expect(try nodes(doc, "//*[local-name()='trace'][1]/*[local-name()='string'][@key='concept:name']/@value").first?.stringValue == "A&B")
        #expect(try nodes(doc, "//*[local-name()='event']").count == 2)
        #expect(try nodes(doc, "//*[@key='org:resource']/@value").first?.stringValue == "o<\"1\">")
        #expect(try nodes(doc, "//*[local-name()='event']/*[@key='time:timestamp']/@value").first?.stringValue == "2026-03-02T02:00:00.000+00:00")
    }

    @Test func csvQuotesWhatNeedsIt() {
        let line = ByteWriter.string { w in
            for (i, f) in ["plain", "a,b", "say \"hi\"", "two\nlines"].enumerated() { if i > 0 { w.write(",") }; w.writeCSV(f) }
        }
        #expect(line == "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"")
    }

    @Test func ganttChartShadesHolidaysAndDrawsEveryStep() throws {
        let (sop, calendar) = RenderFixtures.lamandau
        let start = Instant(date: CivilDate(year: 2026, month: 3, day: 13)!, hour: 9, minute: 0, utcOffsetSeconds: 7 * 3600)
        let timeline = try StandardTimeline(sop: sop, calendar: calendar, start: start)
        let doc = try xml(GanttChart.svg(timeline, sop: sop, calendar: calendar))
        #expect(try nodes(doc, "//*[local-name()='rect'][starts-with(@class,'step ')]").count == 8)
        let holidays = try nodes(doc, "//*[local-name()='rect'][@class='holiday']/*[local-name()='title']").compactMap(\.stringValue)
        // Nyepi (19 March) and Idul Fitri 2026 fall inside this timeline.
        #expect(holidays.contains { $0.hasPrefix("2026-03-19") })
        #expect(holidays.contains { $0.hasPrefix("2026-03-20") || $0.hasPrefix("2026-03-21") })
        #expect(try nodes(doc, "//*[local-name()='rect'][@class='weekend']").count >= 4)
    }

    @Test func comparisonChartHasASegmentPerPurposeAndAgency() throws {
        let s = RenderFixtures.serdang, l = RenderFixtures.lamandau
        let c = try SOPComparison([s, l], localStart: (CivilDate(year: 2026, month: 3, day: 2)!, 9, 0))
        let doc = try xml(ComparisonChart.svg(c))
        #expect(try nodes(doc, "//*[local-name()='rect'][@class='segment']").count == 12)
    }
}
