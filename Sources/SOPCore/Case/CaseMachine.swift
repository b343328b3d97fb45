/// The interpreter: decides, for a case state and an action, which events happen, or
/// why the action is refused. Pure and synchronous: the time is passed in, nothing is
/// stored here; the store and the async shell around it persist what it returns.
///
/// Nothing in it knows an agency: every rule comes from the ``SOPDefinition``.
public struct CaseMachine: Sendable {
    public let definition: SOPDefinition
    /// Content hash of `definition`, recorded in the case so it stays pinned to it.
    public let definitionHash: String
    public let calendar: WorkingCalendar
    /// Step positions by id, and the main path, computed once: the hot path then reads the
    /// definition's steps in place instead of copying them.
    private let stepIndex: [String: Int]
    private let mainPathTimes: [StandardTime]

    public init(definition: SOPDefinition, definitionHash: String, calendar: WorkingCalendar) {
        self.definition = definition
        self.definitionHash = definitionHash
        self.calendar = calendar
        var index: [String: Int] = [:]
        for (i, step) in definition.steps.enumerated() where index[step.id] == nil { index[step.id] = i }
        self.stepIndex = index
        self.mainPathTimes = definition.mainPath.compactMap(\.time)
    }

    /// Case ids appear in URLs and file names: 1–64 of `A–Z a–z 0–9 - _ .`.
    public static func isValidCaseID(_ id: String) -> Bool {
        guard (1...64).contains(id.utf8.count), id.first != "." else { return false }
        return id.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0)
        }
    }

    // MARK: Open

    /// Opens a case at the start step; `attachments` are documents supplied with it.
    public func open(caseID: String, at now: Instant, actor: String? = nil,
                     attachments: [DocumentAttachment] = []) throws(CaseError) -> [RecordedEvent] {
        guard Self.isValidCaseID(caseID) else { throw .invalidCaseID(caseID) }
        guard let start = definition.startStep else { throw .unknownStep("start", known: definition.steps.map(\.id)) }
        for a in attachments where definition.document(a.document)?.origin != .caseOpening {
            throw .unexpectedDocument(step: start.id, document: a.document)
        }
        let due = standardDue(from: now)
        var events: [CaseEvent] = [.opened(.init(sopID: definition.id, definitionHash: definitionHash,
                                                 calendarID: calendar.definition.id, due: due))]
        events += attachments.map { .documentAttached(.init(step: nil, attachment: $0)) }
        events.append(.stepActivated(.init(step: start.id, due: try stepDue(start.time, from: now), round: 0)))
        return record(events, caseID: caseID, after: 0, at: now, actor: actor, role: nil)
    }

    // MARK: Complete

    /// Completes the active step `stepID` acting in `role`, with a decision `outcome` when
    /// the step is a decision, supplying `attachments`.
    public func complete(_ state: CaseState, step stepID: String, role: String, actor: String? = nil,
                         outcome: String? = nil, attachments: [DocumentAttachment] = [],
                         at now: Instant) throws(CaseError) -> [RecordedEvent] {
        guard state.definitionHash == definitionHash else { throw .definitionMismatch(caseID: state.caseID) }
        guard state.status == .open else { throw .caseClosed(state.caseID) }
        guard let i = stepIndex[stepID] else { throw .unknownStep(stepID, known: definition.steps.map(\.id)) }
        guard let active = state.active, active.step == stepID else {
            throw .stepNotActive(step: stepID, active: state.active?.step)
        }
        let steps = definition.steps
        guard role == steps[i].actor else { throw .wrongRole(step: stepID, role: role, required: steps[i].actor) }
        guard now >= active.activatedAt else { throw .timeBeforeActivation(step: stepID, activatedAt: active.activatedAt) }

        // Documents: only what the step needs or produces may be attached; required inputs
        // must be in the case; declared outputs must come with this completion.
        let inputs = steps[i].inputs, outputs = steps[i].outputs
        for a in attachments where !inputs.contains(where: { $0.document == a.document })
            && !outputs.contains(where: { $0.document == a.document }) {
            throw .unexpectedDocument(step: stepID, document: a.document)
        }
        for input in inputs where !input.isConditional {
            if state.documents[input.document] == nil && !attachments.contains(where: { $0.document == input.document }) {
                throw .missingInput(step: stepID, document: input.document)
            }
        }
        for output in outputs where !output.isConditional && !attachments.contains(where: { $0.document == output.document }) {
            throw .missingOutput(step: stepID, document: output.document)
        }

        // The transition.
        let kind = steps[i].kind
        var chosen: Step.Outcome?
        if kind == .decision {
            let outcomes = steps[i].outcomes
            guard let outcome else { throw .outcomeRequired(step: stepID, options: outcomes.map(\.id)) }
            guard let o = outcomes.first(where: { $0.id == outcome }) else {
                throw .unknownOutcome(step: stepID, outcome: outcome, options: outcomes.map(\.id))
            }
            if o.revision, let limit = o.maxRounds, state.revisions[stepID, default: 0] >= limit {
                throw .revisionLimit(step: stepID, outcome: o.id, limit: limit)
            }
            chosen = o
        } else if outcome != nil {
            throw .outcomeNotAllowed(step: stepID)
        }

        let elapsed: WorkingCalendar.Elapsed
        do { elapsed = try calendar.elapsed(from: active.activatedAt, to: now) } catch { throw .calendar(error) }
        var events: [CaseEvent] = []
        events.reserveCapacity(attachments.count + 3)
        for a in attachments { events.append(.documentAttached(.init(step: stepID, attachment: a))) }
        events.append(.stepCompleted(.init(step: stepID, outcome: outcome, officeSeconds: elapsed.officeSeconds,
                                           workingDays: elapsed.workingDays,
                                           onTime: active.due.map { calendar.isOnTime(due: $0, end: now) })))
        if kind == .end {
            events.append(.closed(.init(step: stepID)))
        } else {
            let nextID = chosen?.next ?? steps[i].next!
            guard let n = stepIndex[nextID] else { throw .unknownStep(nextID, known: definition.steps.map(\.id)) }
            if let chosen, chosen.revision {
                events.append(.sentBack(.init(from: stepID, to: nextID, outcome: chosen.id,
                                              round: state.revisions[stepID, default: 0] + 1)))
            }
            var round = 0
            for r in state.history where r.step == nextID { round += 1 }
            events.append(.stepActivated(.init(step: nextID, due: try stepDue(steps[n].time, from: now), round: round)))
        }
        return record(events, caseID: state.caseID, after: state.version, at: now, actor: actor, role: role)
    }

    // MARK: Notes

    public func note(_ state: CaseState, text: String, actor: String? = nil, role: String? = nil,
                     at now: Instant) throws(CaseError) -> [RecordedEvent] {
        guard state.status == .open else { throw .caseClosed(state.caseID) }
        return record([.note(.init(text: text))], caseID: state.caseID, after: state.version, at: now, actor: actor, role: role)
    }

    // MARK: Helpers

    /// When the whole case is due if every step on the main path takes its standard time
    /// (the end of ``StandardTimeline``); nil past the calendar's years.
    private func standardDue(from start: Instant) -> Instant? {
        var at = start
        for time in mainPathTimes {
            guard let next = try? calendar.due(from: at, adding: time) else { return nil }
            at = next
        }
        return at
    }

    private func stepDue(_ time: StandardTime?, from now: Instant) throws(CaseError) -> Instant? {
        guard let time else { return nil }
        do { return try calendar.due(from: now, adding: time) } catch { throw .calendar(error) }
    }

    private func record(_ events: [CaseEvent], caseID: String, after version: Int, at: Instant,
                        actor: String?, role: String?) -> [RecordedEvent] {
        var recorded: [RecordedEvent] = []
        recorded.reserveCapacity(events.count)
        for (i, e) in events.enumerated() {
            recorded.append(RecordedEvent(caseID: caseID, sequence: version + i + 1, at: at, actor: actor, role: role, event: e))
        }
        return recorded
    }
}
