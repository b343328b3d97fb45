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
        }
        return self == .id ? pair.0 : pair.1
    }

    enum Key {
        case number, made, revised, effective, approvedOn, approvedBy, name, legalBasis, qualifications, related, equipment
        case warnings, records, no, activity, lanes, standard, requirements, time, output, note, yes, no_, logo, nip
        case government, title, flowchart
    }

    func time(_ t: StandardTime?) -> String {
        guard let t else { return "—" }
        switch self {
        case .id: return "\(t.value) \(t.unit.indonesian)"
        case .en: return t.description
        }
    }
}
