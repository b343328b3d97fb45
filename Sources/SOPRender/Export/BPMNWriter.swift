import SOPCore

/// An SOP as BPMN 2.0 XML: one lane per role (the applicant's too, marked `sop:applicant`), a
/// user task per step (named by its step id, as in the exported event logs, so a log replays
/// on the model), an exclusive gateway after each decision, a parallel gateway after each
/// fork and in front of its join, an exclusive gateway in front of every other step reached
/// from more than one place (the revision loops), an end event for each end step and each
/// outcome that ends the case (named by its resolution), and the standard time of each step
/// as a `sop:standardTime` attribute and in its documentation. A step whose timer withdraws
/// the case is entered through an exclusive gateway that either reaches it or, when its time
/// runs out, the automatic task `STEP:withdrawn` (the XES export's name for that closing) and
/// an end event "Dicabut"; the other timers are non-interrupting boundary timer events. A
/// diagram (BPMNDI) lays the lanes out left to right in step order.
public enum BPMNWriter {
    /// The activity name of the automatic task that closes a case as withdrawn at `step`.
    public static func withdrawnActivity(_ step: String) -> String { "\(step):withdrawn" }

    public static func xml(_ sop: SOPDefinition) -> String {
        var nodes: [Node] = []
        var flows: [(id: String, from: String, to: String, name: String?)] = []
        func flow(_ from: String, _ to: String, _ name: String? = nil) {
            flows.append(("flow-\(flows.count + 1)", from, to, name))
        }
        let graph = sop.graph
        let position = graph.index
        /// Whether an arrival from `from` at `target` comes from inside the fork that `target` joins.
        func isArrival(from: Int?, at target: String) -> Bool {
            guard let t = position[target], let f = graph.forkOfJoin[t], let fork = graph.forks[f], let from else { return false }
            return from == f || fork.region.contains(from)
        }
        func withdraws(_ step: Step) -> Bool { step.timers.contains { $0.action == .withdraw } }
        let forks = graph.forks.values.filter { $0.join != nil }.sorted { $0.fork < $1.fork }
        func regionFork(of i: Int) -> StepGraph.Fork? { forks.first { $0.region.contains(i) } }
        /// A hand-over from outside a fork's branches into one of them (a revision after the
        /// join): the branch is redone on its own and goes on to the join at once, so it is
        /// drawn as a copy of the branch's steps from there (tasks of the same names) that
        /// meets the join behind its parallel gateway.
        func isRedo(from: Int?, to target: String) -> Bool {
            guard let from, let t = position[target], let fork = regionFork(of: t) else { return false }
            return !(fork.region.contains(from) || from == fork.fork)
        }
        var redoSteps: [Int] = []
        var redoJoins: Set<String> = []
        // Incoming hand-overs per step: from where (a step position, nil for the start event).
        var incoming: [String: [Int?]] = [:]
        for (i, s) in sop.steps.enumerated() {
            for n in s.successors {
                guard isRedo(from: i, to: n), let t = position[n], let fork = regionFork(of: t), let join = fork.join else {
                    incoming[n, default: []].append(i)
                    continue
                }
                var current: Int? = t
                while let c = current, c != join, fork.region.contains(c), !redoSteps.contains(c), !sop.steps[c].isFork {
                    redoSteps.append(c)
                    current = sop.steps[c].forwardSuccessor.flatMap { position[$0] }
                }
                redoJoins.insert(sop.steps[join].id)
            }
        }
        // A withdrawal inside a fork's branch: the automatic task meets the other branches at a
        // parallel gateway of its own (each of them arriving there instead of at the join)
        // before the case ends, so the net stays sound without cancellation.
        func reach(_ start: Int, within region: Set<Int>) -> Set<Int> {
            var seen: Set<Int> = [start], stack = [start]
            while let i = stack.popLast() {
                for n in sop.steps[i].successors.compactMap({ position[$0] }) where region.contains(n) && seen.insert(n).inserted {
                    stack.append(n)
                }
            }
            return seen
        }
        struct BranchWithdrawal { var step: Int; var fork: StepGraph.Fork; var others: [Set<Int>] }
        var branchWithdrawals: [BranchWithdrawal] = []
        for (i, step) in sop.steps.enumerated() where withdraws(step) {
            guard let fork = regionFork(of: i) else { continue }
            let branches = sop.steps[fork.fork].parallel.compactMap { position[$0] }.filter { fork.region.contains($0) }
                .map { reach($0, within: fork.region) }
            branchWithdrawals.append(BranchWithdrawal(step: i, fork: fork, others: branches.filter { !$0.contains(i) }))
        }
        /// The withdrawals whose gateway an arrival from `from` (inside a fork) must be able to reach.
        func withdrawalsWaiting(for from: Int, at join: Int) -> [(withdrawal: Int, branch: Int)] {
            branchWithdrawals.enumerated().compactMap { k, w in
                guard w.fork.join == join, let b = w.others.firstIndex(where: { $0.contains(from) }) else { return nil }
                return (withdrawal: k, branch: b)
            }
        }
        if let start = sop.startStep { incoming[start.id, default: []].append(nil) }
        func isJoin(_ id: String) -> Bool { position[id].map { graph.forkOfJoin[$0] != nil } ?? false }
        func needsMerge(_ step: Step) -> Bool {
            let others = (incoming[step.id] ?? []).filter { !isArrival(from: $0, at: step.id) }.count
            return others + (isJoin(step.id) ? 1 : 0) > 1 || withdraws(step)
        }
        var merges: Set<String> = redoJoins
        for s in sop.steps where needsMerge(s) { merges.insert(s.id) }
        /// Where a hand-over from step `from` to `stepID` enters the model.
        func entry(_ stepID: String, from: Int?) -> String {
            if isRedo(from: from, to: stepID) { return "redo-\(stepID)" }
            if isJoin(stepID) && isArrival(from: from, at: stepID), let from, let j = position[stepID] {
                return withdrawalsWaiting(for: from, at: j).isEmpty ? "pjoin-\(stepID)" : "arrive-\(sop.steps[from].id)-\(stepID)"
            }
            if isJoin(stepID) && isArrival(from: from, at: stepID) { return "pjoin-\(stepID)" }
            return merges.contains(stepID) ? "join-\(stepID)" : "task-\(stepID)"
        }

        nodes.append(Node(id: "start", kind: .start, name: "Mulai", lane: sop.startStep?.actor ?? "", column: 0))
        for (i, step) in sop.steps.enumerated() {
            if isJoin(step.id) {
                nodes.append(Node(id: "pjoin-\(step.id)", kind: .parallelGateway, name: nil, lane: step.actor, column: 2 * i + 1))
                flow("pjoin-\(step.id)", merges.contains(step.id) ? "join-\(step.id)" : "task-\(step.id)")
            }
            if merges.contains(step.id) {
                nodes.append(Node(id: "join-\(step.id)", kind: .gateway, name: nil, lane: step.actor, column: 2 * i + 1))
                flow("join-\(step.id)", "task-\(step.id)")
                if withdraws(step) {
                    nodes.append(Node(id: "task-withdrawn-\(step.id)", kind: .automaticTask, name: withdrawnActivity(step.id),
                                      lane: step.actor, column: 2 * i + 2))
                    nodes.append(Node(id: "end-withdrawn-\(step.id)", kind: .end, name: "Dicabut", lane: step.actor, column: 2 * i + 2))
                    flow("join-\(step.id)", "task-withdrawn-\(step.id)", "Waktu habis")
                    if let k = branchWithdrawals.firstIndex(where: { $0.step == i }) {
                        flow("task-withdrawn-\(step.id)", "pwithdrawn-\(step.id)")
                        nodes.append(Node(id: "pwithdrawn-\(step.id)", kind: .parallelGateway, name: nil, lane: step.actor, column: 2 * i + 2))
                        flow("pwithdrawn-\(step.id)", "end-withdrawn-\(step.id)")
                        for b in branchWithdrawals[k].others.indices {
                            nodes.append(Node(id: "wmerge-\(step.id)-\(b + 1)", kind: .gateway, name: nil, lane: step.actor, column: 2 * i + 2))
                            flow("wmerge-\(step.id)-\(b + 1)", "pwithdrawn-\(step.id)")
                        }
                    } else {
                        flow("task-withdrawn-\(step.id)", "end-withdrawn-\(step.id)")
                    }
                }
            }
            nodes.append(Node(id: "task-\(step.id)", kind: .task, name: step.id, lane: step.actor, column: 2 * i + 1, step: step))
            if step.isFork {
                nodes.append(Node(id: "fork-\(step.id)", kind: .parallelGateway, name: nil, lane: step.actor, column: 2 * i + 2))
                flow("task-\(step.id)", "fork-\(step.id)")
                for b in step.parallel { flow("fork-\(step.id)", entry(b, from: i)) }
                continue
            }
            switch step.kind {
            case .decision:
                nodes.append(Node(id: "split-\(step.id)", kind: .gateway, name: "\(step.number). \(step.id)?", lane: step.actor, column: 2 * i + 2))
                flow("task-\(step.id)", "split-\(step.id)")
                for o in step.outcomes {
                    if let next = o.next {
                        flow("split-\(step.id)", entry(next, from: i), o.label)
                    } else if let end = o.end {
                        let id = "end-\(step.id)-\(o.id)"
                        nodes.append(Node(id: id, kind: .end, name: end, lane: step.actor, column: 2 * i + 3))
                        flow("split-\(step.id)", id, o.label)
                    }
                }
            case .end:
                flow("task-\(step.id)", "end-\(step.id)")
                nodes.append(Node(id: "end-\(step.id)", kind: .end, name: "Selesai", lane: step.actor, column: 2 * i + 2))
            default:
                if let next = step.next { flow("task-\(step.id)", entry(next, from: i)) }
            }
        }
        if let start = sop.startStep { flow("start", entry(start.id, from: nil)) }
        // Arrivals at a join that a withdrawal in another branch may wait for: an exclusive
        // choice between the join and each such withdrawal's gateway.
        var arrivals: [String] = []
        for (i, step) in sop.steps.enumerated() {
            for n in step.successors {
                guard let j = position[n], isJoin(n), isArrival(from: i, at: n), !withdrawalsWaiting(for: i, at: j).isEmpty else { continue }
                let id = "arrive-\(step.id)-\(n)"
                guard !arrivals.contains(id) else { continue }
                arrivals.append(id)
                nodes.append(Node(id: id, kind: .gateway, name: nil, lane: step.actor, column: 2 * i + 2))
                flow(id, "pjoin-\(n)")
                for (k, b) in withdrawalsWaiting(for: i, at: j) {
                    flow(id, "wmerge-\(sop.steps[branchWithdrawals[k].step].id)-\(b + 1)", "Dicabut")
                }
            }
        }
        // The copies of branch steps redone after their join.
        for i in redoSteps {
            let step = sop.steps[i]
            func target(_ next: String) -> String {
                if redoJoins.contains(next), let n = position[next], regionFork(of: i)?.join == n { return "join-\(next)" }
                if let n = position[next], redoSteps.contains(n) { return "redo-\(next)" }
                return entry(next, from: i)
            }
            nodes.append(Node(id: "redo-\(step.id)", kind: .task, name: step.id, lane: step.actor, column: 2 * i + 1, step: step))
            if step.kind == .decision {
                nodes.append(Node(id: "redo-split-\(step.id)", kind: .gateway, name: "\(step.number). \(step.id)?", lane: step.actor, column: 2 * i + 2))
                flow("redo-\(step.id)", "redo-split-\(step.id)")
                for o in step.outcomes {
                    if let next = o.next { flow("redo-split-\(step.id)", target(next), o.label) }
                }
            } else if let next = step.next {
                flow("redo-\(step.id)", target(next))
            }
        }

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
        // Timers other than a withdrawal: non-interrupting boundary timer events on their step's task.
        var boundaries: [(id: String, lane: String, step: Step, timer: StepTimer, after: StandardTime)] = []
        for step in sop.steps {
            for (k, timer) in step.timers.enumerated() where timer.action != .withdraw {
                guard let after = timer.after ?? step.time?.deadline else { continue }
                boundaries.append(("timer-\(step.id)-\(k + 1)", step.actor, step, timer, after))
            }
        }
        let lanes = sop.roles.filter { r in nodes.contains { $0.lane == r.id } }
        w += "    <bpmn:laneSet id=\"lanes\">\n"
        for r in lanes {
            w += "      <bpmn:lane id=\"lane-\(x(r.id))\" name=\"\(x(r.title))\"\(r.applicant ? " sop:applicant=\"true\"" : "")>\n"
            for n in nodes where n.lane == r.id { w += "        <bpmn:flowNodeRef>\(n.id)</bpmn:flowNodeRef>\n" }
            for b in boundaries where b.lane == r.id { w += "        <bpmn:flowNodeRef>\(b.id)</bpmn:flowNodeRef>\n" }
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
            case .parallelGateway: tag = "bpmn:parallelGateway"
            case .automaticTask:
                tag = "bpmn:serviceTask"
                attributes += " sop:automatic=\"true\""
            case .task:
                tag = "bpmn:userTask"
                if let t = n.step?.time {
                    attributes += " sop:standardTime=\"\(t.minimum.map { "\($0)-" } ?? "")\(t.value) \(t.unit.rawValue)\""
                }
                if let s = n.step { attributes += " sop:role=\"\(x(s.actor))\" sop:no=\"\(s.number)\"" }
                if let s = n.step, !s.alternativeActors.isEmpty { attributes += " sop:roles=\"\(x(s.actors.joined(separator: " ")))\"" }
                if let s = n.step, !s.participants.isEmpty {
                    attributes += " sop:participants=\"\(x(s.participants.joined(separator: " ")))\""
                }
            }
            w += "    <\(tag)\(attributes)>\n"
            if let s = n.step {
                var text = "\(s.number). \(s.activity)"
                if let t = s.time { text += " Waktu: \(t.printed)." }
                if !s.alternativeActors.isEmpty {
                    text += " Pelaksana: " + s.actors.map { sop.role($0)?.title ?? $0 }.joined(separator: " / ") + "."
                }
                if !s.participants.isEmpty {
                    text += " Bersama: " + s.participants.map { sop.role($0)?.title ?? $0 }.joined(separator: ", ") + "."
                }
                for r in s.requirements { text += " \(r.kind.indonesian): \(r.name)\(r.note.map { " (\($0))" } ?? "")." }
                w += "      <bpmn:documentation>\(x(text))</bpmn:documentation>\n"
            } else if n.kind == .automaticTask {
                w += "      <bpmn:documentation>Waktu pemohon habis: permohonan dianggap dicabut.</bpmn:documentation>\n"
            }
            for f in ins { w += "      <bpmn:incoming>\(f)</bpmn:incoming>\n" }
            for f in outs { w += "      <bpmn:outgoing>\(f)</bpmn:outgoing>\n" }
            w += "    </\(tag)>\n"
        }
        // Timers other than a withdrawal: non-interrupting boundary timer events (what happens
        // is in their name and `sop:action`; the step itself is recorded as done or reminded).
        for (id, _, step, timer, after) in boundaries {
            let name = switch timer.action {
            case .complete: timer.outcome.map { "Selesai otomatis: \($0)" } ?? "Selesai otomatis"
            case .remind: "Pengingat"
            case .escalate: "Dialihkan ke \(sop.role(timer.to ?? "")?.title ?? timer.to ?? "")"
            case .withdraw: "Dicabut"
            }
            w += "    <bpmn:boundaryEvent id=\"\(x(id))\" name=\"\(x(name))\" attachedToRef=\"task-\(x(step.id))\""
                + " cancelActivity=\"false\" sop:action=\"\(timer.action.rawValue)\" sop:after=\"\(after.value) \(after.unit.rawValue)\">\n"
            w += "      <bpmn:timerEventDefinition><bpmn:timeDuration>\(isoDuration(after))</bpmn:timeDuration></bpmn:timerEventDefinition>\n"
            w += "    </bpmn:boundaryEvent>\n"
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
        enum Kind { case start, end, task, automaticTask, gateway, parallelGateway }
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
            switch n.kind { case .task, .automaticTask: (100, 80); case .gateway, .parallelGateway: (50, 50); case .start, .end: (36, 36) }
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

    /// ISO 8601 as BPMN timers take it; working days as days (`sop:after` says which kind).
    static func isoDuration(_ t: StandardTime) -> String {
        switch t.unit {
        case .minutes: "PT\(t.value)M"
        case .hours: "PT\(t.value)H"
        case .workingDays, .calendarDays: "P\(t.value)D"
        case .months: "P\(t.value)M"
        }
    }

    static func x(_ s: String) -> String { ByteWriter.string { $0.writeXML(s) } }
}
