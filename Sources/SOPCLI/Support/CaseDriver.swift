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

    /// Completes the active step of `caseID` with `move`; returns the new state.
    @discardableResult
    func play(_ caseID: String, _ move: Move = Move()) throws -> CaseState {
        let (state, machine) = try service.load(caseID)
        guard let active = state.active, let step = machine.definition.step(active.step) else {
            throw CaseError.caseClosed(caseID)
        }
        var uploads: [CaseService.Upload] = []
        for ref in step.inputs where !ref.isConditional && state.documents[ref.document] == nil {
            uploads.append(upload(ref.document, machine.definition, round: active.round))
        }
        for ref in step.outputs where !ref.isConditional {
            uploads.append(upload(ref.document, machine.definition, round: active.round))
        }
        let at = try finish(active, step: step, pace: move.pace, calendar: machine.calendar)
        return try service.complete(caseID: caseID, step: step.id, role: step.actor, actor: "demo-\(step.actor)",
                                    outcome: move.outcome ?? (step.kind == .decision ? step.outcomes.first { !$0.revision }?.id : nil),
                                    uploads: uploads, at: at)
    }

    /// Plays the case to its end, taking `moves[stepID]` where given, else the default move.
    @discardableResult
    func playToEnd(_ caseID: String, moves: [String: [Move]] = [:]) throws -> CaseState {
        var remaining = moves
        var state = try service.state(caseID: caseID)
        var guardCount = 0
        while let active = state.active, guardCount < 200 {
            let move = remaining[active.step]?.first ?? Move()
            if remaining[active.step]?.isEmpty == false { remaining[active.step]!.removeFirst() }
            state = try play(caseID, move)
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
