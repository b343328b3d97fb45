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

    static func duration(officeSeconds: Int64?, workingDays: Int?) -> String {
        guard let s = officeSeconds else { return "—" }
        let minutes = s / 60
        if let d = workingDays, d > 0 { return "\(d) wd, \(minutes / 60) h" }
        return minutes >= 60 ? "\(minutes / 60) h \(minutes % 60) min" : "\(minutes) min"
    }

    var text: String {
        var out: [String] = []
        let zone = calendar.zoneAbbreviation
        out.append("Case \(state.caseID) — \(definition.identity.name) (\(definition.identity.agency.regency))")
        out.append("SOP \(definition.identity.number), definition \(state.definitionHash.prefix(12))")
        var status: String
        switch state.status {
        case .closed: status = "closed \(local(state.closedAt)) \(zone)"
        case .open:
            if let a = state.active {
                let role = definition.step(a.step).flatMap { definition.role($0.actor)?.title } ?? "?"
                status = "open, waiting at '\(a.step)' for \(role), due \(local(a.due)) \(zone)"
                if state.isOverdue(at: now, calendar: WorkingCalendar(calendar)) { status += " — OVERDUE" }
            } else {
                status = "open"
            }
        }
        out.append("Status: \(status)")
        out.append("Opened \(local(state.openedAt)) \(zone); standard timeline ends \(local(state.due)) \(zone)")
        out.append("")
        var table = TextTable([("No", 3), ("Step", 22), ("Round", 5), ("Started", 16), ("Due", 16), ("Done", 16),
                               ("Working time", 18), ("Result", 16)])
        for r in state.history {
            let step = definition.step(r.step)
            var result: String
            if let done = r.onTime { result = done ? "on time" : "LATE" } else { result = r.completedAt == nil ? "active" : "—" }
            if r.completedAt == nil, let due = r.due, now > due { result = "OVERDUE" }
            if let o = r.outcome { result += ", \(o)" }
            table.add(["\(step?.number ?? 0)", r.step, "\(r.round)", local(r.activatedAt), local(r.due), local(r.completedAt),
                       Self.duration(officeSeconds: r.officeSeconds, workingDays: r.workingDays), result])
        }
        out.append(table.render())
        if state.revisionRounds > 0 {
            out.append("Revision rounds: " + state.revisions.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", "))
        }
        let late = state.history.filter { $0.onTime == false }.count
        out.append("Steps late: \(late) of \(state.history.filter { $0.completedAt != nil }.count) completed")
        if let closed = state.closedAt, let due = state.due {
            out.append(closed <= due ? "Closed within the standard timeline."
                                     : "Closed after the standard timeline ended (\(local(due)) \(zone)).")
        }
        return out.joined(separator: "\n")
    }
}
