/// Checks the meaning of a structurally valid definition: references, the shape of the
/// flowchart graph, document flow, times and provenance marks.
///
/// Pure: it reads a ``SOPDefinition`` and its ``SourceMap`` and returns every problem found.
public struct SemanticValidator: Sendable {
    public init() {}

    /// `unread` says what structural errors left out of `sop` (nothing, for a sound file): the
    /// checks then run on what was read, and those that need the left-out parts wait for them.
    public func validate(_ sop: SOPDefinition, sourceMap map: SourceMap, unread: UnreadParts = UnreadParts()) -> [Diagnostic] {
        var run = Run(sop: sop, map: map, unread: unread)
        let whole = !unread.wholeUnchecked && !unread.lost(.steps)
        run.checkIDs()
        run.checkReferences()
        run.checkTransitions(whole: whole)
        // A dangling transition makes every step around it look unreachable or stuck;
        // report the cause alone and let the graph checks run once it is fixed.
        if whole, !run.diagnostics.contains(where: { $0.code == Rule.unknownStep.code }) {
            run.checkGraph()
            run.checkParallel()
            if !unread.lost(.documents) { run.checkDocumentFlow() }
        }
        run.checkTimers()
        run.checkTimes()
        run.checkProvenance()
        if whole { run.checkUnused() }
        return run.diagnostics
    }
}

extension SemanticValidator {
    fileprivate struct Run {
        let sop: SOPDefinition
        let map: SourceMap
        var diagnostics: [Diagnostic] = []
        let stepIndex: [String: Int]
        let roleIDs: Set<String>
        let documentIDs: Set<String>
        let unread: UnreadParts
        /// Ids of steps the file has but the definition lacks (left out by a structural error).
        let unreadSteps: Set<String>

        init(sop: SOPDefinition, map: SourceMap, unread: UnreadParts) {
            self.sop = sop
            self.map = map
            self.unread = unread
            var index: [String: Int] = [:]
            for (i, s) in sop.steps.enumerated() where index[s.id] == nil { index[s.id] = i }
            self.stepIndex = index
            // An entry left out still declares its id: nothing that names it is reported as unknown.
            self.roleIDs = Set(sop.roles.map(\.id)).union(unread.ids[.roles] ?? [])
            self.documentIDs = Set(sop.documents.map(\.id)).union(unread.ids[.documents] ?? [])
            self.unreadSteps = unread.ids[.steps] ?? []
        }

        /// Whether `id` is unknown among the steps (never when a step without a readable id was left out).
        func isUnknownStep(_ id: String) -> Bool {
            stepIndex[id] == nil && !unreadSteps.contains(id) && !unread.anonymous.contains(.steps)
        }

        func isUnknownRole(_ id: String) -> Bool { !roleIDs.contains(id) && !unread.anonymous.contains(.roles) }
        func isUnknownDocument(_ id: String) -> Bool { !documentIDs.contains(id) && !unread.anonymous.contains(.documents) }

        func location(of path: String) -> SourceLocation? { map.location(of: unread.filePath(path)) }

        mutating func report(_ rule: Rule, _ message: String, at path: String, hint: String? = nil) {
            diagnostics.append(Diagnostic(rule, message, at: location(of: path), hint: hint))
        }

        // MARK: Ids and numbering

        mutating func checkIDs() {
            func duplicates(_ ids: [String], what: String, path: (Int) -> String) {
                var first: [String: Int] = [:]
                for (i, id) in ids.enumerated() {
                    if let j = first[id] {
                        let line = location(of: path(j)).map { " on line \($0.line)" } ?? ""
                        report(.duplicateID, "\(what) id '\(id)' is already used\(line)", at: path(i),
                               hint: "give each \(what) its own id")
                    } else {
                        first[id] = i
                    }
                }
            }
            duplicates(sop.roles.map(\.id), what: "role") { "roles[\($0)].id" }
            duplicates(sop.documents.map(\.id), what: "document") { "documents[\($0)].id" }
            duplicates(sop.steps.map(\.id), what: "step") { "steps[\($0)].id" }
            for (i, step) in sop.steps.enumerated() {
                duplicates(step.outcomes.map(\.id), what: "outcome") { "steps[\(i)].outcomes[\($0)].id" }
            }
            for (i, step) in sop.steps.enumerated() {
                let place = unread.positions[.steps]?[i] ?? i
                guard step.number != place + 1 else { continue }
                report(.stepNumbering, "step '\(step.id)' is numbered \(step.number) but is step \(place + 1) in order",
                       at: "steps[\(i)].no", hint: "number the steps 1, 2, 3, ... as they are written")
            }
        }

        // MARK: References

        mutating func checkReferences() {
            let roleList = sop.roles.map(\.id)
            let docList = sop.documents.map(\.id)
            let stepList = sop.steps.map(\.id)  // once, not once per step: quadratic on long SOPs
            let applicants = Set(sop.roles.filter(\.applicant).map(\.id))
            for (i, role) in sop.roles.enumerated() where !role.representedBy.isEmpty {
                if !role.applicant {
                    report(.representation, "role '\(role.id)' is not the public side, so no officer represents it",
                           at: "roles[\(i)].represented-by", hint: "add `applicant: true` to the citizen's lane, or remove represented-by")
                }
                for (j, r) in role.representedBy.enumerated() {
                    if isUnknownRole(r) {
                        report(.undeclaredRole, "role '\(role.id)' is represented by undeclared role '\(r)'",
                               at: "roles[\(i)].represented-by[\(j)]", hint: suggestion(r, among: roleList, what: "roles"))
                    } else if applicants.contains(r) {
                        report(.representation, "role '\(role.id)' is represented by '\(r)', itself the public side",
                               at: "roles[\(i)].represented-by[\(j)]", hint: "name an officers' lane, e.g. the counter's")
                    }
                }
            }
            for (i, step) in sop.steps.enumerated() {
                if isUnknownRole(step.actor) {
                    report(.undeclaredRole, "step '\(step.id)' names undeclared role '\(step.actor)'",
                           at: "steps[\(i)].actor", hint: suggestion(step.actor, among: roleList, what: "roles"))
                }
                for (j, p) in step.participants.enumerated() where isUnknownRole(p) {
                    report(.undeclaredRole, "step '\(step.id)' names undeclared participant role '\(p)'",
                           at: "steps[\(i)].participants[\(j)]", hint: suggestion(p, among: roleList, what: "roles"))
                }
                for (field, refs) in [("inputs", step.inputs), ("outputs", step.outputs)] {
                    for (j, ref) in refs.enumerated() where isUnknownDocument(ref.document) {
                        report(.undeclaredDocument,
                               "step '\(step.id)' \(field == "inputs" ? "needs" : "produces") undeclared document '\(ref.document)'",
                               at: "steps[\(i)].\(field)[\(j)]", hint: suggestion(ref.document, among: docList, what: "documents"))
                    }
                }
                for (j, a) in step.alternativeActors.enumerated() where isUnknownRole(a) {
                    report(.undeclaredRole, "step '\(step.id)' names undeclared role '\(a)'",
                           at: "steps[\(i)].actor[\(j + 1)]", hint: suggestion(a, among: roleList, what: "roles"))
                }
                if let next = step.next, isUnknownStep(next) {
                    report(.unknownStep, "step '\(step.id)' continues to unknown step '\(next)'",
                           at: "steps[\(i)].next", hint: suggestion(next, among: stepList, what: "steps"))
                }
                for (j, next) in step.parallel.enumerated() where isUnknownStep(next) {
                    report(.unknownStep, "step '\(step.id)' forks to unknown step '\(next)'",
                           at: "steps[\(i)].next[\(j)]", hint: suggestion(next, among: stepList, what: "steps"))
                }
                for (j, o) in step.outcomes.enumerated() {
                    guard let next = o.next, isUnknownStep(next) else { continue }
                    report(.unknownStep, "outcome '\(o.id)' of step '\(step.id)' leads to unknown step '\(next)'",
                           at: "steps[\(i)].outcomes[\(j)].next", hint: suggestion(next, among: stepList, what: "steps"))
                }
                for (j, t) in step.timers.enumerated() {
                    if let to = t.to, isUnknownRole(to) {
                        report(.undeclaredRole, "a timer of step '\(step.id)' escalates to undeclared role '\(to)'",
                               at: "steps[\(i)].timers[\(j)].to", hint: suggestion(to, among: roleList, what: "roles"))
                    }
                }
            }
        }

        // MARK: Transitions per kind

        /// `whole`: every step was read, so the procedure's one start and its end can be checked.
        mutating func checkTransitions(whole: Bool) {
            var starts: [Int] = []
            var hasEnd = false
            for (i, step) in sop.steps.enumerated() {
                switch step.kind {
                case .start: starts.append(i)
                case .end: hasEnd = true
                default: break
                }
                switch step.kind {
                case .end:
                    if step.next != nil || !step.parallel.isEmpty {
                        report(.transitionShape, "end step '\(step.id)' has a `next`", at: "steps[\(i)].next",
                               hint: "an end step closes the case; remove `next` or make it a task")
                    }
                    if !step.outcomes.isEmpty {
                        report(.transitionShape, "end step '\(step.id)' has outcomes", at: "steps[\(i)].outcomes",
                               hint: "only decision steps have outcomes")
                    }
                case .decision:
                    if step.next != nil || !step.parallel.isEmpty {
                        report(.transitionShape, "decision '\(step.id)' uses `next`; a decision continues through its outcomes",
                               at: "steps[\(i)].next", hint: "move the target into an outcome")
                    }
                    let forward = step.outcomes.filter { !$0.revision }
                    if step.outcomes.count < 2 || forward.isEmpty {
                        let why = step.outcomes.count < 2
                            ? "has \(step.outcomes.count) outcome\(step.outcomes.count == 1 ? "" : "s")"
                            : "has no outcome that goes forward"
                        report(.decisionOutcomes, "decision '\(step.id)' \(why)",
                               at: step.outcomes.isEmpty ? "steps[\(i)].kind" : "steps[\(i)].outcomes",
                               hint: "give it an approving outcome (e.g. Ya → next step) and a revision outcome (Tidak → earlier step, revision: true)")
                    }
                    for (j, o) in step.outcomes.enumerated() {
                        if (o.next == nil) == (o.end == nil) {
                            report(.transitionShape, o.next == nil
                                   ? "outcome '\(o.id)' of '\(step.id)' has neither `next` nor `end`"
                                   : "outcome '\(o.id)' of '\(step.id)' has both `next` and `end`",
                                   at: "steps[\(i)].outcomes[\(j)]",
                                   hint: "an outcome either leads to a step (`next: <step id>`) or ends the case (`end: <resolution>`)")
                        }
                        if o.end != nil, o.revision {
                            report(.transitionShape, "outcome '\(o.id)' of '\(step.id)' ends the case, so it cannot be a revision",
                                   at: "steps[\(i)].outcomes[\(j)].revision", hint: "drop `revision: true`")
                        }
                    }
                    for (j, o) in step.outcomes.enumerated() where o.revision {
                        if let next = o.next, let k = stepIndex[next], k >= i {
                            report(.revisionDirection,
                                   k == i ? "revision outcome '\(o.id)' of '\(step.id)' leads back to the decision itself"
                                          : "revision outcome '\(o.id)' of '\(step.id)' leads forward to step \(sop.steps[k].number) '\(next)'",
                                   at: "steps[\(i)].outcomes[\(j)].next",
                                   hint: "point it at the earlier step that redoes the work, or drop `revision: true`")
                        }
                    }
                case .start, .task, .meeting:
                    if !step.outcomes.isEmpty {
                        report(.transitionShape, "\(step.kind.rawValue) step '\(step.id)' has outcomes; only decisions branch",
                               at: "steps[\(i)].outcomes", hint: "make it `kind: decision`, or use `next`")
                    } else if step.next == nil && step.parallel.isEmpty {
                        report(.transitionShape, "\(step.kind.rawValue) step '\(step.id)' has no `next` step",
                               at: "steps[\(i)]", hint: "add `next: <step id>`, or make it `kind: end`")
                    }
                }
            }
            guard whole else { return }
            if starts.isEmpty {
                report(.startCount, "no step has `kind: start`", at: sop.steps.isEmpty ? "steps" : "steps[0].kind",
                       hint: "mark the first step (the complainant's submission) as `kind: start`")
            }
            for i in starts.dropFirst() {
                report(.startCount, "step '\(sop.steps[i].id)' is a second start step (the first is '\(sop.steps[starts[0]].id)')",
                       at: "steps[\(i)].kind", hint: "a procedure has one start; make this one a task")
            }
            if !hasEnd && !sop.steps.isEmpty {
                report(.noEnd, "no step has `kind: end`", at: "steps[\(sop.steps.count - 1)].kind",
                       hint: "mark the last step (e.g. the complainant receiving the reply) as `kind: end`")
            }
        }

        // MARK: Graph

        func successors(_ i: Int) -> [Int] { sop.steps[i].successors.compactMap { stepIndex[$0] } }

        mutating func checkGraph() {
            let n = sop.steps.count
            guard n > 0, let start = sop.steps.firstIndex(where: { $0.kind == .start }) else { return }
            let reached = reachable(from: start)
            // Backward reachability from the ends.
            var preds = [[Int]](repeating: [], count: n)
            for i in 0..<n { for j in successors(i) { preds[j].append(i) } }
            var reachesEnd = [Bool](repeating: false, count: n)
            // An end step, or a decision with an outcome that ends the case.
            var stack = (0..<n).filter { sop.steps[$0].kind == .end || sop.steps[$0].outcomes.contains { $0.end != nil } }
            for i in stack { reachesEnd[i] = true }
            while let i = stack.popLast() {
                for p in preds[i] where !reachesEnd[p] { reachesEnd[p] = true; stack.append(p) }
            }
            let components = stronglyConnectedComponents(n: n)
            for i in 0..<n {
                let step = sop.steps[i]
                if !reached[i] {
                    report(.unreachableStep, "step \(step.number) '\(step.id)' cannot be reached from the start step",
                           at: "steps[\(i)].id", hint: "point a `next` or an outcome of an earlier step at '\(step.id)', or remove it")
                } else if !reachesEnd[i] && !sop.steps.allSatisfy({ $0.kind != .end }) {
                    let inLoop = components[i].count > 1 || successors(i).contains(i)
                    if inLoop {
                        let names = components[i].sorted().map { "'\(sop.steps[$0].id)'" }.joined(separator: ", ")
                        report(.closedLoop, "step '\(step.id)' is in a loop with no way out: \(names)",
                               at: "steps[\(i)].id", hint: "give one step of the loop a transition towards an end step")
                    } else {
                        report(.noPathToEnd, "from step '\(step.id)' no path reaches an end step",
                               at: "steps[\(i)].id", hint: "follow its transitions: they never reach a step with `kind: end`")
                    }
                }
            }
        }

        /// Which steps some path from `start` reaches.
        func reachable(from start: Int) -> [Bool] {
            var reached = [Bool](repeating: false, count: sop.steps.count)
            var stack = [start]
            reached[start] = true
            while let i = stack.popLast() {
                for j in successors(i) where !reached[j] { reached[j] = true; stack.append(j) }
            }
            return reached
        }

        /// Every step, those reachable from `start` in reverse postorder of a depth-first search
        /// (a topological order where there are no loops) and then the others.
        func reversePostorder(from start: Int) -> [Int] {
            let n = sop.steps.count
            var visited = [Bool](repeating: false, count: n)
            var post: [Int] = []
            var frames: [(v: Int, next: [Int], child: Int)] = [(start, successors(start), 0)]
            visited[start] = true
            while let top = frames.last {
                if top.child < top.next.count {
                    frames[frames.count - 1].child += 1
                    let w = top.next[top.child]
                    if !visited[w] { visited[w] = true; frames.append((w, successors(w), 0)) }
                } else {
                    post.append(top.v)
                    frames.removeLast()
                }
            }
            return post.reversed() + (0..<n).filter { !visited[$0] }
        }

        /// Tarjan's algorithm with an explicit stack (a chain of thousands of steps would
        /// exhaust a thread's stack by recursion); returns for each step the members of its component.
        func stronglyConnectedComponents(n: Int) -> [[Int]] {
            var index = 0
            var indices = [Int](repeating: -1, count: n)
            var low = [Int](repeating: 0, count: n)
            var onStack = [Bool](repeating: false, count: n)
            var stack: [Int] = []
            var result = [[Int]](repeating: [], count: n)
            let next = (0..<n).map(successors)
            // Frames of the depth-first search: a step and how many of its successors were visited.
            var frames: [(v: Int, child: Int)] = []
            for root in 0..<n where indices[root] < 0 {
                frames.append((root, 0))
                indices[root] = index; low[root] = index; index += 1
                stack.append(root); onStack[root] = true
                while let top = frames.last {
                    let v = top.v, child = top.child
                    if child < next[v].count {
                        frames[frames.count - 1].child += 1
                        let w = next[v][child]
                        if indices[w] < 0 {
                            indices[w] = index; low[w] = index; index += 1
                            stack.append(w); onStack[w] = true
                            frames.append((w, 0))
                        } else if onStack[w] {
                            low[v] = min(low[v], indices[w])
                        }
                        continue
                    }
                    frames.removeLast()
                    if let parent = frames.last?.v { low[parent] = min(low[parent], low[v]) }
                    if low[v] == indices[v] {
                        var members: [Int] = []
                        while let w = stack.popLast() {
                            onStack[w] = false
                            members.append(w)
                            if w == v { break }
                        }
                        for m in members { result[m] = members }
                    }
                }
            }
            return result
        }

        // MARK: Parallel work

        mutating func checkParallel() {
            let graph = StepGraph(sop.steps)
            for (f, fork) in graph.forks.sorted(by: { $0.key < $1.key }) where fork.join == nil {
                let step = sop.steps[f]
                report(.forkJoin, "the branches of fork '\(step.id)' (\(step.parallel.joined(separator: ", "))) never meet at a common step",
                       at: "steps[\(f)].next",
                       hint: "lead every branch to the step that waits for all of them (e.g. the verification after the field check and the fee)")
            }
            for j in Set(graph.sharedJoins).sorted() {
                let forks = graph.forks.values.filter { $0.join == j }.map { sop.steps[$0.fork].id }.sorted()
                report(.sharedJoin, "step '\(sop.steps[j].id)' joins the branches of several forks (\(forks.joined(separator: ", ")))",
                       at: "steps[\(j)].id", hint: "give the inner fork its own join step")
            }
        }

        // MARK: Timers

        mutating func checkTimers() {
            for (i, step) in sop.steps.enumerated() {
                for (j, t) in step.timers.enumerated() {
                    let at = "steps[\(i)].timers[\(j)]"
                    if t.after == nil && step.time == nil {
                        report(.timerShape, "a timer of step '\(step.id)' has no `after`, and the step has no time to run out",
                               at: at, hint: "give the timer `after:` (e.g. \"10 hari kerja\") or the step a time")
                    }
                    switch t.action {
                    case .complete:
                        if let o = t.outcome {
                            if step.kind != .decision {
                                report(.timerShape, "a timer of step '\(step.id)' chooses outcome '\(o)', but the step is not a decision",
                                       at: "\(at).outcome", hint: "drop `outcome`; the step is completed as it is")
                            } else if !step.outcomes.contains(where: { $0.id == o }) {
                                report(.timerShape, "a timer of decision '\(step.id)' chooses unknown outcome '\(o)'",
                                       at: "\(at).outcome", hint: "outcomes: \(step.outcomes.map(\.id).joined(separator: ", "))")
                            }
                        } else if step.kind == .decision {
                            report(.timerShape, "a timer completing decision '\(step.id)' must choose an outcome",
                                   at: at, hint: "add `outcome: <id>` (e.g. the complainant who does not answer accepts the reply)")
                        }
                    case .escalate:
                        if t.to == nil {
                            report(.timerShape, "a timer of step '\(step.id)' escalates without naming a role",
                                   at: at, hint: "add `to: <role id>`, e.g. the head of the unit")
                        }
                    case .withdraw, .remind:
                        if t.outcome != nil {
                            report(.timerShape, "a \(t.action.rawValue) timer of step '\(step.id)' chooses an outcome",
                                   at: "\(at).outcome", hint: "only `action: complete` takes an outcome")
                        }
                    }
                    if t.action != .escalate, t.to != nil {
                        report(.timerShape, "a \(t.action.rawValue) timer of step '\(step.id)' names a role",
                               at: "\(at).to", hint: "only `action: escalate` takes `to`")
                    }
                }
            }
        }

        // MARK: Document flow

        /// A required input must be available on every path from the start: produced by the
        /// case opening, outside the procedure, or a step that always runs before. A
        /// conditional input only needs some step before it (or an origin) to produce it.
        mutating func checkDocumentFlow() {
            let n = sop.steps.count
            guard n > 0, let start = sop.steps.firstIndex(where: { $0.kind == .start }) else { return }
            // Documents as bit positions: the fixed points below are set algebra on words.
            var index: [String: Int] = [:]
            for d in sop.documents where index[d.id] == nil { index[d.id] = index.count }
            for step in sop.steps { for r in step.outputs where index[r.document] == nil { index[r.document] = index.count } }
            let width = index.count
            func set(_ ids: some Sequence<String>) -> BitSet {
                var b = BitSet(width: width)
                for id in ids { if let i = index[id] { b.insert(i) } }
                return b
            }
            let given = set(sop.documents.filter { $0.origin != .step }.map(\.id))
            let always = sop.steps.map { set($0.outputs.filter { !$0.isConditional }.map(\.document)) }
            let maybe = sop.steps.map { set($0.outputs.map(\.document)) }
            var preds = [[Int]](repeating: [], count: n)
            for i in 0..<n { for j in successors(i) { preds[j].append(i) } }
            // Steps in reverse postorder from the start (then the rest): each pass of the fixed
            // points below carries facts along a whole chain, however the steps are written.
            let order = reversePostorder(from: start)
            let graph = StepGraph(sop.steps)
            // Must-analysis: available before step i on every path.
            var before = [BitSet](repeating: BitSet(width: width, full: true), count: n)
            before[start] = given
            var changed = true
            while changed {
                changed = false
                for i in order where i != start {
                    var value = preds[i].isEmpty ? given : BitSet(width: width, full: true)
                    if let f = graph.forkOfJoin[i], let region = graph.forks[f]?.region {
                        // A join runs after every branch: what any branch always makes is there.
                        var branches = BitSet(width: width)
                        for p in preds[i] where region.contains(p) { branches.formUnion(before[p].union(always[p])) }
                        value = branches
                        for p in preds[i] where !region.contains(p) { value.formIntersection(before[p].union(always[p])) }
                    } else {
                        for p in preds[i] { value.formIntersection(before[p].union(always[p])) }
                    }
                    if value != before[i] { before[i] = value; changed = true }
                }
            }
            // May-analysis: produced by some step that can run before step i.
            var mayBefore = [BitSet](repeating: given, count: n)
            changed = true
            while changed {
                changed = false
                for i in order {
                    let out = mayBefore[i].union(maybe[i])
                    for j in successors(i) {
                        let value = mayBefore[j].union(out)
                        if value != mayBefore[j] { mayBefore[j] = value; changed = true }
                    }
                }
            }
            let reached = reachable(from: start)
            // Unreachable steps are reported once, as unreachable; their inputs mean nothing.
            for (i, step) in sop.steps.enumerated() where reached[i] {
                for (j, ref) in step.inputs.enumerated() where documentIDs.contains(ref.document) {
                    let bit = index[ref.document]!
                    let ok = ref.isConditional ? mayBefore[i].contains(bit) : before[i].contains(bit)
                    guard !ok else { continue }
                    let name = sop.document(ref.document)?.name ?? ref.document
                    let producers = sop.steps.filter { $0.outputs.contains { $0.document == ref.document } }.map { "\($0.number)" }
                    let detail = producers.isEmpty
                        ? "no step produces it"
                        : ref.isConditional ? "only step \(producers.joined(separator: ", ")) produces it, after this step"
                        : "not every path to this step passes a step that always produces it (produced by step \(producers.joined(separator: ", ")))"
                    report(.inputNotProduced, "step '\(step.id)' needs '\(name)' but \(detail)",
                           at: "steps[\(i)].inputs[\(j)]",
                           hint: "add it to the outputs of an earlier step, or declare it with `origin: case-opening` or `origin: external`")
                }
            }
        }

        // MARK: Times

        mutating func checkTimes() {
            for (i, step) in sop.steps.enumerated() {
                if let t = step.time, t.value <= 0 {
                    report(.nonPositiveTime, "step '\(step.id)' has a standard time of \(t.value) \(t.unit.rawValue)",
                           at: "steps[\(i)].time.value", hint: "a standard time is a positive whole number")
                }
                if step.time == nil, step.kind != .end || !step.timers.isEmpty {
                    report(.missingTime, "step \(step.number) '\(step.id)' has no standard time: it has no due instant and is shown as \"—\"",
                           at: "steps[\(i)]", hint: "write the Waktu cell as the document gives it (e.g. time: \"1-3 hari\"), or an assumed time with a provenance mark")
                }
            }
        }

        // MARK: Provenance

        static let stepFields: Set<String> = [
            "no", "id", "kind", "actor", "participants", "activity", "inputs", "outputs", "time", "note", "next", "outcomes",
            "requirements", "timers", "purpose",
        ]

        mutating func checkProvenance() {
            for (i, step) in sop.steps.enumerated() {
                for field in step.provenance.keys.sorted() {
                    let set: Bool
                    switch field {
                    case "participants": set = !step.participants.isEmpty
                    case "inputs": set = !step.inputs.isEmpty
                    case "outputs": set = !step.outputs.isEmpty
                    case "time": set = step.time != nil
                    case "note": set = step.note != nil
                    case "next": set = step.next != nil || !step.parallel.isEmpty
                    case "requirements": set = !step.requirements.isEmpty
                    case "timers": set = !step.timers.isEmpty
                    case "outcomes": set = !step.outcomes.isEmpty
                    default: set = Self.stepFields.contains(field)
                    }
                    guard !set else { continue }
                    let known = Self.stepFields.contains(field)
                    diagnostics.append(Diagnostic(
                        .provenanceField,
                        known ? "provenance marks '\(field)' of step '\(step.id)', which is not set"
                              : "provenance names '\(field)', which is not a field of a step",
                        at: map.keyLocation(of: unread.filePath("steps[\(i)].provenance.\(field)")),
                        hint: known ? "remove the mark or set the field" : suggestion(field, among: Self.stepFields.sorted(), what: "step fields")))
                }
            }
            for path in sop.provenance.keys.sorted() where !isSet(topLevel: path) && !(unread.identity && path.hasPrefix("identity")) {
                diagnostics.append(Diagnostic(
                    .provenanceField, "provenance names '\(path)', which is not a set field of the SOP",
                    at: map.keyLocation(of: "provenance.\(path)"),
                    hint: "use a dotted path such as `identity.dates.effective` or `calendar`"))
            }
        }

        func isSet(topLevel path: String) -> Bool {
            let id = sop.identity
            switch path {
            case "identity.agency.government": return id.agency.government != nil
            case "identity.agency.unit": return id.agency.unit != nil
            case "identity.agency", "identity.agency.regency", "identity.agency.office",
                 "identity.number", "identity.name", "identity.approver", "identity.approver.title":
                return true
            case "identity.dates.made": return id.dates.made != nil
            case "identity.dates.revised": return id.dates.revised != nil
            case "identity.dates.effective": return id.dates.effective != nil
            case "identity.dates.approved": return id.dates.approved != nil
            case "identity.approver.name": return id.approver.name != nil
            case "identity.approver.nip": return id.approver.nip != nil
            case "identity.approver.rank": return id.approver.rank != nil
            case "calendar": return sop.calendar != nil
            case "legalBasis": return !sop.legalBasis.isEmpty
            case "qualifications": return !sop.qualifications.isEmpty
            case "relatedSOPs": return !sop.relatedSOPs.isEmpty
            case "equipment": return !sop.equipment.isEmpty
            case "warnings": return !sop.warnings.isEmpty
            case "records": return !sop.records.isEmpty
            case "roles": return !sop.roles.isEmpty
            case "documents": return !sop.documents.isEmpty
            default: return false
            }
        }

        // MARK: Unused

        mutating func checkUnused() {
            var usedRoles = Set(sop.steps.map(\.actor))
            usedRoles.formUnion(sop.steps.flatMap(\.participants))
            for (i, role) in sop.roles.enumerated() where !usedRoles.contains(role.id) {
                report(.unusedRole, "role '\(role.id)' (\(role.title)) is not the actor or a participant of any step",
                       at: "roles[\(i)].id", hint: "assign it to a step or remove it")
            }
            let usedDocs = Set(sop.steps.flatMap { $0.inputs.map(\.document) + $0.outputs.map(\.document) })
            for (i, doc) in sop.documents.enumerated() where !usedDocs.contains(doc.id) {
                report(.unusedDocument, "document '\(doc.id)' (\(doc.name)) is not used by any step",
                       at: "documents[\(i)].id", hint: "name it in a step's inputs or outputs, or remove it")
            }
        }
    }
}

/// "did you mean 'x'?" for a misspelt name, else the list of valid names.
public func suggestion(_ name: String, among candidates: [String], what: String) -> String {
    if let best = closestMatch(to: name, in: candidates) { return "did you mean '\(best)'?" }
    let shown = candidates.prefix(12).joined(separator: ", ")
    return candidates.isEmpty ? "no \(what) are declared" : "declared \(what): \(shown)"
}

/// The candidate within a small edit distance of `name` (or one that starts the other,
/// like `terima` for `terima-balasan`), preferring the closest.
public func closestMatch(to name: String, in candidates: [String]) -> String? {
    let limit = max(2, name.count / 3)
    let a = Array(name.lowercased())
    var best: (String, Int)?
    for c in candidates {
        let b = Array(c.lowercased())
        let nested = min(a.count, b.count) >= 4 && (a.starts(with: b) || b.starts(with: a))
        // Lengths further apart than the limit cannot be within it: no table needed.
        guard nested || abs(a.count - b.count) <= limit else { continue }
        let d = nested ? 1 : editDistance(a, b, limit: limit)
        if d <= limit, best == nil || d < best!.1 { best = (c, d) }
    }
    return best?.0
}

/// Levenshtein distance over characters.
public func editDistance(_ a: String, _ b: String) -> Int {
    editDistance(Array(a), Array(b), limit: .max)
}

/// Levenshtein distance, or some value above `limit` as soon as every path exceeds it (so
/// suggesting names for thousands of unknown keys stays cheap).
func editDistance(_ a: [Character], _ b: [Character], limit: Int) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var prev = Array(0...b.count)
    var cur = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        cur[0] = i
        var rowMinimum = i
        for j in 1...b.count {
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            rowMinimum = min(rowMinimum, cur[j])
        }
        if rowMinimum > limit { return rowMinimum }
        swap(&prev, &cur)
    }
    return prev[b.count]
}
