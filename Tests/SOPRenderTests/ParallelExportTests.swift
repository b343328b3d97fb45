import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import SOPCore
import SOPRender
import Testing

/// The exports of the parallel licensing SOP (sops/dpmptsp-imb-jatim.yaml): BPMN gateways,
/// lanes, ends and timers; XES and CSV names for timer completions and withdrawn closings.
@Suite struct ParallelExportTests {
    /// The licensing SOP in BPMN: a parallel split after the evaluation and a parallel join in
    /// front of the verification, the applicant as a lane, an end for the hand-over and for each
    /// withdrawal, the fee branch redone after the join as a copy that meets the join behind it.
    @Test func bpmnOfTheParallelSOP() throws {
        let xml = BPMNWriter.xml(RenderFixtures.imb.sop)
        let doc = try XMLDocument(xmlString: xml)
        func nodes(_ xpath: String) throws -> [XMLElement] { try doc.nodes(forXPath: xpath).compactMap { $0 as? XMLElement } }
        func ids(_ tag: String) throws -> [String] { try nodes("//*[local-name()='\(tag)']").compactMap { $0.attribute(forName: "id")?.stringValue } }
        #expect(try ids("parallelGateway").contains("fork-evaluasi-rencana"))
        #expect(try ids("parallelGateway").contains("pjoin-verifikasi"))
        let flows = try nodes("//*[local-name()='sequenceFlow']").map {
            ($0.attribute(forName: "sourceRef")!.stringValue!, $0.attribute(forName: "targetRef")!.stringValue!)
        }
        let forkTargets = flows.filter { $0.0 == "fork-evaluasi-rencana" }.map(\.1)
        #expect(forkTargets.count == 2)
        #expect(forkTargets.contains("join-peninjauan-lokasi") && forkTargets.contains("task-hitung-retribusi"))
        let lanes = try nodes("//*[local-name()='lane']")
        let applicant = try #require(lanes.first { $0.attribute(forName: "id")?.stringValue == "lane-pemohon" })
        #expect(applicant.attribute(forName: "sop:applicant")?.stringValue == "true")
        #expect(applicant.children?.compactMap(\.stringValue).contains("task-bayar-retribusi") == true)
        let ends = try nodes("//*[local-name()='endEvent']").compactMap { $0.attribute(forName: "name")?.stringValue }
        #expect(ends.sorted() == ["Dicabut", "Dicabut", "Selesai"])
        let tasks = try nodes("//*[local-name()='userTask' or local-name()='serviceTask']").compactMap { $0.attribute(forName: "name")?.stringValue }
        #expect(tasks.filter { $0 == "cetak-sk" }.count == 2)
        #expect(tasks.contains("bayar-retribusi:withdrawn") && tasks.contains("perbaikan-gambar:withdrawn"))
        // The verification's reminder and escalation are boundary timers on its task.
        let timers = try nodes("//*[local-name()='boundaryEvent']")
        #expect(timers.compactMap { $0.attribute(forName: "attachedToRef")?.stringValue } == ["task-verifikasi", "task-verifikasi"])
        #expect(timers.first?.stringValue?.contains("PT4H") == true)
        // Every flow joins two nodes that exist.
        let all = Set(try nodes("//*[@id]").compactMap { $0.attribute(forName: "id")?.stringValue })
        for (a, b) in flows { #expect(all.contains(a) && all.contains(b), "\(a) → \(b)") }
    }


    /// A licensing case driven to the applicant's payment, never paid: the withdrawal timer
    /// closes it. Every decision takes its first outcome; the counter's documents are synthetic.
    static func withdrawnCase() throws -> [RecordedEvent] {
        let (sop, calendar) = RenderFixtures.imb
        let m = CaseMachine(definition: sop, definitionHash: "h", calendar: calendar)
        let sim = CaseSimulator(machine: m)
        var at = Instant(date: CivilDate(year: 2026, month: 3, day: 2)!, hour: 9, minute: 0, utcOffsetSeconds: calendar.utcOffsetSeconds)
        let opening = sop.documents.filter { $0.origin == .caseOpening }.map { sim.attachment($0.id) }
        var log = try m.open(caseID: "IMB-1", at: at, attachments: opening)
        var state = CaseState.fold(log)!
        while state.status == .open, let active = state.activeSteps.first, active.step != "bayar-retribusi" {
            let step = sop.step(active.step)!
            at = at.adding(seconds: 600)
            let events = try m.complete(state, step: step.id, role: step.actor, actor: "officer-1", outcome: step.outcomes.first?.id,
                                        attachments: m.documentsRequired(state, step: step).map(sim.attachment), at: at)
            for e in events { state.apply(e) }
            log += events
        }
        let fired = try m.fireDue(state, at: at.adding(seconds: 40 * 86_400))
        for e in fired { state.apply(e) }
        log += fired
        #expect(state.resolution == StepTimer.withdrawnResolution)
        return log
    }

    @Test func aWithdrawnClosingIsTheActivityOfTheBPMNTask() throws {
        let log = try Self.withdrawnCase()
        var xes: [UInt8] = []
        var w = XESWriter(definitions: ["h": RenderFixtures.imb.sop]) { xes += $0 }
        for e in log { try w.write(e, summary: nil) }
        try w.finish()
        let doc = try XMLDocument(xmlString: String(decoding: xes, as: UTF8.self), options: [])
        let events = try doc.nodes(forXPath: "//*[local-name()='event']").compactMap { $0 as? XMLElement }
        // The XES default namespace: attributes read by XPath.
        func value(_ e: XMLElement, _ key: String) -> String? {
            (try? e.nodes(forXPath: "./*[@key='\(key)']/@value"))?.first?.stringValue
        }
        let last = try #require(events.last)
        #expect(value(last, "concept:name") == "bayar-retribusi:withdrawn")
        #expect(value(last, "lifecycle:transition") == "complete")
        #expect(value(last, "org:resource") == nil)
        #expect(value(last, "sop:resolution") == "withdrawn")
        // The name is a task of the exported BPMN, and every completed activity is too.
        let bpmn = BPMNWriter.xml(RenderFixtures.imb.sop)
        let completed = events.filter { value($0, "lifecycle:transition") == "complete" }.compactMap { value($0, "concept:name") }
        for name in Set(completed) { #expect(bpmn.contains("name=\"\(name)\""), "\(name)") }
        // The CSV export names it the same way.
        var csv: [UInt8] = []
        var c = EventCSVWriter { csv += $0 }
        for e in log { try c.write(e) }
        try c.finish()
        let rows = String(decoding: csv, as: UTF8.self).split(separator: "\n")
        #expect(rows.last?.contains(",case-closed,bayar-retribusi:withdrawn,complete,,,withdrawn,") == true)
    }
}
