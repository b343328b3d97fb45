import SOPCore
import SOPStore

/// Case lists and task queues with several active steps. The read model's row names one
/// active step, so a role filter or the overdue filter of the store alone misses a case whose
/// other branch waits on the role (or is late), a step an alternative or escalated role may
/// complete, and judges a case waiting on the applicant by a due instant the stopped clock has
/// not shifted yet. Lists narrowed that way therefore take the store's answer plus, for the
/// SOPs where that can happen, their open cases, and decide on each case's state.
extension CaseAPI {
    /// A listed case with its state (nil when it could not be read: the row alone is shown).
    struct Listed {
        var summary: CaseSummary
        var state: CaseState?
        var machine: CaseMachine?
    }

    /// Cases as `query` asks, judged on their states: a role's cases are those with an active
    /// step the role may complete, overdue ones those ``CaseState/isOverdue(at:calendar:applicantSteps:)`` says.
    func listed(_ query: CaseQuery, now: Instant) async throws -> [Listed] {
        let query = scoped(query)
        guard query.role != nil || query.overdue != nil else {
            var items: [Listed] = []
            for summary in try await config.store.cases(query) { items.append(await read(summary)) }
            return items
        }
        var wide = query
        wide.offset = 0
        wide.limit = Int.max
        var summaries = try await config.store.cases(wide)
        let extra = widened(role: query.role)
        if !extra.isEmpty, query.status != .closed {
            var open = wide
            open.role = nil
            open.overdue = nil
            open.status = .open
            open.sopIDs = extra
            var seen = Set(summaries.map(\.caseID))
            for s in try await config.store.cases(open) where seen.insert(s.caseID).inserted { summaries.append(s) }
            summaries.sort { ($0.openedAt, $0.caseID) < ($1.openedAt, $1.caseID) }
        }
        var result: [Listed] = []
        var skipped = 0
        for s in summaries {
            let item = await read(s)
            guard let state = item.state, let machine = item.machine else {
                // Unreadable: trust the row as the store answered it.
                if query.role != nil, s.activeRole != query.role { continue }
                if skipped < query.offset { skipped += 1; continue }
                result.append(item)
                if result.count >= query.limit { break }
                continue
            }
            if let role = query.role, !Self.mayAct(role, state: state, machine: machine) { continue }
            if query.overdue != nil,
               !state.isOverdue(at: now, calendar: machine.calendar, applicantSteps: machine.applicantStepIDs) { continue }
            if let status = query.status, state.status != status { continue }
            if skipped < query.offset { skipped += 1; continue }
            result.append(item)
            if result.count >= query.limit { break }
        }
        return result
    }

    /// The JSON list of `query`.
    func caseList(_ query: CaseQuery, now: Instant) async throws -> CaseList {
        CaseList(cases: try await listed(query, now: now).map { view($0, now: now) })
    }

    func view(_ item: Listed, now: Instant) -> CaseSummaryView {
        CaseSummaryView(item.summary, now: now, offset: offset, calendar: calendar(of: item.summary), state: item.state, machine: item.machine)
    }

    func read(_ summary: CaseSummary) async -> Listed {
        guard let (state, machine) = try? await load(summary.caseID) else { return Listed(summary: summary) }
        return Listed(summary: summary, state: state, machine: machine)
    }

    /// Whether `role` may complete one of the case's active steps (its actors, their
    /// alternatives, or an escalation's role).
    static func mayAct(_ role: String, state: CaseState, machine: CaseMachine) -> Bool {
        state.activeSteps.contains { mayAct(role, on: $0, machine: machine) }
    }

    static func mayAct(_ role: String, on record: CaseState.StepRecord, machine: CaseMachine) -> Bool {
        (machine.definition.step(record.step)?.isActor(role) ?? false) || record.escalatedTo.contains(role)
    }

    /// The deployment's SOPs whose open cases the store's one-step row can misjudge for this
    /// filter: those with parallel branches, and for a role those where it is an alternative
    /// actor or an escalation's target. (A case waiting on the applicant is judged at the
    /// moment the clock stopped, before `now`: the store can only list too many of those, and
    /// the states then drop them.)
    func widened(role: String?) -> [String] {
        var ids: [String] = []
        for sop in config.sops {
            let steps = sop.definition.steps
            let forks = steps.contains(where: \.isFork)
            let alternative = role.map { r in
                steps.contains { $0.alternativeActors.contains(r) || $0.timers.contains { $0.to == r } }
            } ?? false
            if forks || alternative, !ids.contains(sop.definition.id) { ids.append(sop.definition.id) }
        }
        return ids
    }
}
