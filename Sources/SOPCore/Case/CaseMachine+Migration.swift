extension CaseMachine {
    /// What moving one case to another revision of its SOP does: where each open step goes,
    /// with its due instant before and after, and the events that record it.
    public struct Migration: Sendable, Hashable {
        public struct Move: Sendable, Hashable, Codable {
            public var from: String
            public var to: String
            public var dueBefore: Instant?
            public var dueAfter: Instant?
        }

        public var caseID: String
        public var fromHash: String
        public var toHash: String
        public var moves: [Move]
        public var dueBefore: Instant?
        public var dueAfter: Instant?
        /// Empty when the case already runs against the revision.
        public var events: [RecordedEvent]
    }

    /// Moves the open case `state` (running against this machine's definition) to `target`,
    /// another revision of the same SOP. Each open step goes to the step of `target` with the
    /// same id, or the one `map` names for it; so do a join's waiting branches and a
    /// decision's revision count. Due instants are counted again under the new standard times
    /// from when each step was activated (the time already spent counts), moved on by the
    /// office time its clock stood still while the file was with the applicant, across the
    /// holidays in between; the case's own standard due likewise from its opening. Timers of
    /// the new steps are set again; a step keeping its id keeps the timers that fired.
    ///
    /// Refused, naming the case and the step, when an open step has no place in `target`
    /// (``CaseError/unmappedStep(caseID:step:known:)``), when two open steps would become one, when
    /// a step would change sides (the applicant's in one revision, the agency's in the other),
    /// or when `target` is another SOP.
    public func migrate(_ state: CaseState, to target: CaseMachine, map: [String: String] = [:],
                        at now: Instant, actor: String? = nil) throws(CaseError) -> Migration {
        guard state.status == .open else { throw .caseClosed(state.caseID) }
        guard target.definition.id == definition.id else {
            throw .migrationRefused(caseID: state.caseID, reason: "it follows SOP '\(definition.id)', the revision is SOP '\(target.definition.id)'")
        }
        var migration = Migration(caseID: state.caseID, fromHash: state.definitionHash, toHash: target.definitionHash, moves: [],
                                  dueBefore: state.due, dueAfter: state.due, events: [])
        let known = target.definition.steps.map(\.id)
        func place(_ old: String) throws(CaseError) -> String {
            let new = map[old] ?? old
            guard target.graph.index[new] != nil else { throw .unmappedStep(caseID: state.caseID, step: old, known: known) }
            return new
        }
        var taken: [String: String] = [:]
        for record in state.activeSteps {
            let to = try place(record.step)
            if let other = taken[to] {
                throw .migrationRefused(caseID: state.caseID, reason: "its open steps '\(other)' and '\(record.step)' would both become '\(to)'")
            }
            taken[to] = record.step
            if isApplicantStep(record.step) != target.isApplicantStep(to) {
                throw .migrationRefused(caseID: state.caseID, reason: "step '\(record.step)' is the \(isApplicantStep(record.step) ? "applicant's" : "agency's") "
                                        + "and '\(to)' the \(target.isApplicantStep(to) ? "applicant's" : "agency's"); the agency's clock would run when it should stand still, or the reverse")
            }
            migration.moves.append(.init(from: record.step, to: to, dueBefore: record.due, dueAfter: nil))
        }
        // What the case keeps by step id besides its open steps: a join's arrived branches, a
        // decision's rounds. A join that is waiting must exist in the new revision.
        var renamed: [(from: String, to: String)] = []
        for (join, count) in state.arrivals.sorted(by: { $0.key < $1.key }) where count > 0 && taken[map[join] ?? join] == nil {
            let to = try place(join)
            if to != join { renamed.append((join, to)) }
        }
        for decision in state.revisions.keys.sorted() where !taken.values.contains(decision) {
            if let to = map[decision], to != decision, target.graph.index[to] != nil { renamed.append((decision, to)) }
        }
        guard state.definitionHash != target.definitionHash else { return migration }

        let calendar = target.calendar
        func shifted(_ due: Instant?, by paused: Int64, unit: StandardTime.Unit) throws(CaseError) -> Instant? {
            guard let due, paused > 0 else { return due }
            switch unit {
            case .minutes, .hours, .workingDays:
                do { return try calendar.later(due, byOfficeSeconds: paused) } catch { throw .calendar(error) }
            case .calendarDays, .months:
                return due  // counted in days that pass anyway
            }
        }
        var events = Emitter(caseID: state.caseID, after: state.version, at: now, actor: actor, role: nil,
                             capacity: 1 + migration.moves.count * 2 + renamed.count)
        let caseDue = try shifted(target.standardDue(from: state.openedAt), by: state.applicantOfficeSeconds, unit: .workingDays)
        migration.dueAfter = caseDue
        events.append(.definitionChanged(.init(fromHash: state.definitionHash, definitionHash: target.definitionHash, due: caseDue)))
        for (k, move) in migration.moves.enumerated() {
            let record = state.activeSteps[k]
            let step = target.definition.steps[target.graph.index[move.to]!]
            let unit = step.time?.unit ?? .workingDays
            let base = try target.stepDue(step.time, from: record.activatedAt)
            let due = try shifted(base, by: record.pausedOfficeSeconds, unit: unit)
            migration.moves[k].dueAfter = due
            events.append(.stepMigrated(.init(step: move.to, from: move.from, due: due)))
            let kept = move.to == move.from ? record.firedTimers : []
            for (t, timer) in step.timers.enumerated() where !kept.contains(t) {
                let at = try timer.after.map { (after: StandardTime) throws(CaseError) in
                    try shifted(try target.stepDue(after, from: record.activatedAt), by: record.pausedOfficeSeconds, unit: after.unit)
                } ?? due
                if let at { events.append(.timerSet(.init(step: move.to, timer: t, at: at))) }
            }
        }
        for r in renamed { events.append(.stepMigrated(.init(step: r.to, from: r.from, due: nil))) }
        migration.events = events.recorded
        return migration
    }
}

extension WorkingCalendar {
    /// The instant `seconds` of office time after `instant` (across nights, weekends and holidays).
    public func later(_ instant: Instant, byOfficeSeconds seconds: Int64) throws(CalendarError) -> Instant {
        guard let p = position(instant) else { throw .outOfRange(instant, covered: definition.years) }
        guard let result = self.instant(atOfficeSeconds: officeSeconds(before: p) + max(0, seconds)) else {
            throw .runsPastEnd(instant, covered: definition.years)
        }
        return result
    }
}
