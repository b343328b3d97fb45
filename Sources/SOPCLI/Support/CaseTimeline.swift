import Foundation
import SOPCore

/// The text of `sop case show`: the case's steps against the SOP's standard times.
struct CaseTimeline {
    let state: CaseState
    let definition: SOPDefinition
    let calendar: CalendarDefinition
    let now: Instant

    func local(_ i: Instant?) -> String {
        i?.localMinute(utcOffsetSeconds: calendar.utcOffsetSeconds) ?? "—"
    }

    /// Office time taken, stated as every command states it (``TimeText``).
    static func duration(officeSeconds: Int64?) -> String {
        officeSeconds.map { TimeText.office(seconds: $0) } ?? "—"
    }

    var text: String {
        var out: [String] = []
        let zone = calendar.zoneAbbreviation
        out.append("Case \(state.caseID) — \(definition.identity.name) (\(definition.identity.agency.regency))")
        out.append("SOP \(definition.identity.number), definition \(state.definitionHash.prefix(12))")
        let working = WorkingCalendar(calendar)
        let applicantSteps = Set(definition.steps.filter { definition.role($0.actor)?.applicant == true }.map(\.id))
        func who(_ record: CaseState.StepRecord) -> String {
            guard let step = definition.step(record.step) else { return "?" }
            var roles = step.actors
            for r in record.escalatedTo where !roles.contains(r) { roles.append(r) }
            return roles.map { definition.role($0)?.title ?? $0 }.joined(separator: " or ")
        }
        func waiting(_ record: CaseState.StepRecord) -> String {
            var text = "'\(record.step)' for \(who(record)), due \(local(record.due)) \(zone)"
            if applicantSteps.contains(record.step) { text += " (the applicant's turn)" }
            return text
        }
        var status: String
        switch state.status {
        case .closed:
            status = "closed \(local(state.closedAt)) \(zone)"
            if let resolution = state.resolution { status += " — \(resolution)" }
        case .open:
            let active = state.activeSteps
            if active.count == 1 {
                status = "open, waiting at \(waiting(active[0]))"
            } else if active.isEmpty {
                status = "open"
            } else {
                status = "open, waiting at \(active.count) steps"
            }
            if state.isOverdue(at: now, calendar: working, applicantSteps: applicantSteps) { status += " — OVERDUE" }
        }
        out.append("Status: \(status)")
        if state.status == .open, state.activeSteps.count > 1 {
            for r in state.activeSteps { out.append("  - \(waiting(r))") }
        }
        if state.isWaitingOnApplicant, let since = state.pausedAt {
            out.append("Waiting on the applicant since \(local(since)) \(zone), agency clock stopped")
        }
        // The agency's time: office time from the opening to the end (or now) less the time its
        // clock stood still (closed pauses, and the one running now).
        let end = state.closedAt ?? max(now, state.openedAt)
        if let total = try? working.elapsed(from: state.openedAt, to: end).officeSeconds {
            let running = state.pausedAt.map { p in (try? working.elapsed(from: min(p, end), to: end))?.officeSeconds ?? 0 } ?? 0
            let applicant = state.applicantOfficeSeconds + running
            if applicant > 0 || !applicantSteps.isEmpty {
                out.append("Agency time: \(Self.duration(officeSeconds: max(0, total - applicant))); "
                           + "applicant's time (agency clock stopped): \(Self.duration(officeSeconds: applicant))")
            }
        }
        out.append("Opened \(local(state.openedAt)) \(zone); standard timeline ends \(local(state.due)) \(zone)")
        for change in state.revisionChanges {
            out.append("Moved to revision \(change.toHash.prefix(12)) (from \(change.fromHash.prefix(12))) on \(local(change.at)) \(zone)"
                       + (change.actor.map { " by \($0)" } ?? "") + "; the steps before it follow the earlier revision")
        }
        out.append("")
        var table = TextTable([("No", 3), ("Step", 22), ("Round", 5), ("Started", 16), ("Due", 16), ("Done", 16),
                               ("Working time", 18), ("Result", 16)])
        for r in state.history {
            let step = definition.step(r.step)
            var result: String
            if let done = r.onTime { result = done ? "on time" : "LATE" } else { result = r.completedAt == nil ? "active" : "—" }
            if r.completedAt == nil, state.status == .open,
               working.isOverdue(due: r.due, at: now, pausedAt: state.pausedAt, applicant: applicantSteps.contains(r.step)) { result = "OVERDUE" }
            if r.automatic { result += ", by timer" }
            if !r.firedTimers.isEmpty, !r.automatic { result += ", timer fired" }
            if let o = r.outcome { result += ", \(o)" }
            table.add([step.map { "\($0.number)" } ?? "—", r.step, "\(r.round)", local(r.activatedAt), local(r.due), local(r.completedAt),
                       Self.duration(officeSeconds: r.officeSeconds), result])
        }
        out.append(table.render())
        if state.revisionRounds > 0 {
            out.append("Revision rounds: " + state.revisions.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", "))
        }
        let late = state.history.filter { $0.onTime == false }.count
        out.append("Steps late: \(late) of \(state.history.filter { $0.completedAt != nil }.count) completed")
        if let closed = state.closedAt, let due = state.due, state.resolution == nil {
            out.append(closed <= due ? "Closed within the standard timeline."
                                     : "Closed after the standard timeline ended (\(local(due)) \(zone)).")
        }
        return out.joined(separator: "\n")
    }
}
