import SOPCore
import SOPRender

/// The text of `sop show`: the SOP-AP identity block, the lanes, then the flowchart
/// table with inputs → outputs, standard time and transitions.
struct SOPSummary {
    let sop: SOPDefinition

    init(_ sop: SOPDefinition) { self.sop = sop }

    var text: String {
        var out: [String] = []
        let id = sop.identity
        out.append("SOP \(id.name.uppercased())")
        out.append(String(repeating: "=", count: 4 + id.name.count))
        var fields: [(String, String)] = []
        if let g = id.agency.government { fields.append(("Pemerintah", g)) }
        // The region as the document names it ("Kabupaten Lamandau", "Kota Bogor", "Provinsi Jawa Timur").
        fields.append(("Daerah", id.agency.regency))
        fields.append(("Instansi", id.agency.office))
        if let u = id.agency.unit { fields.append(("Unit", u)) }
        fields.append(("Nomor SOP", id.number.isEmpty ? "— (belum bernomor)" : id.number))
        if let r = id.revision { fields.append(("Nomor revisi", r)) }
        if let st = id.status { fields.append(("Status dokumen", st)) }
        if let logo = id.logo { fields.append(("Logo", logo)) }
        fields.append(("Tgl. pembuatan", date(id.dates.made, "identity.dates.made")))
        fields.append(("Tgl. revisi", date(id.dates.revised, "identity.dates.revised")))
        fields.append(("Tgl. efektif", date(id.dates.effective, "identity.dates.effective")))
        fields.append(("Tgl. pengesahan", date(id.dates.approved, "identity.dates.approved")))
        var approver = id.approver.title
        if let n = id.approver.name { approver += " — \(n)" }
        if let r = id.approver.rank { approver += ", \(r)" }
        if let nip = id.approver.nip { approver += " (NIP \(nip))" }
        fields.append(("Disahkan oleh", approver))
        for so in id.signOffs {
            var text = so.title
            if let n = so.name { text += " — \(n)" }
            if let nip = so.nip { text += " (NIP \(nip))" }
            if let d = so.date { text += ", \(d)" }
            fields.append((so.label, text))
        }
        if let c = id.columns {
            let own = [("No", c.no), ("Kegiatan", c.activity), ("Pelaksana", c.lanes), ("Mutu baku", c.standard),
                       ("Kelengkapan", c.requirements), ("Waktu", c.time), ("Output", c.output), ("Keterangan", c.note)]
                .compactMap { k, v in v.map { "\(k) → \($0)" } }
            fields.append(("Judul kolom", own.joined(separator: "; ")))
        }
        fields.append(("Kalender", sop.calendar ?? "—"))
        let width = fields.map(\.0.count).max() ?? 0
        for (k, v) in fields { out.append(k.padding(width) + "  " + v) }

        func section(_ title: String, _ items: [String]) {
            out.append("")
            out.append(title)
            if items.isEmpty { out.append("  —") }
            for (i, item) in items.enumerated() { out.append("  \(i + 1). \(item)") }
        }
        section("Dasar hukum", sop.legalBasis)
        section("Kualifikasi pelaksana", sop.qualifications)
        section("Keterkaitan", sop.relatedSOPs)
        section("Peralatan/perlengkapan", sop.equipment)
        section("Peringatan", sop.warnings)
        section("Pencatatan dan pendataan", sop.records.map { r in r.form.map { "\(r.name) (\($0))" } ?? r.name })

        out.append("")
        out.append("Pelaksana")
        let roleWidth = sop.roles.map(\.id.count).max() ?? 0
        for role in sop.roles { out.append("  \(role.id.padding(roleWidth))  \(role.title)") }

        out.append("")
        var table = TextTable([("No", 3), ("Pelaksana", 16), ("Kegiatan", 40), ("Kelengkapan → Output", 30),
                               ("Waktu", 14), ("Lanjut", 22)])
        for step in sop.steps {
            var actor = step.actors.map { sop.role($0)?.title ?? $0 }.joined(separator: "\natau ")
            if let p = step.provenance["actor"] { actor += " " + mark(p) }
            if !step.participants.isEmpty {
                actor += "\nbersama " + step.participants.map { sop.role($0)?.title ?? $0 }.joined(separator: ", ")
            }
            var activity = step.activity
            if step.kind != .task { activity = "[\(Self.kindName(step.kind))] " + activity }
            if let note = step.note { activity += "\nKet.: \(note)" }
            for timer in step.timers {
                activity += "\n" + DocumentLanguage.id.timer(timer, step: step, role: { sop.role($0)?.title ?? $0 })
            }
            let needs = step.inputs.map(docName) + step.requirements.map(DocumentLanguage.id.requirement)
            var inputs = needs.isEmpty ? "—" : needs.joined(separator: "; ")
            if let p = step.provenance["inputs"] { inputs += " " + mark(p) }
            var outputs = step.outputs.isEmpty ? "—" : step.outputs.map(docName).joined(separator: "; ")
            if let p = step.provenance["outputs"] { outputs += " " + mark(p) }
            let docs = inputs + "\n→ " + outputs
            var time = step.time.map(Self.indonesian) ?? "—"
            if let p = step.provenance["time"] { time += " " + mark(p) }
            table.add(["\(step.number)", actor, activity, docs, time, transitions(step)])
        }
        out.append(table.render())

        let path = sop.mainPath
        out.append("")
        out.append((sop.steps.contains(where: \.isFork) ? "Jalur kritis: " : "Jalur utama: ") + path.map { "\($0.number)" }.joined(separator: " → "))
        let total = sop.mainPathTotal
        out.append("Total waktu baku: \(TimeText.total(total, .id))")
        let marks = provenanceLegend()
        if !marks.isEmpty {
            out.append("")
            out.append("Tidak tertulis di dokumen sumber:")
            out += marks
        }
        return out.joined(separator: "\n")
    }

    static func indonesian(_ t: StandardTime) -> String { t.printed }

    func docName(_ ref: DocumentRef) -> String {
        let name = sop.document(ref.document)?.name ?? ref.document
        return ref.condition.map { "\(name) (\($0))" } ?? name
    }

    func transitions(_ step: Step) -> String {
        func target(_ id: String) -> String {
            sop.step(id).map { "\($0.number) \($0.id)" } ?? id
        }
        if let next = step.next { return "→ " + target(next) }
        if step.isFork { return "⇉ " + step.parallel.map(target).joined(separator: " + ") }
        if step.outcomes.isEmpty { return step.kind == .end ? "(selesai)" : "—" }
        return step.outcomes.map { o in
            if let end = o.end { return "\(o.label) ■ (selesai: \(end))" }
            return "\(o.label) \(o.revision ? "↺" : "→") \(target(o.next ?? ""))"
        }.joined(separator: "\n")
    }

    func date(_ d: CivilDate?, _ path: String) -> String {
        var s = d?.description ?? "—"
        if let p = sop.provenance[path] { s += " " + mark(p) }
        return s
    }

    func mark(_ p: Provenance) -> String {
        switch p.status {
        case .inferred: "(disimpulkan)"
        case .assumed: "(diasumsikan)"
        case .illegible: "(tidak terbaca)"
        }
    }

    /// The kind of a step as the document's language names it.
    static func kindName(_ kind: Step.Kind) -> String {
        switch kind {
        case .start: "mulai"
        case .task: "tugas"
        case .decision: "keputusan"
        case .meeting: "rapat"
        case .end: "selesai"
        }
    }

    func provenanceLegend() -> [String] {
        var lines: [String] = []
        for key in sop.provenance.keys.sorted() {
            let p = sop.provenance[key]!
            lines.append("  \(key): \(mark(p).dropFirst().dropLast()) — \(p.reason)")
        }
        for step in sop.steps {
            for key in step.provenance.keys.sorted() {
                let p = step.provenance[key]!
                lines.append("  langkah \(step.number) \(key): \(mark(p).dropFirst().dropLast()) — \(p.reason)")
            }
        }
        return lines
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
