/// Several agencies' SOPs side by side, for a complaint filed at the same local time at
/// each: standard totals, time per role, hand-offs, decisions and loops, and the steps
/// aligned by what they do (``Step/Purpose``).
public struct SOPComparison: Sendable {
    /// One SOP's figures.
    public struct Agency: Sendable {
        public var sop: SOPDefinition
        public var timeline: StandardTimeline
        public var utcOffsetSeconds: Int
        /// Office time of the forward flow (every branch, each step once) per role id, in the
        /// order the roles are declared, then the shares of steps several roles may do, keyed
        /// by their role ids joined with "+" (``roleKey(_:)``).
        public var timeByRole: [(role: String, officeSeconds: Int64)]
        /// Hand-overs between lanes along the forward flow: a step waiting for a step of another
        /// lane (each branch arriving at a join counts).
        public var handOffs: Int

        /// The key of ``timeByRole`` a step's time counts under: its role, or its roles joined by "+".
        public static func roleKey(_ step: Step) -> String { step.actors.joined(separator: "+") }

        /// The titles of a ``timeByRole`` key's roles, joined by " / ".
        public func roleTitle(_ key: String) -> String {
            key.split(separator: "+").map { id in sop.role(String(id))?.title ?? String(id) }.joined(separator: " / ")
        }
        public var decisionPoints: Int
        /// Decision outcomes that send the case back for revision.
        public var revisionLoops: Int
        /// When the first reply step is due: the complainant's answer.
        public var replyDue: Instant?

        /// Calendar days from filing to `instant`, in the agency's zone.
        public func calendarDays(to instant: Instant) -> Int {
            instant.local(utcOffsetSeconds: utcOffsetSeconds).date.daysSinceEpoch
                - timeline.start.local(utcOffsetSeconds: utcOffsetSeconds).date.daysSinceEpoch
        }
    }

    /// One purpose and, per agency (in input order), the main-path entries with it.
    public struct Row: Sendable {
        public var purpose: Step.Purpose
        public var entries: [[StandardTimeline.Entry]]
        /// Office time of those entries, per agency.
        public var officeSeconds: [Int64]
    }

    public var agencies: [Agency]
    public var rows: [Row]

    /// `inputs` in the order given; `localStart` is the filing time as local wall-clock time,
    /// the same at every agency (each in its own zone).
    public init(_ inputs: [(sop: SOPDefinition, calendar: WorkingCalendar)], localStart: (date: CivilDate, hour: Int, minute: Int))
        throws(CalendarError) {
        var agencies: [Agency] = []
        for (sop, calendar) in inputs {
            let offset = calendar.utcOffsetSeconds
            let start = Instant(date: localStart.date, hour: localStart.hour, minute: localStart.minute, utcOffsetSeconds: offset)
            let timeline = try StandardTimeline(sop: sop, calendar: calendar, start: start)
            // Every step of the forward flow (all branches) counts once: a step several roles may
            // do is one share held by them together ("loket+admin"), not a copy for each.
            var byRole: [String: Int64] = [:]
            var shared: [String] = []
            for e in timeline.entries {
                let key = Agency.roleKey(e.step)
                if e.step.actors.count > 1 && !shared.contains(key) { shared.append(key) }
                byRole[key, default: 0] += try calendar.elapsed(from: e.start, to: e.due).officeSeconds
            }
            // A hand-off: a step waiting for a step of another lane (each arrival at a join counts).
            var handOffs = 0
            for e in timeline.entries {
                for p in e.predecessors where timeline.entries[p].step.actor != e.step.actor { handOffs += 1 }
            }
            agencies.append(Agency(
                sop: sop, timeline: timeline, utcOffsetSeconds: offset,
                timeByRole: sop.roles.compactMap { r in byRole[r.id].map { (role: r.id, officeSeconds: $0) } }
                    + shared.map { (role: $0, officeSeconds: byRole[$0]!) },
                handOffs: handOffs,
                decisionPoints: sop.steps.filter { $0.kind == .decision }.count,
                revisionLoops: sop.steps.flatMap(\.outcomes).filter(\.revision).count,
                replyDue: timeline.entries.first { sop.purpose(of: $0.step) == .reply }?.due))
        }
        self.agencies = agencies
        let purposes = Set(agencies.flatMap { a in a.timeline.entries.map { a.sop.purpose(of: $0.step) } }).sorted()
        var rows: [Row] = []
        for p in purposes {
            let entries = agencies.map { a in a.timeline.entries.filter { a.sop.purpose(of: $0.step) == p } }
            var seconds: [Int64] = []
            for (k, list) in entries.enumerated() {
                var total: Int64 = 0
                for e in list { total += try inputs[k].calendar.elapsed(from: e.start, to: e.due).officeSeconds }
                seconds.append(total)
            }
            rows.append(Row(purpose: p, entries: entries, officeSeconds: seconds))
        }
        self.rows = rows
    }

    /// The differences an analyst would state, in plain sentences (English), in a stable order.
    public func differences(regencyName name: (SOPDefinition) -> String = { $0.identity.agency.regency }) -> [String] {
        var out: [String] = []
        let names = agencies.map { name($0.sop) }
        for row in rows {
            let having = row.entries.indices.filter { !row.entries[$0].isEmpty }
            if having.count < agencies.count {
                let steps = having.map { k in
                    row.entries[k].map { "\($0.step.number) \($0.step.id) (\($0.step.time?.description ?? "no standard time"))" }
                        .joined(separator: ", ")
                }
                out.append("Only \(having.map { names[$0] }.joined(separator: " and ")) \(having.count == 1 ? "has" : "have") "
                           + "\(row.purpose.article) \(row.purpose.rawValue) step: \(steps.joined(separator: "; ")).")
            } else {
                let times = row.entries.map { $0.map { $0.step.time?.description ?? "—" }.joined(separator: " + ") }
                if Set(times).count > 1 {
                    let each = zip(names, times).map { "\($0) \($1)" }.joined(separator: ", ")
                    out.append("\(row.purpose.rawValue.prefix(1).uppercased())\(row.purpose.rawValue.dropFirst()): \(each).")
                }
            }
        }
        if agencies.count > 1 {
            let first = agencies[0]
            let date = first.timeline.start.local(utcOffsetSeconds: first.utcOffsetSeconds).date
            var parts: [String] = []
            for (k, a) in agencies.enumerated() {
                let reply = a.replyDue.map {
                    "reply due \($0.local(utcOffsetSeconds: a.utcOffsetSeconds).date) (\(a.calendarDays(to: $0)) calendar days)"
                } ?? "no reply step"
                parts.append("\(names[k]): \(reply), case complete \(a.timeline.due.local(utcOffsetSeconds: a.utcOffsetSeconds).date) "
                             + "(\(a.calendarDays(to: a.timeline.due)) calendar days, \(a.timeline.elapsed.workingDays) working days)")
            }
            out.append("Filed on \(date) at the same local time — " + parts.joined(separator: "; ") + ".")
        }
        return out
    }
}
