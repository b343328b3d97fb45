import SOPCore
import SOPStore

/// Plays cases through any SOP the way officers would: each step done by its own role,
/// attaching the documents it needs and produces, taking a chosen share of its standard time.
/// Used by `sop demo`; nothing in it knows an agency.
struct CaseDriver {
    let service: CaseService

    /// One completion: which outcome (for decisions) and how much of the standard time it takes
    /// (1.0 = exactly the standard time, above 1 = late).
    struct Move {
        var outcome: String?
        var pace: Double = 0.5
    }

    /// Completes the active step `stepID` of `caseID` (default: the first active one) with
    /// `move`, attaching what ``CaseMachine/documentsRequired(_:step:)`` asks; returns the new state.
    @discardableResult
    func play(_ caseID: String, step stepID: String? = nil, _ move: Move = Move()) async throws -> CaseState {
        let (state, machine) = try await service.load(caseID)
        guard let active = stepID.map({ state.openRecord(of: $0)?.record }) ?? state.active,
              let step = machine.definition.step(active.step) else {
            if let stepID, state.status == .open { throw CaseError.stepNotActive(step: stepID, active: state.active?.step) }
            throw CaseError.caseClosed(caseID)
        }
        let uploads = machine.documentsRequired(state, step: step).map { upload($0, machine.definition, round: active.round) }
        let at = try finish(active, step: step, pace: move.pace, calendar: machine.calendar)
        return try await service.complete(caseID: caseID, step: step.id, role: step.actor, actor: "demo-\(step.actor)",
                                          outcome: move.outcome ?? (step.kind == .decision ? step.outcomes.first { !$0.revision }?.id : nil),
                                          uploads: uploads, at: at)
    }

    /// Plays the case to its end, taking `moves[stepID]` where given, else the default move;
    /// while parallel branches run, the step activated first goes first.
    @discardableResult
    func playToEnd(_ caseID: String, moves: [String: [Move]] = [:]) async throws -> CaseState {
        var remaining = moves
        var state = try await service.state(caseID: caseID)
        var guardCount = 0
        while let active = state.active, guardCount < 200 {
            let move = remaining[active.step]?.first ?? Move()
            if remaining[active.step]?.isEmpty == false { remaining[active.step]!.removeFirst() }
            state = try await play(caseID, step: active.step, move)
            guardCount += 1
        }
        return state
    }

    /// When a step taking `pace` of its standard time ends.
    func finish(_ active: CaseState.StepRecord, step: Step, pace: Double, calendar: WorkingCalendar) throws -> Instant {
        guard let time = step.time else { return active.activatedAt.adding(seconds: 60) }
        let scaled = max(1, Int((Double(time.value) * pace).rounded()))
        return try calendar.due(from: active.activatedAt, adding: StandardTime(scaled, time.unit))
    }

    func upload(_ document: String, _ sop: SOPDefinition, round: Int) -> CaseService.Upload {
        let name = sop.document(document)?.name ?? document
        let text = "\(name)\(round > 0 ? " (revisi \(round))" : "")\n"
        return CaseService.Upload(document: document, name: "\(document).txt", mediaType: "text/plain", bytes: Array(text.utf8))
    }
}
