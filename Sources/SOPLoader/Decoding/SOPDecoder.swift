import SOPCore

/// Builds an ``SOPDefinition`` from a YAML tree.
///
/// Returns a definition only when the structure is sound (no structural errors), so the
/// semantic checks never run on half-read data.
struct SOPDecoder {
    var d: NodeDecoder

    init(file: String) { d = NodeDecoder() }

    mutating func decode(_ root: YAMLValue) -> SOPDefinition? {
        guard let f = d.fields(root, "", what: "the SOP file",
                               required: ["format", "id", "identity", "roles", "documents", "steps"],
                               optional: ["calendar", "legalBasis", "qualifications", "relatedSOPs", "equipment",
                                          "warnings", "records", "provenance"])
        else { return nil }
        let format = d.string(f["format"], "format", what: "format")
        if let format, format != SOPDefinition.currentFormat {
            d.report(.unsupportedFormat, "format '\(format)' is not supported", at: f["format"]!.location,
                     hint: "this engine reads `format: \(SOPDefinition.currentFormat)`")
        }
        let id = d.id(f["id"], "id", what: "SOP id")
        let identity = f["identity"].flatMap { decodeIdentity($0) }
        let calendar = d.string(f["calendar"], "calendar", what: "calendar")
        let legal = d.strings(f["legalBasis"], "legalBasis", what: "legalBasis")
        let quals = d.strings(f["qualifications"], "qualifications", what: "qualifications")
        let related = d.strings(f["relatedSOPs"], "relatedSOPs", what: "relatedSOPs")
        let equipment = d.strings(f["equipment"], "equipment", what: "equipment")
        let warnings = d.strings(f["warnings"], "warnings", what: "warnings")
        let records = d.list(f["records"], "records", what: "records") { d, n, p -> RecordSpec? in
            guard let r = d.fields(n, p, what: "a record", required: ["name"], optional: ["form"]) else { return nil }
            guard let name = d.string(r["name"], "\(p).name", what: "record name") else { return nil }
            return RecordSpec(name: name, form: d.string(r["form"], "\(p).form", what: "form code"))
        } ?? []
        let roles = d.list(f["roles"], "roles", what: "roles") { d, n, p -> Role? in
            guard let r = d.fields(n, p, what: "a role", required: ["id", "title"], optional: ["description"]) else { return nil }
            let id = d.id(r["id"], "\(p).id", what: "role id")
            let title = d.string(r["title"], "\(p).title", what: "role title")
            let desc = d.string(r["description"], "\(p).description", what: "role description")
            guard let id, let title else { return nil }
            return Role(id: id, title: title, description: desc)
        }
        let documents = d.list(f["documents"], "documents", what: "documents") { d, n, p -> DocumentSpec? in
            guard let r = d.fields(n, p, what: "a document", required: ["id", "name"], optional: ["form", "origin"]) else { return nil }
            let id = d.id(r["id"], "\(p).id", what: "document id")
            let name = d.string(r["name"], "\(p).name", what: "document name")
            let form = d.string(r["form"], "\(p).form", what: "form code")
            let origin = r["origin"] == nil ? .step
                : d.word(r["origin"], "\(p).origin", what: "document origin", as: DocumentSpec.Origin.self)
            guard let id, let name, let origin else { return nil }
            return DocumentSpec(id: id, name: name, form: form, origin: origin)
        }
        let steps = d.list(f["steps"], "steps", what: "steps") { d, n, p in SOPDecoder.decodeStep(&d, n, p) }
        let provenance = f["provenance"].map { decodeProvenance(&d, $0, "provenance") } ?? [:]

        guard !d.diagnostics.hasErrors, let id, let identity, let roles, let documents, let steps else { return nil }
        return SOPDefinition(id: id, identity: identity, calendar: calendar, legalBasis: legal,
                             qualifications: quals, relatedSOPs: related, equipment: equipment,
                             warnings: warnings, records: records, roles: roles, documents: documents,
                             steps: steps, provenance: provenance)
    }

    mutating func decodeIdentity(_ node: YAMLValue) -> Identity? {
        let p = "identity"
        guard let f = d.fields(node, p, what: "identity", required: ["agency", "number", "name", "dates", "approver"],
                               optional: []) else { return nil }
        var agency: Identity.Agency?
        if let n = f["agency"], let a = d.fields(n, "\(p).agency", what: "agency",
                                                 required: ["regency", "office"], optional: ["government", "unit"]) {
            let regency = d.string(a["regency"], "\(p).agency.regency", what: "regency")
            let office = d.string(a["office"], "\(p).agency.office", what: "office")
            let government = d.string(a["government"], "\(p).agency.government", what: "government")
            let unit = d.string(a["unit"], "\(p).agency.unit", what: "unit")
            if let regency, let office { agency = .init(government: government, regency: regency, office: office, unit: unit) }
        }
        let number = d.string(f["number"], "\(p).number", what: "SOP number")
        let name = d.string(f["name"], "\(p).name", what: "SOP name")
        var dates: Identity.Dates?
        if let n = f["dates"], let t = d.fields(n, "\(p).dates", what: "dates", required: [],
                                                optional: ["made", "revised", "effective", "approved"]) {
            dates = .init(made: d.date(t["made"], "\(p).dates.made", what: "date made"),
                          revised: d.date(t["revised"], "\(p).dates.revised", what: "revision date"),
                          effective: d.date(t["effective"], "\(p).dates.effective", what: "effective date"),
                          approved: d.date(t["approved"], "\(p).dates.approved", what: "approval date"))
        }
        var approver: Identity.Approver?
        if let n = f["approver"], let a = d.fields(n, "\(p).approver", what: "approver", required: ["title"],
                                                   optional: ["name", "nip", "rank"]) {
            let title = d.string(a["title"], "\(p).approver.title", what: "approver title")
            let name = d.string(a["name"], "\(p).approver.name", what: "approver name")
            var nip = d.string(a["nip"], "\(p).approver.nip", what: "NIP")
            if let text = nip, !Self.isNIP(text) {
                d.report(.invalidFormat, "NIP '\(text)' is not an 18-digit civil servant number", at: a["nip"]!.location,
                         hint: "write it as printed, e.g. \"19810722 200604 1 002\" (quoted)")
                nip = nil
            }
            let rank = d.string(a["rank"], "\(p).approver.rank", what: "rank")
            if let title { approver = .init(title: title, name: name, nip: nip, rank: rank) }
        }
        guard let agency, let number, let name, let dates, let approver else { return nil }
        return Identity(agency: agency, number: number, name: name, dates: dates, approver: approver)
    }

    /// 18 digits: birth date (8), appointment (6), sex (1), serial (3), optionally spaced.
    static func isNIP(_ text: String) -> Bool {
        let groups = text.split(separator: " ", omittingEmptySubsequences: false)
        let digits = text.filter { $0 != " " }
        guard digits.count == 18, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return false }
        return groups.count == 1 || groups.map(\.count) == [8, 6, 1, 3]
    }

    static func decodeStep(_ d: inout NodeDecoder, _ node: YAMLValue, _ p: String) -> Step? {
        guard let f = d.fields(node, p, what: "a step", required: ["no", "id", "kind", "actor", "activity"],
                               optional: ["participants", "inputs", "outputs", "time", "note", "purpose", "next", "outcomes", "provenance"])
        else { return nil }
        let number = d.int(f["no"], "\(p).no", what: "step number", maximum: Step.maximumNumber)
        let id = d.id(f["id"], "\(p).id", what: "step id")
        let kind = d.word(f["kind"], "\(p).kind", what: "step kind", as: Step.Kind.self)
        let actor = d.id(f["actor"], "\(p).actor", what: "actor")
        let participants = d.list(f["participants"], "\(p).participants", what: "participants") { d, n, q in
            d.id(n, q, what: "participant")
        } ?? []
        let activity = d.string(f["activity"], "\(p).activity", what: "activity")
        let inputs = d.list(f["inputs"], "\(p).inputs", what: "inputs") { d, n, q in decodeRef(&d, n, q) } ?? []
        let outputs = d.list(f["outputs"], "\(p).outputs", what: "outputs") { d, n, q in decodeRef(&d, n, q) } ?? []
        var time: StandardTime?
        if let n = f["time"], let t = d.fields(n, "\(p).time", what: "time", required: ["value", "unit"], optional: []) {
            let unit = d.word(t["unit"], "\(p).time.unit", what: "time unit", as: StandardTime.Unit.self)
            // Checked against its unit's maximum (minutes have the largest) where it is written.
            let value = d.int(t["value"], "\(p).time.value", what: "time value",
                              maximum: StandardTime.maximumValue(for: unit ?? .minutes), tooLarge: .timeTooLong,
                              unit: " \((unit ?? .minutes).rawValue) (100 years)")
            if let value, value <= 0 {
                d.report(.nonPositiveTime, "standard time must be positive, not \(value)", at: t["value"]!.location,
                         hint: "a standard time is a positive whole number")
            }
            if let value, let unit { time = StandardTime(value, unit) }
        }
        let note = d.string(f["note"], "\(p).note", what: "note")
        let purpose = d.word(f["purpose"], "\(p).purpose", what: "step purpose", as: Step.Purpose.self)
        let next = d.id(f["next"], "\(p).next", what: "next step")
        let outcomes = d.list(f["outcomes"], "\(p).outcomes", what: "outcomes") { d, n, q -> Step.Outcome? in
            guard let o = d.fields(n, q, what: "an outcome", required: ["id", "label", "next"], optional: ["revision", "maxRounds"])
            else { return nil }
            let id = d.id(o["id"], "\(q).id", what: "outcome id")
            let label = d.string(o["label"], "\(q).label", what: "outcome label")
            let next = d.id(o["next"], "\(q).next", what: "outcome target")
            let revision = d.bool(o["revision"], "\(q).revision", what: "revision") ?? false
            let maxRounds = d.int(o["maxRounds"], "\(q).maxRounds", what: "maxRounds", maximum: Step.Outcome.maximumRounds)
            if let maxRounds, maxRounds <= 0 {
                d.report(.invalidValue, "maxRounds must be at least 1, not \(maxRounds)", at: o["maxRounds"]!.location,
                         hint: "the number of times this outcome may send a case back")
            }
            guard let id, let label, let next else { return nil }
            return Step.Outcome(id: id, label: label, next: next, revision: revision, maxRounds: maxRounds)
        } ?? []
        let provenance = f["provenance"].map { decodeProvenance(&d, $0, "\(p).provenance") } ?? [:]
        guard let number, let id, let kind, let actor, let activity else { return nil }
        return Step(number: number, id: id, kind: kind, actor: actor, participants: participants,
                    activity: activity, inputs: inputs, outputs: outputs, time: time, note: note,
                    purpose: purpose, next: next, outcomes: outcomes, provenance: provenance)
    }

    /// `doc-id` or `{document: doc-id, when: "apabila survey lapangan"}`.
    static func decodeRef(_ d: inout NodeDecoder, _ node: YAMLValue, _ p: String) -> DocumentRef? {
        if case .mapping = node {
            guard let f = d.fields(node, p, what: "a document use", required: ["document", "when"], optional: []) else { return nil }
            let doc = d.id(f["document"], "\(p).document", what: "document")
            let when = d.string(f["when"], "\(p).when", what: "condition")
            guard let doc else { return nil }
            return DocumentRef(doc, condition: when)
        }
        return d.id(node, p, what: "document").map { DocumentRef($0) }
    }
}

func decodeProvenance(_ d: inout NodeDecoder, _ node: YAMLValue, _ path: String) -> [String: Provenance] {
    guard case .mapping(let entries, _) = node else {
        d.report(.wrongType, "provenance must be a mapping of field name to mark, not \(node.typeDescription)",
                 at: node.location)
        return [:]
    }
    var result: [String: Provenance] = [:]
    for entry in entries {
        let p = "\(path).\(entry.key)"
        guard let f = d.fields(entry.value, p, what: "a provenance mark", required: ["status", "reason"], optional: [])
        else { continue }
        let status = d.word(f["status"], "\(p).status", what: "provenance status", as: Provenance.Status.self)
        let reason = d.string(f["reason"], "\(p).reason", what: "provenance reason")
        if let status, let reason { result[entry.key] = Provenance(status, reason: reason) }
    }
    return result
}
