/// What changed between two revisions of an SOP, in the terms an administrator uses: steps
/// added, removed, moved, retimed, reassigned or rewritten, transitions, lanes, documents and
/// the identity page, and the change in total standard time. Provenance notes are not
/// substance: a revision that only touches them (or comments and layout) has no entries.
public struct SOPDiff: Sendable, Encodable {
    public struct Entry: Sendable, Hashable, Encodable {
        /// `step-added`, `step-removed`, `step-moved`, `step-retimed`, `step-reassigned`,
        /// `step-changed`, `transition-changed`, `role-added`, `role-removed`, `role-changed`,
        /// `document-added`, `document-removed`, `document-changed`, `field-changed`.
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

        for r in old.roles where new.role(r.id) == nil { e.append(Entry(kind: "role-removed", subject: r.id, before: r.title, after: nil)) }
        for r in new.roles {
            guard let o = old.role(r.id) else { e.append(Entry(kind: "role-added", subject: r.id, before: nil, after: r.title)); continue }
            if o.title != r.title {
                e.append(Entry(kind: "role-changed", subject: r.id, before: o.title, after: r.title))
            } else if o.description != r.description {
                e.append(Entry(kind: "role-changed", subject: "\(r.id).description", before: o.description ?? "—", after: r.description ?? "—"))
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
                e.append(Entry(kind: "step-retimed", subject: s.id, before: o.time?.description ?? "no standard time", after: s.time?.description ?? "no standard time"))
            }
            if o.actor != s.actor || o.participants != s.participants {
                e.append(Entry(kind: "step-reassigned", subject: s.id, before: Self.lane(o, old), after: Self.lane(s, new)))
            }
            for (name, a, b) in [("activity", o.activity, s.activity), ("kind", o.kind.rawValue, s.kind.rawValue),
                                 ("inputs", Self.refs(o.inputs), Self.refs(s.inputs)), ("outputs", Self.refs(o.outputs), Self.refs(s.outputs)),
                                 ("purpose", old.purpose(of: o).rawValue, new.purpose(of: s).rawValue), ("note", o.note ?? "", s.note ?? "")] where a != b {
                e.append(Entry(kind: "step-changed", subject: "\(s.id).\(name)", before: a, after: b))
            }
            let (ta, tb) = (Self.transitions(o), Self.transitions(s))
            if ta != tb { e.append(Entry(kind: "transition-changed", subject: s.id, before: ta, after: tb)) }
        }
        entries = e
        totalBefore = old.mainPathTotal.summary
        totalAfter = new.mainPathTotal.summary
    }

    static func describe(_ s: Step, _ sop: SOPDefinition) -> String {
        "\(s.kind.rawValue), \(lane(s, sop)), \(s.time?.description ?? "no standard time")"
    }

    static func lane(_ s: Step, _ sop: SOPDefinition) -> String {
        let actor = sop.role(s.actor)?.title ?? s.actor
        return s.participants.isEmpty ? actor : actor + " with " + s.participants.map { sop.role($0)?.title ?? $0 }.joined(separator: ", ")
    }

    static func transitions(_ s: Step) -> String {
        if let next = s.next { return "next \(next)" }
        if s.outcomes.isEmpty { return "end of the procedure" }
        return s.outcomes.map { o in
            var text = "\(o.id) \"\(o.label)\": \(o.next)"
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
