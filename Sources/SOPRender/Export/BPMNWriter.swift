import SOPCore

/// An SOP as BPMN 2.0 XML: one lane per role, a user task per step (named by its step id, as
/// in the exported event logs, so a log replays on the model), an exclusive gateway after each
/// decision, a joining gateway in front of every step reached from more than one place (the
/// revision loops), and the standard time of each step as a `sop:standardTime` attribute and
/// in its documentation. A diagram (BPMNDI) lays the lanes out left to right in step order.
public enum BPMNWriter {
    public static func xml(_ sop: SOPDefinition) -> String {
        var nodes: [Node] = []
        var flows: [(id: String, from: String, to: String, name: String?)] = []
        func flow(_ from: String, _ to: String, _ name: String? = nil) {
            flows.append(("flow-\(flows.count + 1)", from, to, name))
        }
        // Incoming counts decide where a joining gateway is needed.
        var incoming: [String: Int] = [:]
        for s in sop.steps { for n in s.successors { incoming[n, default: 0] += 1 } }
        if let start = sop.startStep { incoming[start.id, default: 0] += 1 }
        func entry(_ stepID: String) -> String { (incoming[stepID] ?? 0) > 1 ? "join-\(stepID)" : "task-\(stepID)" }

        nodes.append(Node(id: "start", kind: .start, name: "Mulai", lane: sop.startStep?.actor ?? "", column: 0))
        for (i, step) in sop.steps.enumerated() {
            if (incoming[step.id] ?? 0) > 1 {
                nodes.append(Node(id: "join-\(step.id)", kind: .gateway, name: nil, lane: step.actor, column: 2 * i + 1))
                flow("join-\(step.id)", "task-\(step.id)")
            }
            nodes.append(Node(id: "task-\(step.id)", kind: .task, name: step.id, lane: step.actor, column: 2 * i + 1, step: step))
            switch step.kind {
            case .decision:
                nodes.append(Node(id: "split-\(step.id)", kind: .gateway, name: "\(step.number). \(step.id)?", lane: step.actor, column: 2 * i + 2))
                flow("task-\(step.id)", "split-\(step.id)")
                for o in step.outcomes {
                    if let next = o.next { flow("split-\(step.id)", entry(next), o.label) }
                }
            case .end:
                flow("task-\(step.id)", "end-\(step.id)")
                nodes.append(Node(id: "end-\(step.id)", kind: .end, name: "Selesai", lane: step.actor, column: 2 * i + 2))
            default:
                if let next = step.next { flow("task-\(step.id)", entry(next)) }
            }
        }
        if let start = sop.startStep { flow("start", entry(start.id)) }

        var w = ""
        w += """
            <?xml version="1.0" encoding="UTF-8"?>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" \
            xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" \
            xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:sop="urn:sop-engine:bpmn" \
            id="definitions-\(x(sop.id))" targetNamespace="urn:sop-engine:\(x(sop.id))" exporter="sop-engine">
              <bpmn:collaboration id="collaboration">
                <bpmn:participant id="participant" name="\(x(sop.identity.name)) — \(x(sop.identity.agency.regency))" processRef="process-\(x(sop.id))"/>
              </bpmn:collaboration>
              <bpmn:process id="process-\(x(sop.id))" name="\(x(sop.identity.name))" isExecutable="false">

            """
        let lanes = sop.roles.filter { r in nodes.contains { $0.lane == r.id } }
        w += "    <bpmn:laneSet id=\"lanes\">\n"
        for r in lanes {
            w += "      <bpmn:lane id=\"lane-\(x(r.id))\" name=\"\(x(r.title))\">\n"
            for n in nodes where n.lane == r.id { w += "        <bpmn:flowNodeRef>\(n.id)</bpmn:flowNodeRef>\n" }
            w += "      </bpmn:lane>\n"
        }
        w += "    </bpmn:laneSet>\n"
        for n in nodes {
            let ins = flows.filter { $0.to == n.id }.map(\.id), outs = flows.filter { $0.from == n.id }.map(\.id)
            let tag: String
            var attributes = " id=\"\(n.id)\""
            if let name = n.name { attributes += " name=\"\(x(name))\"" }
            switch n.kind {
            case .start: tag = "bpmn:startEvent"
            case .end: tag = "bpmn:endEvent"
            case .gateway: tag = "bpmn:exclusiveGateway"
            case .task:
                tag = "bpmn:userTask"
                if let t = n.step?.time { attributes += " sop:standardTime=\"\(t.value) \(t.unit.rawValue)\"" }
                if let s = n.step { attributes += " sop:role=\"\(x(s.actor))\" sop:no=\"\(s.number)\"" }
            }
            w += "    <\(tag)\(attributes)>\n"
            if let s = n.step {
                let time = s.time.map { " Waktu: \($0.value) \($0.unit.indonesian)." } ?? ""
                w += "      <bpmn:documentation>\(x("\(s.number). \(s.activity)\(time)"))</bpmn:documentation>\n"
            }
            for f in ins { w += "      <bpmn:incoming>\(f)</bpmn:incoming>\n" }
            for f in outs { w += "      <bpmn:outgoing>\(f)</bpmn:outgoing>\n" }
            w += "    </\(tag)>\n"
        }
        for f in flows {
            let name = f.name.map { " name=\"\(x($0))\"" } ?? ""
            w += "    <bpmn:sequenceFlow id=\"\(f.id)\"\(name) sourceRef=\"\(f.from)\" targetRef=\"\(f.to)\"/>\n"
        }
        w += "  </bpmn:process>\n"
        w += diagram(sop: sop, nodes: nodes, flows: flows.map { ($0.id, $0.from, $0.to) }, lanes: lanes.map(\.id))
        w += "</bpmn:definitions>\n"
        return w
    }

    struct Node {
        enum Kind { case start, end, task, gateway }
        var id: String
        var kind: Kind
        var name: String?
        var lane: String
        var column: Int
        var step: Step?
    }

    /// Lanes as horizontal bands, nodes placed by column; edges as straight waypoints between centres.
    static func diagram(sop: SOPDefinition, nodes: [Node], flows: [(String, String, String)], lanes: [String]) -> String {
        let laneHeight = 120, columnWidth = 130, left = 150
        let width = left + columnWidth * ((nodes.map(\.column).max() ?? 0) + 2)
        func size(_ n: Node) -> (Int, Int) {
            switch n.kind { case .task: (100, 80); case .gateway: (50, 50); case .start, .end: (36, 36) }
        }
        var centre: [String: (Int, Int)] = [:]
        var w = "  <bpmndi:BPMNDiagram id=\"diagram\">\n    <bpmndi:BPMNPlane id=\"plane\" bpmnElement=\"collaboration\">\n"
        w += "      <bpmndi:BPMNShape id=\"participant-shape\" bpmnElement=\"participant\" isHorizontal=\"true\">"
            + "<dc:Bounds x=\"100\" y=\"0\" width=\"\(width - 100)\" height=\"\(laneHeight * lanes.count)\"/></bpmndi:BPMNShape>\n"
        for (k, lane) in lanes.enumerated() {
            w += "      <bpmndi:BPMNShape id=\"lane-\(x(lane))-shape\" bpmnElement=\"lane-\(x(lane))\" isHorizontal=\"true\">"
                + "<dc:Bounds x=\"130\" y=\"\(k * laneHeight)\" width=\"\(width - 130)\" height=\"\(laneHeight)\"/></bpmndi:BPMNShape>\n"
        }
        for n in nodes {
            let k = lanes.firstIndex(of: n.lane) ?? 0
            let (wd, ht) = size(n)
            let cx = left + n.column * columnWidth + 50, cy = k * laneHeight + laneHeight / 2
            centre[n.id] = (cx, cy)
            w += "      <bpmndi:BPMNShape id=\"\(n.id)-shape\" bpmnElement=\"\(n.id)\">"
                + "<dc:Bounds x=\"\(cx - wd / 2)\" y=\"\(cy - ht / 2)\" width=\"\(wd)\" height=\"\(ht)\"/></bpmndi:BPMNShape>\n"
        }
        for (id, from, to) in flows {
            let a = centre[from] ?? (0, 0), b = centre[to] ?? (0, 0)
            w += "      <bpmndi:BPMNEdge id=\"\(id)-edge\" bpmnElement=\"\(id)\">"
                + "<di:waypoint x=\"\(a.0)\" y=\"\(a.1)\"/><di:waypoint x=\"\(b.0)\" y=\"\(b.1)\"/></bpmndi:BPMNEdge>\n"
        }
        w += "    </bpmndi:BPMNPlane>\n  </bpmndi:BPMNDiagram>\n"
        return w
    }

    static func x(_ s: String) -> String { ByteWriter.string { $0.writeXML(s) } }
}
