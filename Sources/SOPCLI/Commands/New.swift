import ArgumentParser
import Foundation
import SOPCore
import SOPLoader

/// `sop new --from FILE --agency NAME`: a variant file to start from, explained field by field.
struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Scaffold a variant of an SOP for another agency: the schema line, `extends`, and comments explaining each field.",
        discussion: "The file validates as written (it inherits everything); edit the identity and add changes from there."
    )

    @Option(help: "The SOP to start from.") var from: String
    @Option(help: "The agency's regency or city, as printed (e.g. \"Kabupaten Batu Bara\").") var agency: String
    @Option(help: "The new SOP's id (default: from the agency and the SOP name).") var id: String?
    @Option(name: .shortAndLong, help: "Write the file here (paths in it are made relative to it); default: standard output.")
    var output: String?

    func validate() throws {
        guard !agency.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--agency must not be empty") }
        if let id, !Self.isID(id) { throw ValidationError("--id '\(id)' must be lowercase letters, digits and hyphens, e.g. batu-bara-pengaduan") }
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
        let text = Self.template(schema: schema, extends: extends, id: newID, agency: agency, base: base)
        let sink = try OutputSink(path: output)
        try sink.write(text)
        try sink.close()
        if let output { Console.current.err("wrote \(output): validate it with `sop validate \(output)`, see it whole with `sop resolve \(output)`") }
    }

    static func template(schema: String, extends: String, id: String, agency: String, base: SOPDefinition) -> String {
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
        identity:
          agency:
            government: \(YAMLEmitter.scalar("Pemerintah " + agency, .string))
            regency: \(YAMLEmitter.scalar(agency, .string))
            # office: Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu
          # number: SOP/…/2026          # Nomor SOP, exactly as it will be printed
          # dates: {made: 2026-01-05, effective: 2026-02-02}   # Tgl. pembuatan, Tgl. efektif
          # approver: {title: Kepala Dinas, name: …, nip: "19xxxxxx xxxxxx x xxx"}   # Disahkan oleh (NIP in quotes)

        # calendar: calendars/….yaml    # this agency's working calendar (time zone, regional holidays)

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

    /// "Kabupaten Batu Bara" → "Batu Bara".
    static func place(_ agency: String) -> String {
        var a = agency
        for prefix in ["Kabupaten ", "Kab. ", "Kota ", "Provinsi "] where a.hasPrefix(prefix) { a.removeFirst(prefix.count) }
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
