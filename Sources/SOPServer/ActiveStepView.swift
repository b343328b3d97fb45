import SOPCore

/// One step a case waits on (several while parallel branches run): who may complete it (its
/// actors, their alternatives and the roles an escalation gave it), its due instant, whether
/// the agency is late with it, and the timers still to fire. Instants in the agency's zone.
struct ActiveStepView: Encodable, Sendable, Hashable {
    struct Timer: Encodable, Sendable, Hashable {
        /// Its position in the step's `timers`.
        var timer: Int
        var action: String
        var at: String
        var outcome: String?
        var to: String?
    }

    var step: String
    var title: String
    var roles: [String]
    /// Performed by the applicant (the public side): never the agency's overdue.
    var applicant: Bool
    var round: Int
    var activatedAt: String
    var due: String?
    var overdue: Bool
    var timers: [Timer]
    /// The officer the task is assigned to (claimed or given), if any.
    var assignee: String? = nil
    /// The officer on leave whose task the assignee took over as substitute.
    var substituteFor: String? = nil

    /// The active steps of `state`, in activation order. While the agency's clock stands still
    /// its steps are judged at the moment it stopped (``WorkingCalendar/isOverdue(due:at:pausedAt:applicant:)``).
    static func all(_ state: CaseState, machine: CaseMachine, now: Instant, offset: Int) -> [ActiveStepView] {
        let active = state.activeSteps
        guard !active.isEmpty else { return [] }
        let pending = machine.pendingTimers(state)
        return active.map { r in
            let step = machine.definition.step(r.step)
            let applicant = machine.isApplicantStep(r.step)
            var roles = step?.actors ?? []
            for role in r.escalatedTo where !roles.contains(role) { roles.append(role) }
            let timers: [Timer] = pending.filter { $0.step == r.step }.map { p in
                let timer = step.flatMap { $0.timers.indices.contains(p.timer) ? $0.timers[p.timer] : nil }
                return Timer(timer: p.timer, action: p.action.rawValue, at: p.at.iso8601(utcOffsetSeconds: offset),
                             outcome: timer?.outcome, to: timer?.to)
            }.sorted { $0.timer < $1.timer }
            return ActiveStepView(step: r.step, title: step?.activity ?? r.step, roles: roles, applicant: applicant, round: r.round,
                                  activatedAt: r.activatedAt.iso8601(utcOffsetSeconds: offset),
                                  due: r.due?.iso8601(utcOffsetSeconds: offset),
                                  overdue: machine.calendar.isOverdue(due: r.due, at: now, pausedAt: state.pausedAt, applicant: applicant),
                                  timers: timers, assignee: r.assignee, substituteFor: r.substituteFor)
        }
    }

    /// The active step a summary alone describes (its first), when the case could not be read.
    static func fromSummary(_ s: CaseSummary, overdue: Bool, offset: Int) -> [ActiveStepView] {
        guard s.status == .open, let step = s.activeStep else { return [] }
        return [ActiveStepView(step: step, title: step, roles: s.activeRole.map { [$0] } ?? [], applicant: false, round: 0,
                               activatedAt: s.openedAt.iso8601(utcOffsetSeconds: offset),
                               due: s.activeDue?.iso8601(utcOffsetSeconds: offset), overdue: overdue, timers: [])]
    }

    /// The same JSON as the encoder writes (sorted keys, nils left out), for the hand-written lists.
    func appendJSON(to out: inout String) {
        out += "{\"activatedAt\":"
        JSONText.append(activatedAt, to: &out)
        out += ",\"applicant\":" + (applicant ? "true" : "false")
        if let assignee { out += ",\"assignee\":"; JSONText.append(assignee, to: &out) }
        if let due { out += ",\"due\":"; JSONText.append(due, to: &out) }
        out += ",\"overdue\":" + (overdue ? "true" : "false")
        out += ",\"roles\":["
        for (k, role) in roles.enumerated() {
            if k > 0 { out += "," }
            JSONText.append(role, to: &out)
        }
        out += "],\"round\":" + String(round)
        out += ",\"step\":"
        JSONText.append(step, to: &out)
        if let substituteFor { out += ",\"substituteFor\":"; JSONText.append(substituteFor, to: &out) }
        out += ",\"timers\":["
        for (k, t) in timers.enumerated() {
            if k > 0 { out += "," }
            out += "{\"action\":"
            JSONText.append(t.action, to: &out)
            out += ",\"at\":"
            JSONText.append(t.at, to: &out)
            if let outcome = t.outcome { out += ",\"outcome\":"; JSONText.append(outcome, to: &out) }
            out += ",\"timer\":" + String(t.timer)
            if let to = t.to { out += ",\"to\":"; JSONText.append(to, to: &out) }
            out += "}"
        }
        out += "],\"title\":"
        JSONText.append(title, to: &out)
        out += "}"
    }
}
