import Foundation
import Hummingbird
import SOPCore
import SOPLoader
import SOPStore

/// Work assignment: an officer claims a task (an active step) of a role they hold, gives it
/// to a named officer of the step's roles, or releases it to the roles' queue; a task given to
/// someone is theirs to complete. While an officer is on leave (``Deployment/Officer/Leave``)
/// their substitute acts in their roles and completes the tasks given to them, and the
/// history records the hand-over (``CaseEvent/TaskAssigned/substituteFor``).
extension CaseAPI {
    struct AssignBody: Decodable {
        var step: String
        /// The officer to give the task to; omitted: the caller claims it.
        var officer: String?
        var expectedVersion: Int?
    }

    struct ReleaseBody: Decodable {
        var step: String
        var expectedVersion: Int?
    }

    func addAssignmentRoutes(to group: RouterGroup<SOPRequestContext>) {
        group.post("cases/:id/assign") { request, context in
            let id = try context.parameters.require("id")
            let body = try await request.decode(as: AssignBody.self, context: context)
            let officer = context.officer!
            let state = try await assign(caseID: id, step: body.step, to: body.officer, by: officer, expectedVersion: body.expectedVersion)
            return await CaseView(state, machine: try load(id).1, now: config.clock(), offset: offset)
        }
        group.post("cases/:id/release") { request, context in
            let id = try context.parameters.require("id")
            let body = try await request.decode(as: ReleaseBody.self, context: context)
            let officer = context.officer!
            let state = try await release(caseID: id, step: body.step, by: officer, expectedVersion: body.expectedVersion)
            return await CaseView(state, machine: try load(id).1, now: config.clock(), offset: offset)
        }
    }

    /// The agency's date now (leave periods are dates in its zone).
    func today() -> CivilDate { config.clock().local(utcOffsetSeconds: offset).date }

    /// `officer` with the roles they act in today: their own and those of the officers on
    /// leave they substitute for.
    func actingOfficer(_ officer: Deployment.Officer) -> Deployment.Officer {
        var wide = officer
        wide.roles = officers.roster.actingRoles(of: officer, on: today())
        return wide
    }

    /// The role `officer` completes `stepID` in (``actingRole(_:step:requested:onBehalf:state:machine:)``
    /// over the roles they act in today) and, when they act as a substitute, for whom: the
    /// officer on leave the task was given to, or whose role they act in. A task given to
    /// another officer who is not away is `task-assigned-to-other`.
    func acting(_ officer: Deployment.Officer, step stepID: String, requested: String?, onBehalf: Bool,
                state: CaseState, machine: CaseMachine) throws -> (role: String, substituteFor: String?) {
        let role = try Self.actingRole(actingOfficer(officer), step: stepID, requested: requested, onBehalf: onBehalf,
                                       state: state, machine: machine)
        let absent = officers.roster.substituted(by: officer.id, on: today())
        if let (_, record) = state.openRecord(of: stepID), let assignee = record.assignee, assignee != officer.id {
            guard absent.contains(where: { $0.id == assignee }) else {
                throw CaseError.assignedToOther(step: stepID, officer: assignee)
            }
            return (role, assignee)
        }
        if !onBehalf, !officer.roles.contains(role), let away = absent.first(where: { $0.roles.contains(role) }) {
            return (role, away.id)
        }
        return (role, nil)
    }

    /// Gives the task `step` of case `caseID` to `target` (nil: `actor` claims it). The actor
    /// acts in one of the step's roles; the target is an officer who does too and is not on
    /// leave. A claim of a task someone else holds is refused (`task-claimed`): naming the
    /// officer reassigns it. Giving a task to whoever holds it already changes nothing.
    func assign(caseID: String, step: String, to target: String?, by actor: Deployment.Officer,
                expectedVersion: Int?) async throws -> CaseState {
        let (state, machine) = try await load(caseID)
        let record = try openTask(state, machine: machine, step: step)
        let role = try roleOnTask(actingOfficer(actor), record: record, machine: machine)
        let roster = officers.roster
        let holderID = target ?? actor.id
        guard let holder = roster.officer(id: holderID) else {
            throw APIError(.invalid, "unknown-officer", "no officer '\(holderID.prefix(64))' in this deployment"
                + (closestMatch(to: holderID, in: roster.officers.map(\.id)).map { "; did you mean '\($0)'?" } ?? ""))
        }
        if let leave = holder.leave(on: today()) {
            throw APIError(.conflict, "officer-on-leave",
                           "officer '\(holder.id)' is on leave until \(leave.to); their substitute is '\(leave.substitute)'")
        }
        guard holder.roles.contains(where: { Self.mayAct($0, on: record, machine: machine) }) else {
            throw APIError(.invalid, "officer-not-in-role",
                           "officer '\(holder.id)' holds none of the roles that complete '\(step)' (\(Self.roles(of: record, machine: machine).joined(separator: ", ")))")
        }
        if target == nil, let current = record.assignee, current != actor.id {
            throw APIError(.conflict, "task-claimed",
                           "step '\(step)' of case \(caseID) is already claimed by '\(current)'; name an officer to reassign it")
        }
        guard record.assignee != holder.id else { return state }
        return try await service.assign(caseID: caseID, step: step, to: holder.id, actor: actor.id, role: role,
                                        expectedVersion: expectedVersion ?? state.version)
    }

    /// Gives the task `step` back to its roles' queue: by whoever holds it or an officer of
    /// its roles. A task nobody holds stays as it is.
    func release(caseID: String, step: String, by actor: Deployment.Officer, expectedVersion: Int?) async throws -> CaseState {
        let (state, machine) = try await load(caseID)
        let record = try openTask(state, machine: machine, step: step)
        guard record.assignee != nil else { return state }
        let role = try roleOnTask(actingOfficer(actor), record: record, machine: machine)
        return try await service.assign(caseID: caseID, step: step, to: nil, actor: actor.id, role: role,
                                        expectedVersion: expectedVersion ?? state.version)
    }

    /// The open activation of `step`, or why there is none.
    private func openTask(_ state: CaseState, machine: CaseMachine, step: String) throws -> CaseState.StepRecord {
        guard machine.definition.step(step) != nil else { throw CaseError.unknownStep(step, known: machine.definition.steps.map(\.id)) }
        guard state.status == .open else { throw CaseError.caseClosed(state.caseID) }
        guard let (_, record) = state.openRecord(of: step) else {
            throw CaseError.stepNotActive(step: step, active: state.activeStepList)
        }
        guard !machine.isApplicantStep(step) else {
            throw APIError(.invalid, "applicant-step", "step '\(step)' is the citizen's: it is no officer's task to claim")
        }
        return record
    }

    /// The role `officer` has on the task, or `role-not-held`.
    private func roleOnTask(_ officer: Deployment.Officer, record: CaseState.StepRecord, machine: CaseMachine) throws -> String {
        if let role = officer.roles.first(where: { Self.mayAct($0, on: record, machine: machine) }) { return role }
        throw APIError(.forbidden, "role-not-held",
                       "officer '\(officer.id)' holds none of the roles that complete '\(record.step)' (\(Self.roles(of: record, machine: machine).joined(separator: ", ")))")
    }

    /// The roles that may complete an activation: the step's actors, then an escalation's.
    static func roles(of record: CaseState.StepRecord, machine: CaseMachine) -> [String] {
        var roles = machine.definition.step(record.step)?.actors ?? []
        for r in record.escalatedTo where !roles.contains(r) { roles.append(r) }
        return roles
    }
}
