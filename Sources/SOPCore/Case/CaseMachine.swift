/// The interpreter: decides, for a case state and an action, which events happen, or
/// why the action is refused. Pure and synchronous: the time is passed in, nothing is
/// stored here; the store and the async shell around it persist what it returns.
///
/// Nothing in it knows an agency: every rule comes from the ``SOPDefinition``. Several
/// steps can be active at once (parallel branches), the agency's clock stops while the file
/// is with the applicant, and timers are actions like any other (``fire(_:step:timer:at:)``).
public struct CaseMachine: Sendable {
    public let definition: SOPDefinition
    /// Content hash of `definition`, recorded in the case so it stays pinned to it.
    public let definitionHash: String
    public let calendar: WorkingCalendar
    /// Forks, joins and positions by id, computed once: the hot path then reads the
    /// definition's steps in place instead of copying them.
    public let graph: StepGraph
    /// Per step position: whether an applicant role performs it.
    private let applicantStep: [Bool]
    /// Per step position: its id interned, as events and records carry it.
    private let stepSymbols: [Symbol]
    /// Per step position: its inputs' and outputs' documents, interned, and whether each is
    /// needed only under a condition.
    private let inputSymbols: [[(document: Symbol, conditional: Bool)]]
    private let outputSymbols: [[(document: Symbol, conditional: Bool)]]
    /// Per step position: the outcomes whose completion produces none of the step's outputs
    /// (``Step/producesOutputs(outcome:)`` asked once here: a call on the step in the hot path
    /// would copy it).
    private let outputsWithheld: [[String]]
    /// Per step position: the position of each outcome's `next` (nil when it names no step or
    /// the outcome has none).
    private let outcomeTargets: [[Int?]]
    /// The start step's position, and the documents a case may be opened with (interned).
    private let startPosition: Int?
    private let openingDocuments: [Symbol]
    /// Per step position: the positions of `next` / the fork's branches (nil entries for an
    /// unknown id, which the validator refuses), so a completion looks up no id.
    private let successorPositions: [[Int?]]
    /// The standard schedule of the forward flow: each step's position and the flow positions
    /// of its forward predecessors, for the case's total due (the critical path's end).
    private let flow: [(step: Int, predecessors: [Int])]
    private let endOfFlow: [Int]

    public init(definition: SOPDefinition, definitionHash: String, calendar: WorkingCalendar) {
        self.definition = definition
        self.definitionHash = definitionHash
        self.calendar = calendar
        let graph = StepGraph(definition.steps)
        self.graph = graph
        let applicants = Set(definition.roles.filter(\.applicant).map(\.id))
        self.applicantStep = definition.steps.map { applicants.contains($0.actor) }
        self.stepSymbols = definition.steps.map { Symbol($0.id) }
        self.inputSymbols = definition.steps.map { $0.inputs.map { (Symbol($0.document), $0.isConditional) } }
        self.outputSymbols = definition.steps.map { $0.outputs.map { (Symbol($0.document), $0.isConditional) } }
        self.outputsWithheld = definition.steps.map { step in step.outcomes.map(\.id).filter { !step.producesOutputs(outcome: $0) } }
        self.outcomeTargets = definition.steps.map { $0.outcomes.map { $0.next.flatMap { graph.index[$0] } } }
        self.startPosition = definition.steps.firstIndex { $0.kind == .start }
        self.openingDocuments = definition.documents.filter { $0.origin == .caseOpening }.map { Symbol($0.id) }
        self.successorPositions = definition.steps.map { step in
            (step.next.map { [$0] } ?? step.parallel).map { graph.index[$0] }
        }
        // The forward flow in order, each step with the flow positions of its forward
        // predecessors (earlier in the order, except along a loop, which is left out).
        let order = definition.forwardFlow.compactMap { graph.index[$0.id] }
        var position: [Int: Int] = [:]
        for (k, i) in order.enumerated() { position[i] = k }
        var preds = [[Int]](repeating: [], count: order.count)
        for (k, i) in order.enumerated() {
            for n in definition.steps[i].forwardSuccessors.compactMap({ graph.index[$0] }) {
                if let kn = position[n], kn > k { preds[kn].append(k) }
            }
        }
        self.flow = order.enumerated().map { ($1, preds[$0]) }
        self.endOfFlow = order.indices.filter { definition.steps[order[$0]].forwardSuccessors.isEmpty }
    }

    /// Case ids appear in URLs and file names: 1–64 of `A–Z a–z 0–9 - _ .`.
    public static func isValidCaseID(_ id: String) -> Bool {
        let bytes = id.utf8
        guard (1...64).contains(bytes.count), bytes.first != UInt8(ascii: ".") else { return false }
        return bytes.allSatisfy { b in
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."): true
            default: false
            }
        }
    }

    /// Whether an applicant role performs `stepID` (the file is then with the public side).
    public func isApplicantStep(_ stepID: String) -> Bool {
        graph.index[stepID].map { applicantStep[$0] } ?? false
    }

    /// The position of the step `symbol` names (a scan of a few 4-byte values, no hashing).
    private func position(of symbol: Symbol) -> Int? {
        for i in stepSymbols.indices where stepSymbols[i] == symbol { return i }
        return nil
    }

    /// The ids of the steps an applicant performs.
    public var applicantStepIDs: Set<String> {
        Set(definition.steps.indices.filter { applicantStep[$0] }.map { definition.steps[$0].id })
    }

    // MARK: Open

    /// Opens a case at the start step; `attachments` are documents supplied with it. A
    /// `confidential` case says so in its opening (``CaseEvent/Opened/confidential``).
    public func open(caseID: String, at now: Instant, actor: String? = nil,
                     attachments: [DocumentAttachment] = [], confidential: Bool = false) throws(CaseError) -> [RecordedEvent] {
        guard Self.isValidCaseID(caseID) else { throw .invalidCaseID(caseID) }
        guard let s = startPosition else { throw .unknownStep("start", known: definition.steps.map(\.id)) }
        for a in attachments.indices where !openingDocuments.contains(attachments[a].documentSymbol) {
            throw .unexpectedDocument(step: definition.steps[s].id, document: attachments[a].document)
        }
        let due = standardDue(from: now)
        var events = Emitter(caseID: caseID, after: 0, at: now, actor: actor, role: nil, capacity: attachments.count + 3)
        events.append(.opened(.init(sopID: definition.id, definitionHash: definitionHash,
                                    calendarID: calendar.definition.id, due: due, confidential: confidential ? true : nil)))
        for a in attachments { events.append(.documentAttached(.init(step: nil, attachment: a))) }
        try activate(s, round: 0, at: now, into: &events)
        if applicantStep[s] { events.append(.clockStopped(.init(step: stepSymbols[s]))) }
        return events.recorded
    }

    // MARK: Complete

    /// Completes the active step `stepID` acting in `role`, with a decision `outcome` when
    /// the step is a decision, supplying `attachments`. A `note` (the reason for the decision)
    /// is recorded as a note event first in the same write, with the same time, actor and role:
    /// the note that precedes a completion in one write is that completion's reason.
    public func complete(_ state: CaseState, step stepID: String, role: String, actor: String? = nil,
                         outcome: String? = nil, attachments: [DocumentAttachment] = [], note: String? = nil,
                         at now: Instant) throws(CaseError) -> [RecordedEvent] {
        guard state.definitionHash == definitionHash else { throw .definitionMismatch(caseID: state.caseID) }
        guard state.status == .open else { throw .caseClosed(state.caseID) }
        guard let i = graph.index[stepID] else { throw .unknownStep(stepID, known: definition.steps.map(\.id)) }
        guard let r = state.openIndex(of: stepSymbols[i]) else {
            throw .stepNotActive(step: stepID, active: state.activeStepList)
        }
        // The step's and the record's fields are read in place: a copy of either would retain
        // every one of their strings and collections.
        guard definition.steps[i].isActor(role) || state.history[r].escalatedTo.contains(role) else {
            throw .wrongRole(step: stepID, role: role, required: definition.steps[i].actors.joined(separator: "' or '"))
        }
        // A task given to a named officer is theirs to complete (a substitute takes it over
        // first, ``assign(_:step:to:substituteFor:actor:role:at:)``); a timer needs no one.
        if let assignee = state.history[r].assignee, let actor, actor != assignee {
            throw .assignedToOther(step: stepID, officer: assignee)
        }
        let activatedAt = state.history[r].activatedAt
        guard now >= activatedAt else { throw .timeBeforeActivation(step: stepID, activatedAt: activatedAt) }
        try checkDocuments(state, at: i, attachments: attachments, outcome: outcome)
        let chosen = try choose(state, at: i, outcome: outcome)

        var events = Emitter(caseID: state.caseID, after: state.version, at: now, actor: actor, role: role,
                             capacity: attachments.count + 8)
        if let note { events.append(.note(.init(text: note))) }
        for a in attachments { events.append(.documentAttached(.init(stepSymbol: stepSymbols[i], attachment: a))) }
        try advance(state, from: i, record: r, chosen: chosen, at: now, into: &events)
        return events.recorded
    }

    /// The documents a completion of `step` must carry: its unconditional outputs, and its
    /// unconditional inputs the case does not hold yet. What forms and clients ask for. With
    /// the chosen `outcome` of a decision: an outcome that sends the case back (a revision) or
    /// ends it produces nothing, so only the inputs are asked for.
    public func documentsRequired(_ state: CaseState, step: Step, outcome: String? = nil) -> [String] {
        var needed: [String] = []
        for input in step.inputs where !input.isConditional && !state.holds(Symbol(input.document)) {
            needed.append(input.document)
        }
        guard step.producesOutputs(outcome: outcome) else { return needed }
        for output in step.outputs where !output.isConditional && !needed.contains(output.document) {
            needed.append(output.document)
        }
        return needed
    }


    /// Documents: only what the step needs or produces may be attached; required inputs
    /// must be in the case; declared outputs must come with this completion, unless the chosen
    /// outcome sends the case back or ends it (``Step/producesOutputs(outcome:)``).
    private func checkDocuments(_ state: CaseState, at i: Int, attachments: [DocumentAttachment],
                                outcome: String?) throws(CaseError) {
        // Interned ids, read by position: no string is compared, hashed or retained.
        func attached(_ document: Symbol) -> Bool {
            for k in attachments.indices where attachments[k].documentSymbol == document { return true }
            return false
        }
        for a in attachments.indices {
            let document = attachments[a].documentSymbol
            var known = false
            for k in inputSymbols[i].indices where inputSymbols[i][k].document == document { known = true; break }
            if !known { for k in outputSymbols[i].indices where outputSymbols[i][k].document == document { known = true; break } }
            if !known { throw .unexpectedDocument(step: definition.steps[i].id, document: attachments[a].document) }
        }
        for k in inputSymbols[i].indices where !inputSymbols[i][k].conditional {
            if !state.holds(inputSymbols[i][k].document) && !attached(inputSymbols[i][k].document) {
                throw .missingInput(step: definition.steps[i].id, document: inputSymbols[i][k].document.text)
            }
        }
        if let outcome, outputsWithheld[i].contains(outcome) { return }
        for k in outputSymbols[i].indices where !outputSymbols[i][k].conditional && !attached(outputSymbols[i][k].document) {
            throw .missingOutput(step: definition.steps[i].id, document: outputSymbols[i][k].document.text)
        }
    }

    /// The position in the decision's `outcomes` of the chosen `outcome` (nil for a step that
    /// is not a decision): a position, so the outcome and its strings are read in place.
    private func choose(_ state: CaseState, at i: Int, outcome: String?) throws(CaseError) -> Int? {
        guard definition.steps[i].kind == .decision else {
            if outcome != nil { throw .outcomeNotAllowed(step: definition.steps[i].id) }
            return nil
        }
        guard let outcome else { throw .outcomeRequired(step: definition.steps[i].id, options: definition.steps[i].outcomes.map(\.id)) }
        guard let o = definition.steps[i].outcomes.firstIndex(where: { $0.id == outcome }) else {
            throw .unknownOutcome(step: definition.steps[i].id, outcome: outcome, options: definition.steps[i].outcomes.map(\.id))
        }
        if definition.steps[i].outcomes[o].revision, let limit = definition.steps[i].outcomes[o].maxRounds,
           state.revisions[definition.steps[i].id, default: 0] >= limit {
            throw .revisionLimit(step: definition.steps[i].id, outcome: outcome, limit: limit)
        }
        return o
    }

    /// The completion of the step at `i` and everything it sets off: the next steps (all
    /// branches of a fork; a join only once every branch has arrived), the case's end, and
    /// the agency's clock stopping or running again as the file goes to the applicant or back.
    /// `r`: the position in the state's history of the activation completed.
    /// `chosen`: the position of the decision's outcome.
    private func advance(_ state: CaseState, from i: Int, record r: Int, chosen: Int?,
                         at now: Instant, into events: inout Emitter) throws(CaseError) {
        // The definition is read in place, never copied: a copy of a shared array or string
        // is a reference count that two cores would contend for.
        let kind = definition.steps[i].kind, symbol = stepSymbols[i]
        let activatedAt = state.history[r].activatedAt, due = state.history[r].due
        let elapsed: WorkingCalendar.Elapsed
        do { elapsed = try calendar.elapsed(from: activatedAt, to: now) } catch { throw .calendar(error) }
        let stillPaused = state.pausedAt.map { p in (try? calendar.elapsed(from: max(p, activatedAt), to: now))?.officeSeconds ?? 0 } ?? 0
        let agencySeconds = applicantStep[i] ? elapsed.officeSeconds : elapsed.officeSeconds - state.history[r].pausedOfficeSeconds - stillPaused
        let judged = applicantStep[i] ? now : (state.pausedAt.map { min($0, now) } ?? now)
        events.append(.stepCompleted(.init(step: symbol, outcome: chosen.map { definition.steps[i].outcomes[$0].id },
                                           officeSeconds: agencySeconds,
                                           workingDays: elapsed.workingDays,
                                           onTime: due.map { calendar.isOnTime(due: $0, end: judged) })))
        if kind == .end {
            try endPause(state, by: symbol, at: now, into: &events)
            events.append(.closed(.init(step: symbol)))
            return
        }
        if let o = chosen, let end = definition.steps[i].outcomes[o].end {
            try endPause(state, by: symbol, at: now, into: &events)
            events.append(.closed(.init(step: symbol, resolution: end)))
            return
        }
        // The steps reached: the chosen outcome's, or every successor (no array is built).
        var chosenTarget: Int?
        if let o = chosen {
            guard let n = outcomeTargets[i][o] else {
                throw .unknownStep(definition.steps[i].outcomes[o].next ?? "", known: definition.steps.map(\.id))
            }
            if definition.steps[i].outcomes[o].revision {
                let stepID = definition.steps[i].id
                events.append(.sentBack(.init(from: stepID, to: definition.steps[n].id, outcome: definition.steps[i].outcomes[o].id,
                                              round: state.revisions[stepID, default: 0] + 1)))
            }
            chosenTarget = n
        } else {
            for k in successorPositions[i].indices where successorPositions[i][k] == nil {
                throw .unknownStep(definition.steps[i].successors[k], known: definition.steps.map(\.id))
            }
        }
        let targetCount = chosenTarget == nil ? successorPositions[i].count : 1
        // Which steps stay open after this completion, to tell whether the clock stops.
        var openApplicant = false
        for k in state.openRecords.indices {
            let h = state.openRecords[k]
            let open = state.history[h].stepSymbol
            if open != symbol, let p = position(of: open), applicantStep[p] { openApplicant = true; break }
        }
        var firstApplicantActivated: Int?
        for t in 0..<targetCount {
            let n = chosenTarget ?? successorPositions[i][t]!
            if let fork = graph.arrival(from: i, at: n), isForkOpen(state, fork: fork) {
                events.append(.branchArrived(.init(join: definition.steps[n].id, from: definition.steps[i].id)))
                let arrived = state.arrivals[definition.steps[n].id, default: 0] + 1
                guard arrived >= fork.branches else { continue }
            }
            var round = 0
            for k in state.history.indices where state.history[k].stepSymbol == stepSymbols[n] { round += 1 }
            try activate(n, round: round, at: now, into: &events)
            if applicantStep[n] {
                openApplicant = true
                if firstApplicantActivated == nil { firstApplicantActivated = n }
            }
        }
        // The agency's clock stands still while a step of the applicant is open.
        if state.pausedAt == nil, openApplicant, let first = firstApplicantActivated {
            events.append(.clockStopped(.init(step: stepSymbols[first])))
        } else if state.pausedAt != nil, !openApplicant {
            try resume(state, by: symbol, completing: symbol, at: now, into: &events)
        }
    }

    /// The clock runs again: the pause's office time is recorded, and the due instants and
    /// timers of the agency's steps that stayed open are recomputed from the working time
    /// they had left, as is the case's standard due.
    private func resume(_ state: CaseState, by applicantStepID: Symbol, completing: Symbol,
                        at now: Instant, into events: inout Emitter) throws(CaseError) {
        guard let pausedAt = state.pausedAt else { return }
        try endPause(state, by: applicantStepID, at: now, into: &events)
        for r in state.openRecords {
            let record = state.history[r]
            guard record.stepSymbol != completing, let i = position(of: record.stepSymbol), !applicantStep[i] else { continue }
            let since = max(pausedAt, record.activatedAt)
            let unit = definition.steps[i].time?.unit ?? .workingDays
            let stood: Int64
            do { stood = max(0, try calendar.elapsed(from: since, to: now).officeSeconds) } catch { throw .calendar(error) }
            var due: Instant?
            if let d = record.due {
                do { due = try calendar.resumedDue(d, unit: unit, pausedAt: since, resumedAt: now) } catch { throw .calendar(error) }
            }
            events.append(.dueShifted(.init(stepSymbol: record.stepSymbol, due: due, pausedOfficeSeconds: stood)))
            let timers = definition.steps[i].timers
            for (t, at) in record.timers.sorted(by: { $0.key < $1.key }) where !record.firedTimers.contains(t) && t < timers.count {
                let timerUnit = timers[t].after?.unit ?? unit
                do {
                    events.append(.timerSet(.init(step: record.stepSymbol, timer: t,
                                                  at: try calendar.resumedDue(at, unit: timerUnit, pausedAt: since, resumedAt: now))))
                } catch { throw .calendar(error) }
            }
        }
        if let due = state.due {
            do {
                events.append(.dueShifted(.init(step: nil, due: try calendar.resumedDue(due, unit: .workingDays,
                                                                                       pausedAt: pausedAt, resumedAt: now))))
            } catch { throw .calendar(error) }
        }
    }

    /// Whether `fork`'s branches are running: the fork step completed after its join was last
    /// activated. A step of a branch redone later (a revision sent back from past the join)
    /// then goes on to the join at once instead of waiting for branches that will not come.
    private func isForkOpen(_ state: CaseState, fork: StepGraph.Fork) -> Bool {
        let forkID = stepSymbols[fork.fork]
        guard let join = fork.join else { return false }
        let joinID = stepSymbols[join]
        for k in state.history.indices.reversed() {
            if state.history[k].stepSymbol == joinID { return false }
            if state.history[k].stepSymbol == forkID, state.history[k].completedAt != nil { return true }
        }
        return false
    }

    /// The clock stops standing still (the applicant answered, or the case closes while the
    /// file is with the applicant): the pause's office time is recorded as the applicant's.
    private func endPause(_ state: CaseState, by stepID: Symbol, at now: Instant, into events: inout Emitter) throws(CaseError) {
        guard let pausedAt = state.pausedAt else { return }
        let paused: Int64
        do { paused = max(0, try calendar.elapsed(from: pausedAt, to: now).officeSeconds) } catch { throw .calendar(error) }
        events.append(.clockResumed(.init(step: stepID, officeSeconds: paused)))
    }

    /// The activation of the step at `n`: its due instant and its timers.
    private func activate(_ n: Int, round: Int, at now: Instant, into events: inout Emitter) throws(CaseError) {
        let id = stepSymbols[n]
        let due = try stepDue(definition.steps[n].time, from: now)
        events.append(.stepActivated(.init(step: id, due: due, round: round)))
        guard !definition.steps[n].timers.isEmpty else { return }
        for (t, timer) in definition.steps[n].timers.enumerated() {
            let at = try timer.after.map { (t: StandardTime) throws(CaseError) in try stepDue(t, from: now) } ?? due
            if let at { events.append(.timerSet(.init(step: id, timer: t, at: at))) }
        }
    }

    // MARK: Timers

    /// A timer of an active step that has not fired.
    public struct PendingTimer: Sendable, Hashable {
        public var step: String
        public var timer: Int
        public var at: Instant
        public var action: StepTimer.Action
    }

    /// The timers of `state` that have not fired, earliest first.
    public func pendingTimers(_ state: CaseState) -> [PendingTimer] {
        guard state.status == .open else { return [] }
        var result: [PendingTimer] = []
        for r in state.openRecords {
            let record = state.history[r]
            guard let i = position(of: record.stepSymbol) else { continue }
            let timers = definition.steps[i].timers
            for (t, at) in record.timers where !record.firedTimers.contains(t) && t < timers.count {
                result.append(PendingTimer(step: record.step, timer: t, at: at, action: timers[t].action))
            }
        }
        return result.sorted { ($0.at, $0.step, $0.timer) < ($1.at, $1.step, $1.timer) }
    }

    /// Fires timer `timer` of the active step `stepID` at `now`: records it and does what it
    /// says. Refused when the step is not active, the timer is not set, not yet due, or has
    /// fired: so a timer fires once however many times this is called.
    public func fire(_ state: CaseState, step stepID: String, timer t: Int, at now: Instant) throws(CaseError) -> [RecordedEvent] {
        guard state.definitionHash == definitionHash else { throw .definitionMismatch(caseID: state.caseID) }
        guard state.status == .open else { throw .caseClosed(state.caseID) }
        guard let i = graph.index[stepID] else { throw .unknownStep(stepID, known: definition.steps.map(\.id)) }
        guard let r = state.openIndex(of: stepSymbols[i]) else { throw .stepNotActive(step: stepID, active: state.activeStepList) }
        let timers = definition.steps[i].timers
        guard t >= 0, t < timers.count, let at = state.history[r].timers[t] else { throw .unknownTimer(step: stepID, timer: t) }
        guard !state.history[r].firedTimers.contains(t) else { throw .timerFired(step: stepID, timer: t) }
        guard now >= at else { throw .timerNotDue(step: stepID, timer: t, at: at) }
        let timer = timers[t]
        var events = Emitter(caseID: state.caseID, after: state.version, at: now, actor: nil, role: nil, capacity: 4)
        events.append(.timerFired(.init(step: stepSymbols[i], timer: t, action: timer.action, to: timer.to)))
        switch timer.action {
        case .remind, .escalate:
            break
        case .withdraw:
            try endPause(state, by: stepSymbols[i], at: now, into: &events)
            events.append(.closed(.init(step: stepSymbols[i], resolution: StepTimer.withdrawnResolution)))
        case .complete:
            let outcomes = definition.steps[i].outcomes
            var chosen: Int?
            if definition.steps[i].kind == .decision {
                chosen = outcomes.firstIndex { $0.id == timer.outcome } ?? outcomes.firstIndex { !$0.revision }
            }
            try advance(state, from: i, record: r, chosen: chosen, at: now, into: &events)
        }
        return events.recorded
    }

    /// Fires every timer of `state` due by `now`, one after another, each on the state the
    /// previous one left (a timer that closes the case stops the rest).
    public func fireDue(_ state: CaseState, at now: Instant) throws(CaseError) -> [RecordedEvent] {
        var current = state
        var all: [RecordedEvent] = []
        while current.status == .open, let next = pendingTimers(current).first(where: { $0.at <= now }) {
            let events = try fire(current, step: next.step, timer: next.timer, at: now)
            current.apply(contentsOf: events)
            all += events
        }
        return all
    }

    // MARK: Assignment

    /// Gives the active step `stepID` to `officer` (a claim when the officer is the `actor`),
    /// or back to its roles' queue (`officer` nil). Who may hold a task (an officer of one of
    /// the step's roles) is the deployment's to say; the machine records it. `substituteFor`
    /// names the officer on leave whose task a substitute takes over.
    public func assign(_ state: CaseState, step stepID: String, to officer: String?, substituteFor: String? = nil,
                       actor: String?, role: String? = nil, at now: Instant) throws(CaseError) -> [RecordedEvent] {
        guard state.status == .open else { throw .caseClosed(state.caseID) }
        guard let i = graph.index[stepID] else { throw .unknownStep(stepID, known: definition.steps.map(\.id)) }
        guard state.openIndex(of: stepSymbols[i]) != nil else {
            throw .stepNotActive(step: stepID, active: state.activeStepList)
        }
        var events = Emitter(caseID: state.caseID, after: state.version, at: now, actor: actor, role: role, capacity: 1)
        events.append(.taskAssigned(.init(step: stepSymbols[i], officer: officer, substituteFor: substituteFor)))
        return events.recorded
    }

    // MARK: Notes

    public func note(_ state: CaseState, text: String, actor: String? = nil, role: String? = nil,
                     at now: Instant) throws(CaseError) -> [RecordedEvent] {
        guard state.status == .open else { throw .caseClosed(state.caseID) }
        var events = Emitter(caseID: state.caseID, after: state.version, at: now, actor: actor, role: role, capacity: 1)
        events.append(.note(.init(text: text)))
        return events.recorded
    }

    // MARK: Helpers

    /// When the whole case is due if every agency step of the forward flow takes its standard
    /// time, parallel branches side by side (the end of the critical path, ``StandardTimeline``),
    /// the applicant's steps taking no agency time (the clock stops while they hold the file);
    /// nil past the calendar's years.
    func standardDue(from start: Instant) -> Instant? {
        var finish = [Instant](repeating: start, count: flow.count)
        for (k, entry) in flow.enumerated() {
            var at = start
            for p in entry.predecessors where finish[p] > at { at = finish[p] }
            // The applicant's steps have their own limits: only the agency's time makes the total.
            if !applicantStep[entry.step], let time = definition.steps[entry.step].time {
                guard let next = try? calendar.due(from: at, adding: time.deadline) else { return nil }
                at = next
            }
            finish[k] = at
        }
        return endOfFlow.map { finish[$0] }.max() ?? finish.last
    }

    func stepDue(_ time: StandardTime?, from now: Instant) throws(CaseError) -> Instant? {
        guard let time else { return nil }
        do { return try calendar.due(from: now, adding: time.deadline) } catch { throw .calendar(error) }
    }

    /// Collects a decision's events as recorded events, numbered after the case's version,
    /// with one time and one actor: built in place, no second array.
    struct Emitter {
        let caseID: String
        let at: Instant
        let actor: String?
        let role: String?
        var sequence: Int
        var recorded: [RecordedEvent] = []

        init(caseID: String, after version: Int, at: Instant, actor: String?, role: String?, capacity: Int) {
            self.caseID = caseID
            self.at = at
            self.actor = actor
            self.role = role
            self.sequence = version
            recorded.reserveCapacity(capacity)
        }

        /// Takes `event` over (no copy of its strings).
        @inline(__always)
        mutating func append(_ event: consuming CaseEvent) {
            sequence += 1
            recorded.append(RecordedEvent(caseID: caseID, sequence: sequence, at: at, actor: actor, role: role, event: event))
        }
    }
}
