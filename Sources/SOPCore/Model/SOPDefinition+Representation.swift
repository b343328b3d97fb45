extension SOPDefinition {
    /// The citizen's lane in which an officer holding `roles` may do `step` on the citizen's
    /// behalf: one of the step's roles that is the public side (`applicant`) and names one of
    /// `roles` in its `represented-by`; nil when there is none.
    public func representedLane(of step: Step, by roles: [String]) -> String? {
        for id in step.actors {
            guard let lane = self.roles.first(where: { $0.id == id }), lane.applicant else { continue }
            if lane.representedBy.contains(where: roles.contains) { return id }
        }
        return nil
    }

    /// The officers' lanes that may do `step` on the citizen's behalf (empty for an officers' step).
    public func representatives(of step: Step) -> [String] {
        step.actors.flatMap { id in roles.first { $0.id == id && $0.applicant }?.representedBy ?? [] }
    }
}
