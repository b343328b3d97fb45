/// How executed cases really went: per step and per role the working time taken, on-time
/// rates against the standard, revision rounds, cases past the legal limits and the slowest
/// steps. Built by streaming events into a ``Builder``, so a million cases fit in memory.
public struct CaseReport: Sendable, Codable, Equatable {
    /// Order statistics of working time, nearest-rank (the median of 4 values is the 2nd).
    public struct Stats: Sendable, Codable, Hashable {
        public var count: Int
        public var medianOfficeSeconds: Int64
        public var p90OfficeSeconds: Int64
        public var maxOfficeSeconds: Int64
        public var medianWorkingDays: Int
        public var p90WorkingDays: Int
        public var maxWorkingDays: Int
        /// Completions that had a standard time, and those done within it.
        public var withStandard: Int
        public var onTime: Int

        public var onTimeRate: Double? { withStandard == 0 ? nil : Double(onTime) / Double(withStandard) }
    }

    public struct StepRow: Sendable, Codable, Hashable {
        public var sopID: String
        public var no: Int
        public var step: String
        public var role: String
        public var standard: StandardTime?
        public var stats: Stats
    }

    public struct RoleRow: Sendable, Codable, Hashable {
        public var sopID: String
        public var role: String
        public var title: String
        public var stats: Stats
    }

    public struct LimitRow: Sendable, Codable, Hashable {
        public var limit: String
        public var source: String
        public var time: StandardTime
        /// Cases that reached the milestone after the limit.
        public var reachedLate: Int
        /// Cases still short of the milestone at `now` and already past the limit.
        public var openPastLimit: Int
        /// Up to 20 of those, oldest first.
        public var examples: [String]
    }

    public struct SOPRow: Sendable, Codable, Hashable {
        public var sopID: String
        public var name: String
        public var regency: String
        public var cases: Int
        public var closed: Int
        public var open: Int
        /// Cases sent back at least once, and the total and largest number of rounds.
        public var casesRevised: Int
        public var revisionRounds: Int
        public var maxRevisionRounds: Int
        /// Working days from opening to closing, over closed cases.
        public var duration: Stats?
        public var limits: [LimitRow]
        /// Per closed case, the office time of its agency steps and of its applicant's steps
        /// (the agency's clock stops during the latter), each from the recorded completions.
        public var agencyTime: Stats?
        public var applicantTime: Stats?
        /// Closed cases by resolution: "completed" (an end step), "withdrawn" (the applicant's
        /// time ran out), or an ending outcome's resolution ("ditolak"); in that order, then by name.
        public var resolutions: [ResolutionRow]

        public init(sopID: String, name: String, regency: String, cases: Int, closed: Int, open: Int, casesRevised: Int,
                    revisionRounds: Int, maxRevisionRounds: Int, duration: Stats?, limits: [LimitRow],
                    agencyTime: Stats? = nil, applicantTime: Stats? = nil, resolutions: [ResolutionRow] = []) {
            self.sopID = sopID
            self.name = name
            self.regency = regency
            self.cases = cases
            self.closed = closed
            self.open = open
            self.casesRevised = casesRevised
            self.revisionRounds = revisionRounds
            self.maxRevisionRounds = maxRevisionRounds
            self.duration = duration
            self.limits = limits
            self.agencyTime = agencyTime
            self.applicantTime = applicantTime
            self.resolutions = resolutions
        }
    }

    public struct ResolutionRow: Sendable, Codable, Hashable {
        public var resolution: String
        public var cases: Int
    }

    /// The resolution of a case closed by completing an end step.
    public static let completedResolution = "completed"

    /// The moment open cases were judged at.
    public var now: Instant
    public var sops: [SOPRow]
    public var steps: [StepRow]
    public var roles: [RoleRow]
    /// The five steps whose 90th percentile is furthest over their standard (office time).
    public var slowest: [StepRow]

    private enum CodingKeys: String, CodingKey { case now, sops, steps, roles, slowest }

    /// `now` as ISO 8601 (UTC), like every other instant analysts read.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(now.iso8601(utcOffsetSeconds: 0), forKey: .now)
        try c.encode(sops, forKey: .sops)
        try c.encode(steps, forKey: .steps)
        try c.encode(roles, forKey: .roles)
        try c.encode(slowest, forKey: .slowest)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let text = try c.decode(String.self, forKey: .now)
        guard let now = Instant.parse(text, defaultUTCOffsetSeconds: 0) else {
            throw DecodingError.dataCorruptedError(forKey: .now, in: c, debugDescription: "not an instant: \(text)")
        }
        self.init(now: now, sops: try c.decode([SOPRow].self, forKey: .sops), steps: try c.decode([StepRow].self, forKey: .steps),
                  roles: try c.decode([RoleRow].self, forKey: .roles), slowest: try c.decode([StepRow].self, forKey: .slowest))
    }

    /// Office seconds the step's 90th percentile runs past its standard (negative: within it);
    /// nil for a step without a standard.
    public static func overrun(of row: StepRow) -> Int64? {
        guard let standard = row.standard.map(Builder.standardSeconds), standard > 0 else { return nil }
        return row.stats.p90OfficeSeconds - standard
    }

    /// The step's 90th percentile as a share of its standard (1.2: 120 %); nil without a standard.
    public static func share(of row: StepRow) -> Double? {
        guard let standard = row.standard.map(Builder.standardSeconds), standard > 0 else { return nil }
        return Double(row.stats.p90OfficeSeconds) / Double(standard)
    }

    public init(now: Instant, sops: [SOPRow], steps: [StepRow], roles: [RoleRow], slowest: [StepRow]) {
        self.now = now
        self.sops = sops
        self.steps = steps
        self.roles = roles
        self.slowest = slowest
    }
}

extension CaseReport {
    /// Accumulates cases and completions; ``build()`` sorts and summarises.
    public struct Builder: Sendable {
        /// One SOP id: its steps over all stored revisions (the first revision's order, then
        /// steps only later revisions have), so no completion is dropped.
        struct SOPEntry: Sendable {
            var sop: SOPDefinition
            var steps: [Step]
            var stepIndex: [String: Int]
            var durations: [Int64] = []
            var durationDays: [Int] = []
            var cases = 0, closed = 0, revised = 0, rounds = 0, maxRounds = 0
            var agencySeconds: [Int64] = [], agencyDays: [Int32] = [], applicantSeconds: [Int64] = [], applicantDays: [Int32] = []
            var resolutions: [String: Int] = [:]
            var late: [Int] , open: [Int]
            var examples: [[(Instant, String)]]
        }

        struct Sample: Sendable {
            var seconds: [Int64] = []
            var days: [Int32] = []
            var withStandard = 0
            var onTime = 0
        }

        /// One stored revision (definition hash) of an SOP.
        struct RevisionEntry: Sendable {
            var sop: Int
            /// Per step of this revision: its position among the SOP's steps.
            var positions: [Int]
            var stepIndex: [String: Int]
            var stepBytes: [[UInt8]]
            /// Per step of this revision: whether completing it answers the complainant.
            var replies: [Bool]
            /// Per step of this revision: whether the applicant performs it.
            var applicant: [Bool]
            /// Per step of this revision: an end step, and the resolution of a decision's
            /// single ending outcome (for telling how a case closed, see ``resolution(_:)``).
            var ends: [Bool]
            var endingOutcome: [String?]
            /// Whether some step's timer withdraws the case.
            var withdraws: Bool
        }

        struct CaseEntry: Sendable {
            /// Index into `revisions`.
            var revision: Int32
            var calendar: Int32
            var opened: Instant
            var reply: Instant?
            var closed: Instant?
            var rounds: Int32 = 0
            /// Office time of completed agency and applicant steps.
            var agencySeconds: Int64 = 0, agencyDays: Int32 = 0, applicantSeconds: Int64 = 0, applicantDays: Int32 = 0
            /// The last completion (step position in the case's revision, and when).
            var lastStep: Int32 = -1
            var lastAt: Instant?
            /// The closing's resolution when the log gave it.
            var resolution: String?
        }

        let limits: [LegalLimit]
        let now: Instant
        var sops: [SOPEntry] = []
        var sopBySpecID: [String: Int] = [:]
        var revisions: [RevisionEntry] = []
        var revisionByHash: [String: Int] = [:]
        var calendars: [WorkingCalendar] = []
        var calendarByID: [String: Int] = [:]
        /// Per SOP, per step position.
        var samples: [[Sample]] = []
        var cases: [CaseEntry] = []
        var caseIDs: [String] = []
        public private(set) var caseIndex: [String: Int32] = [:]
        /// Actions on cases this builder has not seen opened (a log read in parts): applied
        /// when the parts are merged.
        var orphans: [(caseID: String, action: Orphan)] = []

        enum Orphan: Sendable {
            case complete(step: String, at: Instant, officeSeconds: Int64, workingDays: Int, onTime: Bool?)
            case sendBack
            case close(at: Instant, resolution: String?)
        }

        public init(limits: [LegalLimit], now: Instant) {
            self.limits = limits
            self.now = now
        }

        /// Declares a stored definition; revisions of one SOP id are reported together (names
        /// and standards from the first declared, steps from all of them).
        public mutating func addDefinition(_ sop: SOPDefinition, hash: String) {
            guard revisionByHash[hash] == nil else { return }
            let k: Int
            if let existing = sopBySpecID[sop.id] {
                k = existing
            } else {
                k = sops.count
                sops.append(SOPEntry(sop: sop, steps: [], stepIndex: [:], late: Array(repeating: 0, count: limits.count),
                                     open: Array(repeating: 0, count: limits.count), examples: Array(repeating: [], count: limits.count)))
                samples.append([])
                sopBySpecID[sop.id] = k
            }
            var positions: [Int] = [], index: [String: Int] = [:]
            for (i, step) in sop.steps.enumerated() {
                if index[step.id] == nil { index[step.id] = i }
                if let p = sops[k].stepIndex[step.id] {
                    positions.append(p)
                } else {
                    sops[k].stepIndex[step.id] = sops[k].steps.count
                    positions.append(sops[k].steps.count)
                    sops[k].steps.append(step)
                    samples[k].append(Sample())
                }
            }
            revisionByHash[hash] = revisions.count
            let applicants = Set(sop.roles.filter(\.applicant).map(\.id))
            revisions.append(RevisionEntry(sop: k, positions: positions, stepIndex: index, stepBytes: sop.steps.map { Array($0.id.utf8) },
                                           replies: sop.steps.map { sop.purpose(of: $0) == .reply },
                                           applicant: sop.steps.map { applicants.contains($0.actor) },
                                           ends: sop.steps.map { $0.kind == .end },
                                           endingOutcome: sop.steps.map { s in
                                               let ending = s.outcomes.compactMap(\.end)
                                               return ending.count == 1 ? ending[0] : nil
                                           },
                                           withdraws: sop.steps.contains { $0.timers.contains { $0.action == .withdraw } }))
        }

        public mutating func addCalendar(_ calendar: WorkingCalendar) {
            calendarByID[calendar.definition.id] = calendars.count
            calendars.append(calendar)
        }

        /// A case opening; ignored (nil) for an unknown definition or calendar. Returns the
        /// case's index for the index-based calls below.
        @discardableResult
        public mutating func open(caseID: String, definitionHash: String, calendarID: String, at: Instant) -> Int32? {
            guard let r = revisionByHash[definitionHash], let c = calendarByID[calendarID] else { return nil }
            let index = Int32(cases.count)
            caseIndex[caseID] = index
            caseIDs.append(caseID)
            cases.append(CaseEntry(revision: Int32(r), calendar: Int32(c), opened: at))
            return index
        }

        /// The SOP (by position) a case runs, and the UTF-8 bytes of its step ids, for callers
        /// that match stored step ids without making strings.
        public func stepIDs(ofCase c: Int32) -> [[UInt8]] { revisions[Int(cases[Int(c)].revision)].stepBytes }

        public mutating func complete(caseID: String, step: String, at: Instant, officeSeconds: Int64, workingDays: Int, onTime: Bool?) {
            guard let c = caseIndex[caseID] else {
                orphans.append((caseID, .complete(step: step, at: at, officeSeconds: officeSeconds, workingDays: workingDays, onTime: onTime)))
                return
            }
            guard let i = revisions[Int(cases[Int(c)].revision)].stepIndex[step] else { return }
            complete(case: c, step: i, at: at, officeSeconds: officeSeconds, workingDays: workingDays, onTime: onTime)
        }

        /// A completion of step `i` (its position in the steps of the case's own revision) of case `c`.
        public mutating func complete(case c: Int32, step i: Int, at: Instant, officeSeconds: Int64, workingDays: Int, onTime: Bool?) {
            let r = Int(cases[Int(c)].revision)
            let s = revisions[r].sop, p = revisions[r].positions[i]
            samples[s][p].seconds.append(officeSeconds)
            samples[s][p].days.append(Int32(workingDays))
            if let onTime {
                samples[s][p].withStandard += 1
                if onTime { samples[s][p].onTime += 1 }
            }
            if cases[Int(c)].reply == nil && revisions[r].replies[i] { cases[Int(c)].reply = at }
            if revisions[r].applicant[i] {
                cases[Int(c)].applicantSeconds += officeSeconds
                cases[Int(c)].applicantDays += Int32(clamping: workingDays)
            } else {
                cases[Int(c)].agencySeconds += officeSeconds
                cases[Int(c)].agencyDays += Int32(clamping: workingDays)
            }
            cases[Int(c)].lastStep = Int32(i)
            cases[Int(c)].lastAt = at
        }

        public mutating func sendBack(caseID: String) {
            if let c = caseIndex[caseID] { sendBack(case: c) } else { orphans.append((caseID, .sendBack)) }
        }

        public mutating func sendBack(case c: Int32) { cases[Int(c)].rounds += 1 }

        /// A closing; `resolution` as the log records it (nil: told from the case's last
        /// completion, see ``resolution(of:)``).
        public mutating func close(caseID: String, at: Instant, resolution: String? = nil) {
            if let c = caseIndex[caseID] {
                close(case: c, at: at, resolution: resolution)
            } else {
                orphans.append((caseID, .close(at: at, resolution: resolution)))
            }
        }

        /// Takes in what `other` read from a later part of the log (same definitions and
        /// calendars declared in the same order), then settles the actions on cases opened in
        /// an earlier part. Actions on cases never opened are dropped.
        public mutating func absorb(_ other: Builder) {
            let offset = Int32(cases.count)
            cases += other.cases
            caseIDs += other.caseIDs
            for (id, k) in other.caseIndex { caseIndex[id] = k + offset }
            for s in samples.indices {
                for i in samples[s].indices {
                    let o = other.samples[s][i]
                    samples[s][i].seconds += o.seconds
                    samples[s][i].days += o.days
                    samples[s][i].withStandard += o.withStandard
                    samples[s][i].onTime += o.onTime
                }
            }
            let pending = orphans + other.orphans
            orphans = []
            for (id, action) in pending {
                switch action {
                case .complete(let step, let at, let seconds, let days, let onTime):
                    complete(caseID: id, step: step, at: at, officeSeconds: seconds, workingDays: days, onTime: onTime)
                case .sendBack: sendBack(caseID: id)
                case .close(let at, let resolution): close(caseID: id, at: at, resolution: resolution)
                }
            }
        }

        public mutating func close(case c: Int32, at: Instant, resolution: String? = nil) {
            cases[Int(c)].closed = at
            cases[Int(c)].resolution = resolution
        }

        /// How a closed case ended: the recorded resolution ("completed" for none recorded with
        /// an end step last), else told from its last completion: an end step completed at the
        /// closing is "completed"; a decision with one ending outcome completed at the closing
        /// is that outcome's resolution; a closing later than the last completion, in an SOP
        /// whose timers withdraw, is "withdrawn"; anything else "closed".
        func resolution(of c: CaseEntry) -> String {
            if let r = c.resolution, !r.isEmpty { return r }
            let rev = revisions[Int(c.revision)]
            let last = Int(c.lastStep)
            if last >= 0, let at = c.lastAt, at == c.closed {
                if rev.ends[last] { return CaseReport.completedResolution }
                if let end = rev.endingOutcome[last] { return end }
            }
            if rev.withdraws, let closed = c.closed, c.lastAt.map({ closed > $0 }) ?? true { return StepTimer.withdrawnResolution }
            return last >= 0 && rev.ends[last] ? CaseReport.completedResolution : "closed"
        }

        public mutating func build() -> CaseReport {
            for (k, c) in cases.enumerated() {
                let id = caseIDs[k]
                let s = revisions[Int(c.revision)].sop
                let calendar = calendars[Int(c.calendar)]
                sops[s].cases += 1
                if c.rounds > 0 { sops[s].revised += 1 }
                sops[s].rounds += Int(c.rounds)
                sops[s].maxRounds = max(sops[s].maxRounds, Int(c.rounds))
                if let closed = c.closed {
                    let how = resolution(of: c)
                    sops[s].closed += 1
                    sops[s].resolutions[how, default: 0] += 1
                    sops[s].agencySeconds.append(c.agencySeconds)
                    sops[s].agencyDays.append(c.agencyDays)
                    sops[s].applicantSeconds.append(c.applicantSeconds)
                    sops[s].applicantDays.append(c.applicantDays)
                    if let e = try? calendar.elapsed(from: c.opened, to: closed) {
                        sops[s].durations.append(e.officeSeconds)
                        sops[s].durationDays.append(e.workingDays)
                    }
                }
                for (l, limit) in limits.enumerated() {
                    guard let deadline = try? calendar.due(from: c.opened, adding: limit.time) else { continue }
                    // A case closed without a reply step (e.g. settled or withdrawn) reached its answer when it closed.
                    let reached = limit.milestone == .reply ? (c.reply ?? c.closed) : c.closed
                    if let reached {
                        if reached > deadline { sops[s].late[l] += 1 }
                    } else if now > deadline {
                        sops[s].open[l] += 1
                        sops[s].examples[l].append((c.opened, id))
                    }
                }
            }
            var sopRows: [SOPRow] = [], stepRows: [StepRow] = [], roleRows: [RoleRow] = []
            for (s, e) in sops.enumerated() {
                let limitRows = limits.enumerated().map { l, limit in
                    LimitRow(limit: limit.id, source: limit.source, time: limit.time, reachedLate: e.late[l], openPastLimit: e.open[l],
                             examples: e.examples[l].sorted { ($0.0, $0.1) < ($1.0, $1.1) }.prefix(20).map(\.1))
                }
                sopRows.append(SOPRow(sopID: e.sop.id, name: e.sop.identity.name, regency: e.sop.identity.agency.regency,
                                      cases: e.cases, closed: e.closed, open: e.cases - e.closed, casesRevised: e.revised,
                                      revisionRounds: e.rounds, maxRevisionRounds: e.maxRounds,
                                      duration: Self.stats(e.durations, e.durationDays.map(Int32.init), withStandard: 0, onTime: 0),
                                      limits: limitRows,
                                      agencyTime: Self.stats(e.agencySeconds, e.agencyDays, withStandard: 0, onTime: 0),
                                      applicantTime: e.sop.roles.contains(where: \.applicant)
                                          ? Self.stats(e.applicantSeconds, e.applicantDays, withStandard: 0, onTime: 0) : nil,
                                      resolutions: Self.ordered(e.resolutions)))
                // A step several roles may do counts once, under those roles together ("loket+admin").
                var byRole: [String: Sample] = [:]
                var shared: [String] = []
                for (i, step) in e.steps.enumerated() {
                    let sample = samples[s][i]
                    let key = step.actors.joined(separator: "+")
                    if step.actors.count > 1 && !shared.contains(key) && !sample.seconds.isEmpty { shared.append(key) }
                    byRole[key, default: Sample()].seconds += sample.seconds
                    byRole[key, default: Sample()].days += sample.days
                    byRole[key, default: Sample()].withStandard += sample.withStandard
                    byRole[key, default: Sample()].onTime += sample.onTime
                    guard let stats = Self.stats(sample.seconds, sample.days, withStandard: sample.withStandard, onTime: sample.onTime)
                    else { continue }
                    stepRows.append(StepRow(sopID: e.sop.id, no: step.number, step: step.id, role: step.actor, standard: step.time, stats: stats))
                }
                for role in e.sop.roles {
                    guard let sample = byRole[role.id],
                          let stats = Self.stats(sample.seconds, sample.days, withStandard: sample.withStandard, onTime: sample.onTime)
                    else { continue }
                    roleRows.append(RoleRow(sopID: e.sop.id, role: role.id, title: role.title, stats: stats))
                }
                for key in shared {
                    guard let sample = byRole[key],
                          let stats = Self.stats(sample.seconds, sample.days, withStandard: sample.withStandard, onTime: sample.onTime)
                    else { continue }
                    let title = key.split(separator: "+").map { id in e.sop.role(String(id))?.title ?? String(id) }.joined(separator: " / ")
                    roleRows.append(RoleRow(sopID: e.sop.id, role: key, title: title, stats: stats))
                }
            }
            // Ranked by how much working time the step runs past its standard (at the 90th
            // percentile), then by its median: a 5-minute step taking 6 is a minute late, a
            // 60-day examination taking 61 days a whole working day, and the latter comes first.
            let slowest = stepRows.compactMap { row in CaseReport.overrun(of: row).map { (row, $0) } }
                .filter { $0.1 > 0 }
                .sorted { a, b in
                    if a.1 != b.1 { return a.1 > b.1 }
                    if a.0.stats.medianOfficeSeconds != b.0.stats.medianOfficeSeconds { return a.0.stats.medianOfficeSeconds > b.0.stats.medianOfficeSeconds }
                    return (a.0.sopID, a.0.no) < (b.0.sopID, b.0.no)
                }
                .prefix(5).map(\.0)
            return CaseReport(now: now, sops: sopRows, steps: stepRows, roles: roleRows, slowest: Array(slowest))
        }

        /// Resolutions in report order: completed, withdrawn, then the others by name.
        static func ordered(_ counts: [String: Int]) -> [ResolutionRow] {
            func rank(_ r: String) -> Int { r == CaseReport.completedResolution ? 0 : r == StepTimer.withdrawnResolution ? 1 : 2 }
            return counts.sorted { (rank($0.key), $0.key) < (rank($1.key), $1.key) }.map { ResolutionRow(resolution: $0.key, cases: $0.value) }
        }

        /// A standard in office seconds (a working day counts 7.5 office hours, a calendar day 24 h).
        public static func standardSeconds(_ t: StandardTime) -> Int64 {
            switch t.unit {
            case .minutes, .hours: Int64(t.officeMinutes!) * 60
            case .workingDays: Int64(t.value) * 27_000
            case .calendarDays: Int64(t.value) * 86_400
            case .months: Int64(t.value) * 30 * 86_400
            }
        }

        /// Nearest-rank statistics of office seconds and working days; nil for no samples.
        public static func stats(_ seconds: [Int64], _ days: [Int32], withStandard: Int, onTime: Int) -> Stats? {
            guard !seconds.isEmpty else { return nil }
            let s = seconds.sorted(), d = days.sorted()
            func rank(_ q: Double, _ n: Int) -> Int { max(0, Int((q * Double(n)).rounded(.up)) - 1) }
            return Stats(count: s.count, medianOfficeSeconds: s[rank(0.5, s.count)], p90OfficeSeconds: s[rank(0.9, s.count)],
                         maxOfficeSeconds: s.last!, medianWorkingDays: Int(d[rank(0.5, d.count)]),
                         p90WorkingDays: Int(d[rank(0.9, d.count)]), maxWorkingDays: Int(d.last!),
                         withStandard: withStandard, onTime: onTime)
        }
    }
}
