import Foundation
import Mustache
import SOPCore

/// The official SOP-AP document of Permenpan RB 35/2012 rendered from an SOP: the identity
/// page and the flowchart table cut into pages between rows, as one HTML file for A4
/// landscape with the page numbers in its own footer (``SOPDocument+PDF`` prints it). The page is a Mustache template (`Templates/sop-ap.mustache`) so an office can
/// adjust its look without touching code; the flowchart is SVG drawn by ``FlowchartSVG``.
public enum SOPDocument {
    public enum RenderError: Error, CustomStringConvertible {
        case template(String)
        public var description: String {
            switch self { case .template(let why): "the SOP-AP template cannot be used: \(why)" }
        }
    }

    /// The values that keep `sop` from being printed without marks: those assumed or illegible
    /// ("step.field (assumed)"); empty when every value is the document's own or read from it.
    public static func unmarkable(_ sop: SOPDefinition) -> [String] { ProvenanceMarks.needsMarks(sop) }

    /// With `marks` (the default), every value the document does not state carries a mark and a
    /// numbered note with its reason on its page; without, for the copy to sign, none does.
    /// `logo` (``SOPLoader/logo(for:sopPath:)``) is embedded in the page; without it, the cover
    /// page keeps a box where the emblem is to be pasted.
    public static func html(_ sop: SOPDefinition, lang: DocumentLanguage = .id, marks: Bool = true, logo: LogoImage? = nil) throws -> String {
        guard let url = Bundle.module.url(forResource: "sop-ap", withExtension: "mustache", subdirectory: "Templates"),
              let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw RenderError.template("Templates/sop-ap.mustache is missing from the build")
        }
        let template: MustacheTemplate
        do { template = try MustacheTemplate(string: text) } catch { throw RenderError.template("\(error)") }
        var context = context(sop, lang: lang, marks: marks)
        if let logo { context["logoURI"] = "data:\(logo.mediaType);base64,\(Data(logo.bytes).base64EncodedString())" }
        return template.render(context)
    }

    static func context(_ sop: SOPDefinition, lang: DocumentLanguage, marks: Bool = true) -> [String: Any] {
        let i = sop.identity
        func date(_ d: CivilDate?) -> String { d.map { format($0, lang) } ?? "—" }
        var labels: [String: String] = [:]
        let keys: [(String, DocumentLanguage.Key)] = [
            ("logo", .logo), ("number", .number), ("made", .made), ("revised", .revised), ("effective", .effective),
            ("approvedOn", .approvedOn), ("approvedBy", .approvedBy), ("name", .name), ("legalBasis", .legalBasis),
            ("qualifications", .qualifications), ("related", .related), ("equipment", .equipment), ("warnings", .warnings),
            ("records", .records), ("nip", .nip), ("revision", .revision), ("status", .status), ("date", .date),
        ]
        for (name, key) in keys { labels[name] = lang.text(key) }
        let government = i.agency.government ?? "\(lang.text(.government)) \(i.agency.regency)"
        var context: [String: Any] = [
            "lang": lang.rawValue, "labels": labels, "title": i.name, "regency": i.agency.regency,
            "government": government, "office": i.agency.office,
            "number": i.number.isEmpty ? (lang == .id ? "(belum bernomor)" : "(not yet numbered)") : i.number,
            "made": date(i.dates.made), "revised": date(i.dates.revised), "effective": date(i.dates.effective),
            "approverTitle": i.approver.title, "legalBasis": sop.legalBasis, "qualifications": sop.qualifications,
            "related": sop.relatedSOPs, "equipment": sop.equipment, "warnings": sop.warnings,
            "records": sop.records.map { $0.name + ($0.form.map { " (\($0))" } ?? "") },
            "flowchartPages": FlowchartSVG.pages(sop, lang: lang, marks: marks).map {
                ["svg": $0.replacingOccurrences(of: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", with: "")]
            },
            "pageFooter": lang == .id ? ["page": "Halaman ", "of": " dari "] : ["page": "Page ", "of": " of "],
            "identityRows": (i.dates.approved == nil ? 6 : 7) + (i.revision == nil ? 0 : 1) + (i.status == nil ? 0 : 1),
        ]
        if let unit = i.agency.unit { context["unit"] = unit }
        if let revision = i.revision { context["revision"] = revision }
        if let status = i.status { context["status"] = status }
        if !i.signOffs.isEmpty {
            context["hasSignOffs"] = true
            context["signOffs"] = i.signOffs.map { s -> [String: Any] in
                var row: [String: Any] = ["label": s.label, "title": s.title]
                if let name = s.name { row["name"] = name }
                if let nip = s.nip { row["nip"] = nip }
                if let date = s.date { row["date"] = format(date, lang) }
                return row
            }
        }
        if let approved = i.dates.approved { context["approvedOn"] = format(approved, lang) }
        if let name = i.approver.name { context["approverName"] = name }
        if let rank = i.approver.rank { context["approverRank"] = rank }
        if let nip = i.approver.nip { context["approverNIP"] = nip }
        // Values of the identity page the document does not state: a mark after the value, a note under the table.
        let identityMarks = ProvenanceMarks(sop, enabled: marks).identity
        let markedKeys: [String: String] = ["identity.number": "number", "identity.revision": "revision", "identity.status": "status", "identity.dates.made": "made", "identity.dates.revised": "revised",
                                      "identity.dates.effective": "effective", "identity.dates.approved": "approvedOn"]
        for m in identityMarks {
            if let key = markedKeys[m.field], let value = context[key] as? String { context[key] = "\(value) *\(m.number)" }
            else if m.field.hasPrefix("identity.approver") { context["approverTitle"] = "\(context["approverTitle"] ?? i.approver.title) *\(m.number)" }
            else if m.field == "identity.agency.office" { context["office"] = "\(i.agency.office) *\(m.number)" }
        }
        if !identityMarks.isEmpty {
            context["identityNotes"] = identityMarks.map { ProvenanceMarks.note($0, sop, lang: lang) }
            context["identityNotesTitle"] = lang == .id ? "Catatan (nilai yang tidak tertulis dalam dokumen sumber):" : "Notes (values the source document does not state):"
        }
        return context
    }

    /// `9 Maret 2023` (or `9 March 2023`), as dates are printed on the identity page.
    static func format(_ d: CivilDate, _ lang: DocumentLanguage) -> String {
        let months = lang == .id
            ? ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"]
            : ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        return "\(d.day) \(months[d.month - 1]) \(d.year)"
    }
}
