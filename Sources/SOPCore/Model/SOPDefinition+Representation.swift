extension SOPDefinition {
    /// The citizen's lane in which an officer holding `roles` may do `step` on the citizen's
    /// behalf: one of the step's roles that is the public side (`applicant`) and names one of
    /// `roles` in its `represented-by`; nil when there is none.
    public func representedLane(of step: Step, by roles: [String]) -> String? {
        step.actors.first { id in
            guard let lane = role(id), lane.applicant else { return false }
            return lane.representedBy.contains(where: roles.contains)
        }
    }

    /// The officers' lanes that may do `step` on the citizen's behalf (empty for an officers' step).
    public func representatives(of step: Step) -> [String] {
        step.actors.flatMap { id in role(id).flatMap { $0.applicant ? $0.representedBy : nil } ?? [] }
    }
}
