import SOPCore

/// Builds an ``SOPDefinition`` from a YAML tree.
///
/// With structural errors, the definition holds what could be read: an entry of `roles`,
/// `documents` or `steps` with an error (other than an unknown field) is left out, and
/// ``unread`` says what was, so that the semantic checks report every other problem in the
/// same run without guessing about the parts left out. ``isPartial`` tells such a definition
/// from a sound one; only a sound one is ever handed on.
struct SOPDecoder {
    var d: NodeDecoder
    /// What the structural errors left out of the definition.
    var unread = UnreadParts()

    init(file: String) { d = NodeDecoder() }

    /// Whether the definition decoded is only what could be read around structural errors.
    var isPartial: Bool { d.diagnostics.hasErrors }

    /// The entries of a top-level list; one with a structural error (other than an unknown
    /// field, which leaves the rest readable) is left out and recorded in ``unread``.
    mutating func entries<T>(_ node: YAMLValue?, _ list: UnreadParts.List, what: String,
                             item: (inout NodeDecoder, YAMLValue, String) -> T?) -> [T]? {
        var position = 0, kept: [Int] = [], lost: [String?] = []
        let values = d.list(node, list.rawValue, what: what) { d, n, p -> T? in
            defer { position += 1 }
            let before = d.diagnostics.count
            let value = item(&d, n, p)
            let broken = d.diagnostics[before...].contains { $0.isError && $0.code != Rule.unknownKey.code }
            guard let value, !broken else {
                lost.append(Self.writtenID(n))
                return nil
            }
            kept.append(position)
            return value
        }
        for id in lost { unread.leftOut(list, id: id, kept: kept) }
        return values
    }

    /// The id an entry is written with, if it has a readable one.
    static func writtenID(_ node: YAMLValue) -> String? {
        guard case .mapping(let entries, _) = node, case .scalar(let text, .string, _)? = entries.first(where: { $0.key == "id" })?.value,
              NodeDecoder.isID(text) else { return nil }
        return text
    }

    mutating func decode(_ root: YAMLValue) -> SOPDefinition? {
        guard let f = d.fields(root, "", what: "the SOP file",
                               required: ["format", "id", "identity", "roles", "documents", "steps"],
                               optional: ["calendar", "legalBasis", "qualifications", "relatedSOPs", "equipment",
                                          "warnings", "records", "provenance", "timeDefaults"])
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
        let roles = entries(f["roles"], .roles, what: "roles") { d, n, p -> Role? in
            guard let r = d.fields(n, p, what: "a role", required: ["id", "title"], optional: ["description", "applicant", "represented-by"]) else { return nil }
            let id = d.id(r["id"], "\(p).id", what: "role id")
            let title = d.string(r["title"], "\(p).title", what: "role title")
            let desc = d.string(r["description"], "\(p).description", what: "role description")
            let applicant = d.bool(r["applicant"], "\(p).applicant", what: "applicant") ?? false
            let representedBy = d.strings(r["represented-by"], "\(p).represented-by", what: "represented-by")
            guard let id, let title else { return nil }
            return Role(id: id, title: title, description: desc, applicant: applicant, representedBy: representedBy)
        }
        let documents = entries(f["documents"], .documents, what: "documents") { d, n, p -> DocumentSpec? in
            guard let r = d.fields(n, p, what: "a document", required: ["id", "name"], optional: ["form", "origin"]) else { return nil }
            let id = d.id(r["id"], "\(p).id", what: "document id")
            let name = d.string(r["name"], "\(p).name", what: "document name")
            let form = d.string(r["form"], "\(p).form", what: "form code")
            let origin = r["origin"] == nil ? .step
                : d.word(r["origin"], "\(p).origin", what: "document origin", as: DocumentSpec.Origin.self)
            guard let id, let name, let origin else { return nil }
            return DocumentSpec(id: id, name: name, form: form, origin: origin)
        }
        var timeDefaults: SOPDefinition.TimeDefaults?
        if let n = f["timeDefaults"], let t = d.fields(n, "timeDefaults", what: "timeDefaults", required: [],
                                                      optional: ["days", "dayMinutes"]) {
            let days = d.word(t["days"], "timeDefaults.days", what: "days", as: SOPDefinition.TimeDefaults.Days.self)
            let minutes = d.int(t["dayMinutes"], "timeDefaults.dayMinutes", what: "dayMinutes", maximum: 1440)
            if let minutes, minutes <= 0 {
                d.report(.invalidValue, "dayMinutes must be at least 1, not \(minutes)", at: t["dayMinutes"]!.location,
                         hint: "office minutes in one working day, e.g. 450 (37.5 hours a week over five days)")
            }
            timeDefaults = .init(days: days, dayMinutes: minutes)
        }
        let defaults = timeDefaults
        let steps = entries(f["steps"], .steps, what: "steps") { d, n, p in SOPDecoder.decodeStep(&d, n, p, defaults: defaults) }
        let provenance = f["provenance"].map { decodeProvenance(&d, $0, "provenance") } ?? [:]

        guard let steps else { return nil }
        // Around structural errors, what is missing is recorded, not invented: lanes or documents
        // that could not be read at all make every reference into them uncheckable.
        if roles == nil { unread.anonymous.insert(.roles) }
        if documents == nil { unread.anonymous.insert(.documents) }
        if identity == nil { unread.identity = true }
        let placeholder = Identity(agency: .init(regency: "", office: ""), number: "", name: "", dates: .init(), approver: .init(title: ""))
        return SOPDefinition(id: id ?? "", identity: identity ?? placeholder, calendar: calendar, legalBasis: legal,
                             qualifications: quals, relatedSOPs: related, equipment: equipment,
                             warnings: warnings, records: records, roles: roles ?? [], documents: documents ?? [],
                             steps: steps, provenance: provenance, timeDefaults: timeDefaults)
    }

    mutating func decodeIdentity(_ node: YAMLValue) -> Identity? {
        let p = "identity"
        guard let f = d.fields(node, p, what: "identity", required: ["agency", "name", "dates", "approver"],
                               optional: ["number", "revision", "status", "signOffs", "columns", "logo"]) else { return nil }
        var agency: Identity.Agency?
        if let n = f["agency"], let a = d.fields(n, "\(p).agency", what: "agency",
                                                 required: ["regency", "office"], optional: ["government", "unit"]) {
            let regency = d.string(a["regency"], "\(p).agency.regency", what: "regency")
            let office = d.string(a["office"], "\(p).agency.office", what: "office")
            let government = d.string(a["government"], "\(p).agency.government", what: "government")
            let unit = d.string(a["unit"], "\(p).agency.unit", what: "unit")
            if let regency, let office { agency = .init(government: government, regency: regency, office: office, unit: unit) }
        }
        // A document not yet numbered leaves it out (or null): kept empty, printed as not numbered, never invented.
        var number: String? = ""
        if let n = f["number"], !n.isNull { number = d.string(n, "\(p).number", what: "SOP number") }
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
            let nip = Self.nip(&d, a["nip"], "\(p).approver.nip")
            let rank = d.string(a["rank"], "\(p).approver.rank", what: "rank")
            if let title { approver = .init(title: title, name: name, nip: nip, rank: rank) }
        }
        let revision = d.string(f["revision"], "\(p).revision", what: "revision number")
        let status = d.string(f["status"], "\(p).status", what: "document status")
        let signOffs = d.list(f["signOffs"], "\(p).signOffs", what: "sign-offs") { d, item, q -> Identity.SignOff? in
            guard let s = d.fields(item, q, what: "sign-off", required: ["label", "title"], optional: ["name", "nip", "date"]) else { return nil }
            let label = d.string(s["label"], "\(q).label", what: "sign-off label")
            let title = d.string(s["title"], "\(q).title", what: "sign-off title")
            let nip = Self.nip(&d, s["nip"], "\(q).nip")
            let name = d.string(s["name"], "\(q).name", what: "name"), date = d.date(s["date"], "\(q).date", what: "sign-off date")
            guard let label, let title else { return nil }
            return .init(label: label, title: title, name: name, nip: nip, date: date)
        } ?? []
        var columns: Identity.ColumnTitles?
        let columnKeys = ["no", "activity", "lanes", "standard", "requirements", "time", "output", "note"]
        if let n = f["columns"], let c = d.fields(n, "\(p).columns", what: "column titles", required: [], optional: columnKeys) {
            func t(_ key: String) -> String? { d.string(c[key], "\(p).columns.\(key)", what: "column title") }
            columns = .init(no: t("no"), activity: t("activity"), lanes: t("lanes"), standard: t("standard"),
                            requirements: t("requirements"), time: t("time"), output: t("output"), note: t("note"))
        }
        let logo = d.string(f["logo"], "\(p).logo", what: "logo file")
        guard let agency, let number, let name, let dates, let approver else { return nil }
        return Identity(agency: agency, number: number, name: name, dates: dates, approver: approver,
                        revision: revision, status: status, signOffs: signOffs, columns: columns, logo: logo)
    }

    /// A civil servant number (the approver's, a sign-off's): text of 18 digits, or a located
    /// error and nil.
    static func nip(_ d: inout NodeDecoder, _ node: YAMLValue?, _ path: String) -> String? {
        guard let text = d.string(node, path, what: "NIP") else { return nil }
        guard isNIP(text) else {
            d.report(.invalidFormat, "NIP '\(text)' is not an 18-digit civil servant number", at: node!.location,
                     hint: "write it as printed, e.g. \"19810722 200604 1 002\" (quoted)")
            return nil
        }
        return text
    }

    /// 18 digits: birth date (8), appointment (6), sex (1), serial (3), optionally spaced.
    static func isNIP(_ text: String) -> Bool {
        let groups = text.split(separator: " ", omittingEmptySubsequences: false)
        let digits = text.filter { $0 != " " }
        guard digits.count == 18, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return false }
        return groups.count == 1 || groups.map(\.count) == [8, 6, 1, 3]
    }

    static func decodeStep(_ d: inout NodeDecoder, _ node: YAMLValue, _ p: String,
                           defaults: SOPDefinition.TimeDefaults? = nil) -> Step? {
        guard let f = d.fields(node, p, what: "a step", required: ["no", "id", "kind", "actor", "activity"],
                               optional: ["participants", "inputs", "outputs", "time", "note", "purpose", "next", "outcomes",
                                          "provenance", "requirements", "timers"])
        else { return nil }
        let number = d.int(f["no"], "\(p).no", what: "step number", maximum: Step.maximumNumber)
        let id = d.id(f["id"], "\(p).id", what: "step id")
        let kind = d.word(f["kind"], "\(p).kind", what: "step kind", as: Step.Kind.self)
        // `actor: role` or `actor: [role, other]` (any one of them may complete the step).
        var actors: [String]?
        if case .sequence(let items, let location) = f["actor"] {
            let ids = d.list(f["actor"], "\(p).actor", what: "actors") { d, n, q in d.id(n, q, what: "actor") } ?? []
            if items.isEmpty {
                d.report(.invalidValue, "a step needs at least one actor", at: location, hint: "name the role of the lane that performs it")
            } else if ids.count == items.count { actors = ids }
        } else {
            actors = d.id(f["actor"], "\(p).actor", what: "actor").map { [$0] }
        }
        let participants = d.list(f["participants"], "\(p).participants", what: "participants") { d, n, q in
            d.id(n, q, what: "participant")
        } ?? []
        let activity = d.string(f["activity"], "\(p).activity", what: "activity")
        let inputs = d.list(f["inputs"], "\(p).inputs", what: "inputs") { d, n, q in decodeRef(&d, n, q) } ?? []
        let outputs = d.list(f["outputs"], "\(p).outputs", what: "outputs") { d, n, q in decodeRef(&d, n, q) } ?? []
        let time = f["time"].flatMap { decodeTime(&d, $0, "\(p).time", defaults: defaults) }
        let note = d.string(f["note"], "\(p).note", what: "note")
        let purpose = d.word(f["purpose"], "\(p).purpose", what: "step purpose", as: Step.Purpose.self)
        // `next: step` or `next: [a, b]` (a fork: the branches run at the same time).
        var next: String?
        var parallel: [String] = []
        if case .sequence(let items, let location) = f["next"] {
            parallel = d.list(f["next"], "\(p).next", what: "branches") { d, n, q in d.id(n, q, what: "branch") } ?? []
            if items.count < 2 {
                d.report(.invalidValue, "a fork needs at least two branches, not \(items.count)", at: location,
                         hint: "write one next step as `next: <step id>`, or list the steps that run at the same time")
            }
        } else {
            next = d.id(f["next"], "\(p).next", what: "next step")
        }
        let outcomes = d.list(f["outcomes"], "\(p).outcomes", what: "outcomes") { d, n, q -> Step.Outcome? in
            guard let o = d.fields(n, q, what: "an outcome", required: ["id", "label"],
                                   optional: ["next", "revision", "maxRounds", "end"])
            else { return nil }
            let id = d.id(o["id"], "\(q).id", what: "outcome id")
            let label = d.string(o["label"], "\(q).label", what: "outcome label")
            let next = d.id(o["next"], "\(q).next", what: "outcome target")
            let end = d.id(o["end"], "\(q).end", what: "resolution")
            if o["next"] == nil && o["end"] == nil {
                d.report(.missingKey, "an outcome (\(q)) is missing required field 'next'", at: n.location,
                         hint: "add `next: <step id>`, or `end: <resolution>` when this outcome closes the case")
            }
            let revision = d.bool(o["revision"], "\(q).revision", what: "revision") ?? false
            let maxRounds = d.int(o["maxRounds"], "\(q).maxRounds", what: "maxRounds", maximum: Step.Outcome.maximumRounds)
            if let maxRounds, maxRounds <= 0 {
                d.report(.invalidValue, "maxRounds must be at least 1, not \(maxRounds)", at: o["maxRounds"]!.location,
                         hint: "the number of times this outcome may send a case back")
            }
            guard let id, let label, next != nil || end != nil else { return nil }
            return Step.Outcome(id: id, label: label, next: next, revision: revision, maxRounds: maxRounds, end: end)
        } ?? []
        let requirements = d.list(f["requirements"], "\(p).requirements", what: "requirements") { d, n, q -> Requirement? in
            guard let r = d.fields(n, q, what: "a requirement", required: ["kind", "name"], optional: ["note"]) else { return nil }
            let kind = d.word(r["kind"], "\(q).kind", what: "requirement kind", as: Requirement.Kind.self)
            let name = d.string(r["name"], "\(q).name", what: "requirement name")
            let note = d.string(r["note"], "\(q).note", what: "requirement note")
            guard let kind, let name else { return nil }
            return Requirement(kind, name, note: note)
        } ?? []
        let timers = d.list(f["timers"], "\(p).timers", what: "timers") { d, n, q -> StepTimer? in
            guard let t = d.fields(n, q, what: "a timer", required: ["action"], optional: ["after", "outcome", "to"]) else { return nil }
            let action = d.word(t["action"], "\(q).action", what: "timer action", as: StepTimer.Action.self)
            let after = t["after"].flatMap { decodeTime(&d, $0, "\(q).after", defaults: defaults) }
            let outcome = d.id(t["outcome"], "\(q).outcome", what: "outcome")
            let to = d.id(t["to"], "\(q).to", what: "role")
            guard let action else { return nil }
            return StepTimer(action, after: after, outcome: outcome, to: to)
        } ?? []
        let provenance = f["provenance"].map { decodeProvenance(&d, $0, "\(p).provenance") } ?? [:]
        guard let number, let id, let kind, let actors, let activity else { return nil }
        return Step(number: number, id: id, kind: kind, actor: actors[0], participants: participants,
                    activity: activity, inputs: inputs, outputs: outputs, time: time, note: note,
                    purpose: purpose, next: next, outcomes: outcomes, provenance: provenance,
                    alternativeActors: Array(actors.dropFirst()), parallel: parallel, requirements: requirements,
                    timers: timers)
    }

    /// A time: the Waktu cell as written ("1-3 hari", "½ hari"), or `{value, min, unit}`;
    /// empty (`time:` or `time: null`) is no time.
    static func decodeTime(_ d: inout NodeDecoder, _ node: YAMLValue, _ p: String,
                           defaults: SOPDefinition.TimeDefaults?) -> StandardTime? {
        let dayMinutes = defaults?.dayMinutes ?? SOPDefinition.TimeDefaults.standardDayMinutes
        if node.isNull { return nil }
        if case .scalar(let text, .string, let location) = node {
            switch StandardTime.parse(text, days: defaults?.days, dayMinutes: dayMinutes) {
            case .success(let reading):
                if reading.ambiguousDays {
                    d.report(.ambiguousDays, "'\(text)' says \"hari\" and the SOP does not say whether it means working or calendar days; counted as working days",
                             at: location, hint: "add `timeDefaults: {days: working}` (or `calendar`) at the top of the file, or write \"hari kerja\"")
                }
                return reading.time
            case .failure(let problem):
                d.report(problem == .tooLarge(text.trimmingSpaces) ? .timeTooLong : .timeText, problem.description, at: location,
                         hint: "e.g. \"30 menit\", \"2 jam\", \"1-3 hari kerja\", \"½ hari\", \"2 minggu\", \"1 bulan\"")
                return nil
            }
        }
        guard let t = d.fields(node, p, what: "time", required: ["value", "unit"], optional: ["min"]) else { return nil }
        let written = d.word(t["unit"], "\(p).unit", what: "time unit", as: StandardTime.WrittenUnit.self)
        let maximumUnit: StandardTime.Unit = switch written {
        case .hours?: .hours
        case .workingDays?, .calendarDays?, .days?: .workingDays
        case .weeks?: .calendarDays
        case .months?: .months
        default: .minutes
        }
        // Checked against its unit's maximum (minutes have the largest) where it is written.
        let value = d.int(t["value"], "\(p).value", what: "time value",
                          maximum: StandardTime.maximumValue(for: maximumUnit) / (written == .weeks ? 7 : 1), tooLarge: .timeTooLong,
                          unit: " \((written ?? .minutes).rawValue) (100 years)")
        let minimum = d.int(t["min"], "\(p).min", what: "minimum time", maximum: StandardTime.maximumValue(for: maximumUnit))
        if let value, value <= 0 {
            d.report(.nonPositiveTime, "standard time must be positive, not \(value)", at: t["value"]!.location,
                     hint: "a standard time is a positive whole number")
        }
        if let minimum, minimum <= 0 {
            d.report(.nonPositiveTime, "the minimum time must be positive, not \(minimum)", at: t["min"]!.location)
        }
        if let minimum, let value, minimum > value {
            d.report(.timeText, "the minimum time \(minimum) is larger than the time \(value)", at: t["min"]!.location,
                     hint: "`value` is the deadline (the range's maximum), `min` its lower end")
        }
        guard let value, let written, value > 0 else { return nil }
        if written == .days, defaults?.days == nil {
            d.report(.ambiguousDays, "unit `days` and the SOP does not say whether it means working or calendar days; counted as working days",
                     at: t["unit"]!.location, hint: "add `timeDefaults: {days: working}` (or `calendar`), or write `working-days`")
        }
        // A minimum already reported above (not positive, or above the value) is left out.
        let range = minimum.map { $0 > 0 && $0 <= value } ?? false
        let numbers = range ? [Double(minimum!), Double(value)] : [Double(value)]
        switch StandardTime.resolve(numbers: numbers, unit: written, days: defaults?.days, dayMinutes: dayMinutes, written: nil) {
        case .success(let reading): return reading.time
        case .failure(let problem):
            d.report(.timeTooLong, problem.description, at: t["value"]!.location)
            return nil
        }
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

extension SOPLoader {
    /// Whether `text` is an 18-digit civil servant number (NIP), spaced as printed or not.
    public static func isNIP(_ text: String) -> Bool { SOPDecoder.isNIP(text) }
}

extension SOPLoader {
    /// Whether `text` is a valid id (a step's, a role's): lowercase letters, digits and '-'.
    public static func isID(_ text: String) -> Bool { NodeDecoder.isID(text) }
}
