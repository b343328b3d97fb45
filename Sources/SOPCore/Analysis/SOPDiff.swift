/// What changed between two revisions of an SOP, in the terms an administrator uses: steps
/// added, removed, moved, retimed (ranges and the time as written included), reassigned (the
/// lane and any alternative actors) or rewritten, transitions (ending outcomes included),
/// parallel branches, requirements and timers, lanes (the applicant's side too), documents,
/// the identity page and `timeDefaults`, and the change in total standard time: the critical
/// path through any fork. Provenance notes are not substance: a revision that only touches
/// them (or comments and layout) has no entries.
public struct SOPDiff: Sendable, Encodable {
    public struct Entry: Sendable, Hashable, Encodable {
        /// `step-added`, `step-removed`, `step-moved`, `step-retimed`, `step-reassigned`,
        /// `step-changed`, `transition-changed`, `step-branch-added`, `step-branch-removed`
        /// (a fork's branch, subject `step.branch`), `step-requirement-added`,
        /// `step-requirement-removed` (`step.requirement`), `step-timer-added`, `step-timer-removed`
        /// (`step.timer`), `role-added`, `role-removed`, `role-changed`, `document-added`,
        /// `document-removed`, `document-changed`, `field-changed`.
        public var kind: String
        /// The step, role, document or field concerned.
        public var subject: String
        public var before: String?
        public var after: String?
    }

    public var entries: [Entry]
    public var totalBefore: String
    public var totalAfter: String

    /// Whether anything of substance changed.
    public var hasSubstance: Bool { !entries.isEmpty }

    public init(old: SOPDefinition, new: SOPDefinition) {
        var e: [Entry] = []
        func field(_ name: String, _ a: String?, _ b: String?) {
            if a != b { e.append(Entry(kind: "field-changed", subject: name, before: a, after: b)) }
        }
        func list(_ name: String, _ a: [String], _ b: [String]) {
            if a != b { e.append(Entry(kind: "field-changed", subject: name, before: a.joined(separator: "; "), after: b.joined(separator: "; "))) }
        }
        field("id", old.id, new.id)
        let (oi, ni) = (old.identity, new.identity)
        field("identity.agency.government", oi.agency.government, ni.agency.government)
        field("identity.agency.regency", oi.agency.regency, ni.agency.regency)
        field("identity.agency.office", oi.agency.office, ni.agency.office)
        field("identity.agency.unit", oi.agency.unit, ni.agency.unit)
        field("identity.number", oi.number, ni.number)
        field("identity.revision", oi.revision, ni.revision)
        field("identity.status", oi.status, ni.status)
        field("identity.logo", oi.logo, ni.logo)
        field("identity.signOffs", oi.signOffs.isEmpty ? nil : Self.signOffs(oi.signOffs), ni.signOffs.isEmpty ? nil : Self.signOffs(ni.signOffs))
        field("identity.columns.activity", oi.columns?.activity, ni.columns?.activity)
        field("identity.name", oi.name, ni.name)
        field("identity.dates.made", oi.dates.made?.description, ni.dates.made?.description)
        field("identity.dates.revised", oi.dates.revised?.description, ni.dates.revised?.description)
        field("identity.dates.effective", oi.dates.effective?.description, ni.dates.effective?.description)
        field("identity.dates.approved", oi.dates.approved?.description, ni.dates.approved?.description)
        field("identity.approver.title", oi.approver.title, ni.approver.title)
        field("identity.approver.name", oi.approver.name, ni.approver.name)
        field("identity.approver.nip", oi.approver.nip, ni.approver.nip)
        field("identity.approver.rank", oi.approver.rank, ni.approver.rank)
        field("calendar", old.calendar, new.calendar)
        list("legalBasis", old.legalBasis, new.legalBasis)
        list("qualifications", old.qualifications, new.qualifications)
        list("relatedSOPs", old.relatedSOPs, new.relatedSOPs)
        list("equipment", old.equipment, new.equipment)
        list("warnings", old.warnings, new.warnings)
        list("records", old.records.map { $0.name + ($0.form.map { " (\($0))" } ?? "") },
             new.records.map { $0.name + ($0.form.map { " (\($0))" } ?? "") })
        field("timeDefaults.days", old.timeDefaults?.days?.rawValue, new.timeDefaults?.days?.rawValue)
        field("timeDefaults.dayMinutes", old.timeDefaults?.dayMinutes.map(String.init), new.timeDefaults?.dayMinutes.map(String.init))

        for r in old.roles where new.role(r.id) == nil { e.append(Entry(kind: "role-removed", subject: r.id, before: r.title, after: nil)) }
        for r in new.roles {
            guard let o = old.role(r.id) else { e.append(Entry(kind: "role-added", subject: r.id, before: nil, after: r.title)); continue }
            if o.title != r.title {
                e.append(Entry(kind: "role-changed", subject: r.id, before: o.title, after: r.title))
            } else if o.description != r.description {
                e.append(Entry(kind: "role-changed", subject: "\(r.id).description", before: o.description ?? "—", after: r.description ?? "—"))
            }
            if o.applicant != r.applicant {
                e.append(Entry(kind: "role-changed", subject: "\(r.id).applicant", before: Self.side(o), after: Self.side(r)))
            }
        }
        for d in old.documents where new.document(d.id) == nil { e.append(Entry(kind: "document-removed", subject: d.id, before: d.name, after: nil)) }
        for d in new.documents {
            guard let o = old.document(d.id) else { e.append(Entry(kind: "document-added", subject: d.id, before: nil, after: d.name)); continue }
            for (name, a, b) in [("name", o.name, d.name), ("form", o.form ?? "—", d.form ?? "—"),
                                 ("origin", o.origin.rawValue, d.origin.rawValue)] where a != b {
                e.append(Entry(kind: "document-changed", subject: name == "name" ? d.id : "\(d.id).\(name)", before: a, after: b))
            }
        }

        let oldIDs = old.steps.map(\.id), newIDs = new.steps.map(\.id)
        for s in old.steps where !newIDs.contains(s.id) {
            e.append(Entry(kind: "step-removed", subject: s.id, before: Self.describe(s, old), after: nil))
        }
        // Steps kept but out of their relative order: those outside a longest common subsequence.
        let common = oldIDs.filter(newIDs.contains)
        let stay = Set(Self.longestCommonSubsequence(common, newIDs.filter(oldIDs.contains)))
        for s in new.steps {
            guard let o = old.step(s.id) else {
                e.append(Entry(kind: "step-added", subject: s.id, before: nil, after: Self.describe(s, new)))
                continue
            }
            if !stay.contains(s.id) { e.append(Entry(kind: "step-moved", subject: s.id, before: "no \(o.number)", after: "no \(s.number)")) }
            if o.time != s.time {
                e.append(Entry(kind: "step-retimed", subject: s.id, before: Self.time(o.time), after: Self.time(s.time)))
            }
            if o.actors != s.actors || o.participants != s.participants {
                e.append(Entry(kind: "step-reassigned", subject: s.id, before: Self.lane(o, old), after: Self.lane(s, new)))
            }
            for (name, a, b) in [("activity", o.activity, s.activity), ("kind", o.kind.rawValue, s.kind.rawValue),
                                 ("inputs", Self.refs(o.inputs), Self.refs(s.inputs)), ("outputs", Self.refs(o.outputs), Self.refs(s.outputs)),
                                 ("purpose", old.purpose(of: o).rawValue, new.purpose(of: s).rawValue), ("note", o.note ?? "", s.note ?? "")] where a != b {
                e.append(Entry(kind: "step-changed", subject: "\(s.id).\(name)", before: a, after: b))
            }
            if (o.isFork || s.isFork) && o.outcomes.isEmpty && s.outcomes.isEmpty {
                // A fork's branches one by one, also when a step starts or stops forking
                // (its one `next` is then a branch); their order is no substance.
                let (ba, bb) = (o.successors, s.successors)
                for b in ba where !bb.contains(b) { e.append(Entry(kind: "step-branch-removed", subject: "\(s.id).branch", before: b, after: nil)) }
                for b in bb where !ba.contains(b) { e.append(Entry(kind: "step-branch-added", subject: "\(s.id).branch", before: nil, after: b)) }
            } else {
                let (ta, tb) = (Self.transitions(o), Self.transitions(s))
                if ta != tb { e.append(Entry(kind: "transition-changed", subject: s.id, before: ta, after: tb)) }
            }
            let (ra, rb) = (o.requirements.map(Self.requirement), s.requirements.map(Self.requirement))
            for r in ra where !rb.contains(r) { e.append(Entry(kind: "step-requirement-removed", subject: "\(s.id).requirement", before: r, after: nil)) }
            for r in rb where !ra.contains(r) { e.append(Entry(kind: "step-requirement-added", subject: "\(s.id).requirement", before: nil, after: r)) }
            let (xa, xb) = (o.timers.map(Self.timer), s.timers.map(Self.timer))
            for t in xa where !xb.contains(t) { e.append(Entry(kind: "step-timer-removed", subject: "\(s.id).timer", before: t, after: nil)) }
            for t in xb where !xa.contains(t) { e.append(Entry(kind: "step-timer-added", subject: "\(s.id).timer", before: nil, after: t)) }
        }
        entries = e
        totalBefore = old.mainPathTotal.summary
        totalAfter = new.mainPathTotal.summary
    }

    static func describe(_ s: Step, _ sop: SOPDefinition) -> String {
        "\(s.kind.rawValue), \(lane(s, sop)), \(time(s.time))"
    }

    /// The lane, any alternative actors ("or"), and the participants ("with").
    static func lane(_ s: Step, _ sop: SOPDefinition) -> String {
        let actor = s.actors.map { sop.role($0)?.title ?? $0 }.joined(separator: " or ")
        return s.participants.isEmpty ? actor : actor + " with " + s.participants.map { sop.role($0)?.title ?? $0 }.joined(separator: ", ")
    }

    /// A standard time with its range and, when the document wrote it otherwise, as written.
    static func time(_ t: StandardTime?) -> String {
        guard let t else { return "no standard time" }
        return t.description + (t.written.map { " (written \"\($0)\")" } ?? "")
    }

    static func signOffs(_ list: [Identity.SignOff]) -> String {
        list.map { s in "\(s.label): \(s.title)" + (s.name.map { " — \($0)" } ?? "") + (s.nip.map { " (NIP \($0))" } ?? "")
            + (s.date.map { ", \($0)" } ?? "") }.joined(separator: "; ")
    }

    static func side(_ r: Role) -> String { r.applicant ? "applicant (the agency's clock stops)" : "agency" }

    static func requirement(_ r: Requirement) -> String {
        "\(r.kind.rawValue): \(r.name)" + (r.note.map { " (\($0))" } ?? "")
    }

    static func timer(_ t: StepTimer) -> String {
        var text = t.action.rawValue
        if let outcome = t.outcome { text += " with outcome \(outcome)" }
        if let to = t.to { text += " to \(to)" }
        return text + " after " + (t.after.map { time($0) } ?? "the step's time")
    }

    static func transitions(_ s: Step) -> String {
        if let next = s.next { return "next \(next)" }
        if s.isFork { return "fork to " + s.parallel.joined(separator: ", ") }
        if s.outcomes.isEmpty { return "end of the procedure" }
        return s.outcomes.map { o in
            var text = "\(o.id) \"\(o.label)\": " + (o.next ?? "ends the case as \(o.end ?? "closed")")
            if o.revision { text += " (revision" + (o.maxRounds.map { ", at most \($0)" } ?? "") + ")" }
            return text
        }.joined(separator: ", ")
    }

    /// Document uses with their conditions, as compared.
    static func refs(_ refs: [DocumentRef]) -> String {
        refs.map { $0.document + ($0.condition.map { " (\($0))" } ?? "") }.joined(separator: ", ")
    }

    static func longestCommonSubsequence(_ a: [String], _ b: [String]) -> [String] {
        guard !a.isEmpty, !b.isEmpty else { return [] }
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var out: [String] = [], i = 0, j = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] { out.append(a[i]); i += 1; j += 1 } else if table[i + 1][j] >= table[i][j + 1] { i += 1 } else { j += 1 }
        }
        return out
    }
}
