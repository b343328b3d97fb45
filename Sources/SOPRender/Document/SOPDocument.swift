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

    public static func html(_ sop: SOPDefinition, lang: DocumentLanguage = .id) throws -> String {
        guard let url = Bundle.module.url(forResource: "sop-ap", withExtension: "mustache", subdirectory: "Templates"),
              let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw RenderError.template("Templates/sop-ap.mustache is missing from the build")
        }
        let template: MustacheTemplate
        do { template = try MustacheTemplate(string: text) } catch { throw RenderError.template("\(error)") }
        return template.render(context(sop, lang: lang))
    }

    static func context(_ sop: SOPDefinition, lang: DocumentLanguage) -> [String: Any] {
        let i = sop.identity
        func date(_ d: CivilDate?) -> String { d.map { format($0, lang) } ?? "—" }
        var labels: [String: String] = [:]
        let keys: [(String, DocumentLanguage.Key)] = [
            ("logo", .logo), ("number", .number), ("made", .made), ("revised", .revised), ("effective", .effective),
            ("approvedOn", .approvedOn), ("approvedBy", .approvedBy), ("name", .name), ("legalBasis", .legalBasis),
            ("qualifications", .qualifications), ("related", .related), ("equipment", .equipment), ("warnings", .warnings),
            ("records", .records), ("nip", .nip),
        ]
        for (name, key) in keys { labels[name] = lang.text(key) }
        let government = i.agency.government ?? "\(lang.text(.government)) \(i.agency.regency)"
        var context: [String: Any] = [
            "lang": lang.rawValue, "labels": labels, "title": i.name, "regency": i.agency.regency,
            "government": government, "office": i.agency.office, "number": i.number,
            "made": date(i.dates.made), "revised": date(i.dates.revised), "effective": date(i.dates.effective),
            "approverTitle": i.approver.title, "legalBasis": sop.legalBasis, "qualifications": sop.qualifications,
            "related": sop.relatedSOPs, "equipment": sop.equipment, "warnings": sop.warnings,
            "records": sop.records.map { $0.name + ($0.form.map { " (\($0))" } ?? "") },
            "flowchartPages": FlowchartSVG.pages(sop, lang: lang).map {
                ["svg": $0.replacingOccurrences(of: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", with: "")]
            },
            "pageFooter": lang == .id ? ["page": "Halaman ", "of": " dari "] : ["page": "Page ", "of": " of "],
            "identityRows": i.dates.approved == nil ? 6 : 7,
        ]
        if let unit = i.agency.unit { context["unit"] = unit }
        if let approved = i.dates.approved { context["approvedOn"] = format(approved, lang) }
        if let name = i.approver.name { context["approverName"] = name }
        if let rank = i.approver.rank { context["approverRank"] = rank }
        if let nip = i.approver.nip { context["approverNIP"] = nip }
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
