import SOPCore

/// The values of an SOP that the source document does not state (inferred, assumed or
/// illegible, see ``Provenance``), numbered in document order so that the rendered document
/// marks each beside its value ("*3") and explains it in a numbered note on the same page.
struct ProvenanceMarks {
    struct Mark {
        var number: Int
        /// The step's index in `sop.steps`; nil for a value of the identity page.
        var step: Int?
        var field: String
        var provenance: Provenance
    }

    /// Where a step field's mark stands: the order in which a step's marks are numbered.
    static let stepFields = ["activity", "actor", "participants", "inputs", "requirements", "time", "outputs", "timers", "note"]

    let marks: [Mark]

    init(_ sop: SOPDefinition, enabled: Bool = true) {
        guard enabled else { marks = []; return }
        var out: [Mark] = []
        for key in sop.provenance.keys.sorted() { out.append(Mark(number: out.count + 1, step: nil, field: key, provenance: sop.provenance[key]!)) }
        for (i, step) in sop.steps.enumerated() {
            let known = Self.stepFields.filter { step.provenance[$0] != nil }
            let others = step.provenance.keys.filter { !Self.stepFields.contains($0) }.sorted()
            for key in known + others { out.append(Mark(number: out.count + 1, step: i, field: key, provenance: step.provenance[key]!)) }
        }
        marks = out
    }

    /// Whether any value is assumed or illegible: such a document cannot be printed unmarked.
    static func needsMarks(_ sop: SOPDefinition) -> [String] {
        var found: [String] = []
        for (key, p) in sop.provenance.sorted(by: { $0.key < $1.key }) where p.status != .inferred { found.append("\(key) (\(p.status.rawValue))") }
        for step in sop.steps {
            for (key, p) in step.provenance.sorted(by: { $0.key < $1.key }) where p.status != .inferred {
                found.append("\(step.id).\(key) (\(p.status.rawValue))")
            }
        }
        return found
    }

    func forStep(_ i: Int) -> [Mark] { marks.filter { $0.step == i } }
    var identity: [Mark] { marks.filter { $0.step == nil } }

    /// " *3 *4": the marks of the given fields of step `i`, to follow the cell's text.
    func suffix(step i: Int, fields: [String]) -> String {
        let ms = marks.filter { $0.step == i && fields.contains($0.field) }
        return ms.isEmpty ? "" : " " + ms.map { "*\($0.number)" }.joined(separator: " ")
    }

    /// The note under the page: "*3 Langkah 1, Waktu — diasumsikan: the Waktu column is empty …".
    static func note(_ m: Mark, _ sop: SOPDefinition, lang: DocumentLanguage) -> String {
        let status: String
        switch (m.provenance.status, lang) {
        case (.inferred, .id): status = "disimpulkan"
        case (.assumed, .id): status = "diasumsikan"
        case (.illegible, .id): status = "tidak terbaca"
        case (let s, .en): status = s.rawValue
        }
        let field = fieldName(m.field, lang: lang)
        let place = m.step.map { "\(lang == .id ? "Langkah" : "Step") \(sop.steps[$0].number), \(field)" } ?? field
        return "*\(m.number) \(place) — \(status): \(m.provenance.reason)"
    }

    static func fieldName(_ field: String, lang: DocumentLanguage) -> String {
        let names: [String: (String, String)] = [
            "activity": ("Kegiatan", "Activity"), "actor": ("Pelaksana", "Performed by"), "participants": ("Peserta", "Participants"),
            "inputs": ("Kelengkapan", "Requirements"), "requirements": ("Kelengkapan", "Requirements"), "time": ("Waktu", "Time"),
            "outputs": ("Output", "Output"), "timers": ("Tindakan bila waktu habis", "When time runs out"), "note": ("Keterangan", "Notes"),
            "identity.number": ("Nomor SOP", "SOP number"), "identity.dates.made": ("Tanggal pembuatan", "Date made"),
            "identity.dates.revised": ("Tanggal revisi", "Date revised"), "identity.dates.effective": ("Tanggal efektif", "Effective date"),
            "identity.dates.approved": ("Tanggal pengesahan", "Date approved"), "identity.approver": ("Disahkan oleh", "Approved by"),
            "identity.approver.title": ("Disahkan oleh", "Approved by"), "identity.approver.name": ("Nama pengesah", "Approver's name"),
            "identity.approver.nip": ("NIP pengesah", "Approver's NIP"), "identity.agency.office": ("Instansi", "Office"),
            "calendar": ("Kalender kerja", "Working calendar"), "identity.revision": ("Nomor revisi", "Revision"),
        ]
        guard let pair = names[field] else { return field }
        return lang == .id ? pair.0 : pair.1
    }
}
