import SOPCore

/// The words of the printed SOP-AP document, in Indonesian (the official form) or English.
public enum DocumentLanguage: String, Sendable, CaseIterable {
    case id, en

    func text(_ key: Key) -> String {
        let pair: (String, String)
        switch key {
        case .number: pair = ("NOMOR SOP", "SOP NUMBER")
        case .made: pair = ("TGL. PEMBUATAN", "DATE MADE")
        case .revised: pair = ("TGL. REVISI", "DATE REVISED")
        case .effective: pair = ("TGL. EFEKTIF", "EFFECTIVE DATE")
        case .approvedOn: pair = ("TGL. PENGESAHAN", "DATE APPROVED")
        case .approvedBy: pair = ("DISAHKAN OLEH", "APPROVED BY")
        case .name: pair = ("NAMA SOP", "SOP TITLE")
        case .legalBasis: pair = ("DASAR HUKUM", "LEGAL BASIS")
        case .qualifications: pair = ("KUALIFIKASI PELAKSANA", "QUALIFICATIONS OF STAFF")
        case .related: pair = ("KETERKAITAN", "RELATED SOPs")
        case .equipment: pair = ("PERALATAN/PERLENGKAPAN", "EQUIPMENT")
        case .warnings: pair = ("PERINGATAN", "WARNINGS")
        case .records: pair = ("PENCATATAN DAN PENDATAAN", "RECORDS")
        case .no: pair = ("NO", "NO")
        case .activity: pair = ("KEGIATAN", "ACTIVITY")
        case .lanes: pair = ("PELAKSANA", "PERFORMED BY")
        case .standard: pair = ("MUTU BAKU", "QUALITY STANDARD")
        case .requirements: pair = ("KELENGKAPAN", "REQUIREMENTS")
        case .time: pair = ("WAKTU", "TIME")
        case .output: pair = ("OUTPUT", "OUTPUT")
        case .note: pair = ("KET", "NOTES")
        case .yes: pair = ("Ya", "Yes")
        case .no_: pair = ("Tidak", "No")
        case .logo: pair = ("LOGO", "LOGO")
        case .nip: pair = ("NIP.", "NIP")
        case .government: pair = ("PEMERINTAH", "GOVERNMENT OF")
        case .title: pair = ("STANDAR OPERASIONAL PROSEDUR", "STANDARD OPERATING PROCEDURE")
        case .flowchart: pair = ("Bagan alir", "Flowchart")
        case .or: pair = ("atau", "or")
        case .together: pair = ("bersama", "with")
        case .parallel: pair = ("bersamaan", "in parallel")
        case .end: pair = ("Selesai", "End")
        case .revision: pair = ("NOMOR REVISI", "REVISION")
        case .status: pair = ("STATUS DOKUMEN", "DOCUMENT STATUS")
        case .date: pair = ("Tanggal", "Date")
        }
        return self == .id ? pair.0 : pair.1
    }

    enum Key {
        case number, made, revised, effective, approvedOn, approvedBy, name, legalBasis, qualifications, related, equipment
        case warnings, records, no, activity, lanes, standard, requirements, time, output, note, yes, no_, logo, nip
        case government, title, flowchart, or, together, parallel, end, revision, status, date
    }

    /// The Waktu cell: in Indonesian as the document writes it (``StandardTime/printed``:
    /// "½ hari", "1-3 Hari Kerja"), in English the value and unit; "—" for no standard time.
    func time(_ t: StandardTime?) -> String {
        guard let t else { return "—" }
        switch self {
        case .id: return t.printed
        case .en: return t.description
        }
    }

    /// A requirement that is not a document, as the Kelengkapan column lists it.
    public func requirement(_ r: Requirement) -> String {
        let kind = self == .id ? r.kind.indonesian : r.kind.rawValue.prefix(1).uppercased() + r.kind.rawValue.dropFirst()
        return "\(kind): \(r.name)" + (r.note.map { " (\($0))" } ?? "")
    }

    /// What a timer does, for the Keterangan column ("Lewat 30 Hari: dianggap dicabut").
    public func timer(_ t: StepTimer, step: Step, role: (String) -> String) -> String {
        let after = t.after ?? step.time
        let when = after.map { self == .id ? "Lewat \($0.printed)" : "After \($0.description)" } ?? (self == .id ? "Lewat waktu" : "Past its time")
        let what: String = switch (t.action, self) {
        case (.complete, .id): t.outcome.map { "dianggap \($0)" } ?? "dianggap selesai"
        case (.complete, .en): t.outcome.map { "taken as \($0)" } ?? "taken as done"
        case (.withdraw, .id): "dianggap dicabut"
        case (.withdraw, .en): "deemed withdrawn"
        case (.remind, .id): "pengingat"
        case (.remind, .en): "a reminder"
        case (.escalate, .id): "dialihkan ke \(role(t.to ?? ""))"
        case (.escalate, .en): "escalated to \(role(t.to ?? ""))"
        }
        return "\(when): \(what)"
    }
}
