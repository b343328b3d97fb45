import ArgumentParser
import Foundation
import SOPCore
import SOPLoader

/// `sop new --from FILE --agency NAME`: a variant file to start from, explained field by field.
struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Scaffold a variant of an SOP for another agency: the schema line, `extends`, and comments explaining each field.",
        discussion: """
        The file validates as written (it inherits everything). What a new agency must replace \
        (its office, Nomor SOP, dates, signer and calendar) can be given as options; every value \
        still copied from the base is marked `assumed` in the file's provenance, so `sop render` \
        marks it on the printed document and refuses --without-marks until it is replaced.
        """
    )

    @Option(help: "The SOP to start from.") var from: String
    @Option(help: "The agency's regency or city, as printed (e.g. \"Kabupaten Batu Bara\").") var agency: String
    @Option(help: "The new SOP's id (default: from the agency and the SOP name).") var id: String?
    @Option(help: "The agency's office, as printed (default: the base's, marked assumed).") var office: String?
    @Option(help: "Nomor SOP, as printed (default: the base's, marked assumed).") var number: String?
    @Option(help: "Tanggal pembuatan, YYYY-MM-DD.") var made: String?
    @Option(help: "Tanggal efektif, YYYY-MM-DD.") var effective: String?
    @Option(help: "Disahkan oleh: the signer's position (default: the base's, marked assumed).") var approverTitle: String?
    @Option(help: "The signer's name.") var approverName: String?
    @Option(help: "The signer's NIP (18 digits).") var approverNip: String?
    @Option(help: "This agency's working calendar, relative to the new file (default: the base's, marked assumed).") var calendar: String?
    @Option(help: "This agency's logo (PNG, JPEG or SVG), relative to the new file (default: none; the base's emblem is never carried over).") var logo: String?
    @Option(name: .shortAndLong, help: "Write the file here (paths in it are made relative to it); default: standard output.")
    var output: String?

    func validate() throws {
        guard !agency.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--agency must not be empty") }
        if let id, !Self.isID(id) { throw ValidationError("--id '\(id)' must be lowercase letters, digits and hyphens, e.g. batu-bara-pengaduan") }
        for (flag, value) in [("--made", made), ("--effective", effective)] {
            if let value, CivilDate(iso: value) == nil { throw ValidationError("\(flag) '\(value)' is not a date as YYYY-MM-DD (e.g. 2026-02-02)") }
        }
        if let approverNip, !SOPLoader.isNIP(approverNip) {
            throw ValidationError("--approver-nip '\(approverNip)' is not an 18-digit civil servant number, e.g. \"19810722 200604 1 002\"")
        }
        if let logo {
            let directory = URL(fileURLWithPath: output.map { ($0 as NSString).deletingLastPathComponent } ?? ".").standardizedFileURL.path
            if let problem = SOPLoader.logoProblem(logo, directory: directory) {
                throw ValidationError("--logo '\(logo)' cannot be printed: \(problem) (the path is relative to the new file)")
            }
        }
        if let output, FileManager.default.fileExists(atPath: output) {
            throw ValidationError("\(output) exists; choose another name or remove it first (nothing was written)")
        }
    }

    func run() throws {
        let base = try loadValid(from)
        let newID = id ?? Self.slug(Self.place(agency) + " " + base.identity.name)
        let directory = URL(fileURLWithPath: output.map { ($0 as NSString).deletingLastPathComponent } ?? ".").standardizedFileURL.path
        let extends = URL(fileURLWithPath: from).standardizedFileURL.path.relativePath(from: directory)
        let schema = URL(fileURLWithPath: "schemas/sop.schema.json").standardizedFileURL.path.relativePath(from: directory)
        let text = template(schema: schema, extends: extends, id: newID, base: base)
        let sink = try OutputSink(path: output)
        try sink.write(text)
        try sink.close()
        if let output { Console.current.err("wrote \(output): validate it with `sop validate \(output)`, see it whole with `sop resolve \(output)`") }
    }

    /// The identity values this file sets itself, and the base's that it still carries: those are marked assumed.
    func identityLines(base: SOPDefinition) -> (set: [String], provenance: [String]) {
        let b = base.identity
        let why = "copied from the base SOP (\(b.agency.regency), \(b.number)) by sop new; replace it with this agency's own"
        var set: [String] = [], copied: [String] = []
        set.append("  agency:")
        set.append("    government: \(YAMLEmitter.scalar("Pemerintah " + agency, .string))")
        set.append("    regency: \(YAMLEmitter.scalar(agency, .string))")
        if let office { set.append("    office: \(YAMLEmitter.scalar(office, .string))") } else { copied.append("identity.agency.office") }
        if let number { set.append("  number: \(YAMLEmitter.scalar(number, .string))") } else { copied.append("identity.number") }
        var dates: [String] = []
        if let made { dates.append("made: \(made)") } else if b.dates.made != nil { copied.append("identity.dates.made") }
        if let effective { dates.append("effective: \(effective)") } else if b.dates.effective != nil { copied.append("identity.dates.effective") }
        // Dates of the base's own revision and signing do not belong to the new document.
        if b.dates.revised != nil { dates.append("revised: null") }
        if b.dates.approved != nil { dates.append("approved: null") }
        if !dates.isEmpty { set.append("  dates: {\(dates.joined(separator: ", "))}") }
        var approver: [String] = []
        if let approverTitle { approver.append("title: \(YAMLEmitter.scalar(approverTitle, .string))") } else { copied.append("identity.approver.title") }
        if let approverName { approver.append("name: \(YAMLEmitter.scalar(approverName, .string))") }
        else if b.approver.name != nil { approver.append("name: null") }
        if let approverNip { approver.append("nip: \(YAMLEmitter.scalar(approverNip, .string))") }
        else if b.approver.nip != nil { approver.append("nip: null") }
        if b.approver.rank != nil { approver.append("rank: null") }
        if !approver.isEmpty { set.append("  approver: {\(approver.joined(separator: ", "))}") }
        // Another government's emblem is never printed on this one's document.
        if let logo { set.append("  logo: \(YAMLEmitter.scalar(logo, .string))") } else if b.logo != nil { set.append("  logo: null  # this agency's emblem: logo: logo-….png") }
        if calendar == nil, base.calendar != nil { copied.append("calendar") }
        // The base's own marks that still apply (a variant's provenance replaces the base's).
        var provenance: [String] = []
        let dropped = Set(["identity.dates.revised", "identity.dates.approved", "identity.approver.name", "identity.approver.nip", "identity.approver.rank"])
        for (key, p) in base.provenance.sorted(by: { $0.key < $1.key }) where !copied.contains(key) && !dropped.contains(key) {
            if (key == "identity.number" && number != nil) || (key == "calendar" && calendar != nil) { continue }
            provenance.append("  \(key):\n    status: \(p.status.rawValue)\n    reason: \(YAMLEmitter.scalar(p.reason, .string))")
        }
        for key in copied { provenance.append("  \(key):\n    status: assumed\n    reason: \(YAMLEmitter.scalar(why, .string))") }
        return (set, provenance)
    }

    func template(schema: String, extends: String, id: String, base: SOPDefinition) -> String {
        let lines = identityLines(base: base)
        let calendarLine = calendar.map { "calendar: \(YAMLEmitter.scalar($0, .string))  # this agency's working calendar" }
            ?? "# calendar: calendars/….yaml    # this agency's working calendar (time zone, regional holidays)"
        let provenance = lines.provenance.isEmpty ? "" : """

            # Values still copied from the base are marked assumed: `sop render` marks them on the
            # document and refuses --without-marks until each is replaced and its line here removed.
            provenance:
            \(lines.provenance.joined(separator: "\n"))

            """
        let firstSteps = base.steps.prefix(3).map(\.id)
        let example = firstSteps.count > 1 ? firstSteps[1] : (firstSteps.first ?? "step-id")
        let actor = base.roles.first?.id ?? "role-id"
        return """
        # yaml-language-server: $schema=\(schema)
        #
        # SOP \(base.identity.name) — \(agency).
        # A variant of \(extends) (\(base.identity.agency.regency), \(base.identity.number)): everything
        # not written here is inherited from it. `sop resolve` prints the complete SOP, `sop diff` what
        # differs from the base, `sop render` the SOP-AP document.
        format: sop/v1
        extends: \(extends)  # the base SOP, relative to this file
        id: \(id)  # lowercase letters, digits and hyphens; used in case records

        # The identity page (merged key by key over the base's; `null` removes a value).
        # Nomor SOP exactly as printed; dates YYYY-MM-DD; Disahkan oleh with the NIP in quotes.
        identity:
        \(lines.set.joined(separator: "\n"))

        \(calendarLine)
        \(provenance)
        # Lists of the front page replace the base's when given:
        # legalBasis: […]   qualifications: […]   equipment: […]   warnings: […]   records: […]

        # Lanes (Pelaksana) and documents merge by id: a known id is updated, a new id added.
        # roles:
        #   - {id: \(actor), title: …}
        # documents:
        #   - {id: notulen-rapat, name: Notulen rapat}

        # Changes to the base's steps, applied in order; rows are renumbered afterwards.
        # changes:
        #   - insert-after: \(example)        # a new step after this one; it leads where this one led
        #     step: {id: …, kind: task, actor: …, activity: …, time: {value: 1, unit: working-days}}
        #   - insert-before: …               # earlier steps that led here now lead to the new step
        #     step: {…}
        #   - replace: …                     # a whole new step in its place
        #     step: {…}
        #   - remove: …                      # steps that led to it lead to its next step
        #   - set: \(example)                 # retime, reassign or rewrite some fields
        #     time: {value: 3, unit: working-days}
        #   - retarget: …                    # move a transition: `next`, or one outcome of a decision
        #     outcome: …
        #     next: …

        """
    }

    /// "Kabupaten Batu Bara" → "Batu Bara"; a city or province keeps its word, so that "Kota
    /// Bogor" and "Kabupaten Bogor" get different ids ("kota-bogor-…", "bogor-…").
    static func place(_ agency: String) -> String {
        var a = agency
        for prefix in ["Kabupaten ", "Kab. "] where a.hasPrefix(prefix) { a.removeFirst(prefix.count) }
        return a
    }

    static func slug(_ text: String) -> String {
        var out = ""
        for c in text.lowercased().unicodeScalars {
            if ("a"..."z").contains(c) || ("0"..."9").contains(c) { out.unicodeScalars.append(c) } else if !out.hasSuffix("-") { out += "-" }
        }
        return out.trimmingCharacters(in: CharacterSet(charactersIn: "-"))
    }

    static func isID(_ id: String) -> Bool {
        !id.isEmpty && id == slug(id)
    }
}
