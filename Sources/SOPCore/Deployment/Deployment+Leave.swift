extension Deployment.Officer {
    /// A period an officer is away (cuti, dinas luar), from and to a date in the agency's
    /// zone, both included, and the officer who acts for them meanwhile (pelaksana harian):
    /// the substitute completes the tasks given to the one on leave, in that officer's roles.
    public struct Leave: Sendable, Hashable {
        public var from: CivilDate
        public var to: CivilDate
        /// The id of the officer who acts for them.
        public var substitute: String

        public init(from: CivilDate, to: CivilDate, substitute: String) {
            self.from = from
            self.to = to
            self.substitute = substitute
        }

        public func covers(_ date: CivilDate) -> Bool { from <= date && date <= to }
    }

    /// The leave that covers `date`, if the officer is away then.
    public func leave(on date: CivilDate) -> Leave? { leave.first { $0.covers(date) } }
}

extension OfficerRoster {
    /// The officers on leave on `date` for whom `substitute` acts.
    public func substituted(by substitute: String, on date: CivilDate) -> [Deployment.Officer] {
        officers.filter { $0.leave(on: date)?.substitute == substitute }
    }

    /// The officer `officer` acts as on `date`: their own roles and those of everyone they
    /// substitute for then, each once (``substituted(by:on:)``).
    public func actingRoles(of officer: Deployment.Officer, on date: CivilDate) -> [String] {
        var roles = officer.roles
        for absent in substituted(by: officer.id, on: date) {
            for r in absent.roles where !roles.contains(r) { roles.append(r) }
        }
        return roles
    }
}
