extension Step {
    /// What a step does in the life of a complaint, the axis on which SOPs of different
    /// agencies are aligned (`sop compare`) and legal limits are measured (`sop report`).
    public enum Purpose: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
        /// The complaint is handed in.
        case receive
        /// An officer records it (agenda book, register).
        case record
        /// It is examined (telaah, kajian) and a reply drafted.
        case examine
        /// A meeting discusses it (rapat).
        case meet
        /// A superior checks a draft (periksa).
        case review
        /// The head signs or approves (tanda tangan, setuju).
        case approve
        /// The reply goes out or reaches the complainant.
        case reply
        /// The file is archived.
        case archive

        /// Order in a complaint's life, for aligned tables.
        public var rank: Int { Self.allCases.firstIndex(of: self)! }

        public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }

        /// "a" or "an", for sentences about the purpose.
        public var article: String { [.examine, .approve, .archive].contains(self) ? "an" : "a" }

        /// Indonesian label as an administrator would write it.
        public var indonesian: String {
            switch self {
            case .receive: "Penerimaan"
            case .record: "Pencatatan"
            case .examine: "Penelaahan"
            case .meet: "Rapat"
            case .review: "Pemeriksaan"
            case .approve: "Persetujuan"
            case .reply: "Penyampaian jawaban"
            case .archive: "Pengarsipan"
            }
        }
    }

    /// The declared purpose, or one read from the kind and the activity text when the SOP
    /// does not say (marked by ``purposeIsInferred``).
    public var effectivePurpose: Purpose { purpose ?? inferredPurpose }

    public var purposeIsInferred: Bool { purpose == nil }

    /// Keywords of SOP-AP activity texts, checked in order; the first match wins.
    static let purposeKeywords: [(Purpose, [String])] = [
        (.archive, ["arsip"]),
        (.meet, ["rapat"]),
        (.approve, ["tanda tangan", "tandatangan", "menandatangani", "pengesahan", "mengesahkan"]),
        (.review, ["memeriksa", "pemeriksaan", "periksa", "koreksi", "verifikasi"]),
        (.examine, ["telaah", "nelaah", "kaji", "pengkajian", "menganalisa", "analisis", "klarifikasi"]),
        (.record, ["mencatat", "catat", "registrasi", "agenda"]),
        (.reply, ["menerima jawaban", "menerima balasan", "menerima tanggapan", "mengirim", "menyampaikan jawaban",
                  "menyampaikan tanggapan", "jawaban", "balasan", "tanggapan"]),
        (.receive, ["menyampaikan", "melapor", "laporan", "pengaduan", "permasalahan"]),
    ]

    var inferredPurpose: Purpose {
        switch kind {
        case .meeting: return .meet
        case .start: return .receive
        default: break
        }
        let text = activity.lowercased()
        for (purpose, words) in Self.purposeKeywords where words.contains(where: text.contains) { return purpose }
        return kind == .decision ? .review : .examine
    }
}

extension SOPDefinition {
    /// The purpose of `step` within this SOP: declared, or read from its activity text; a
    /// decision is a review, except that the last of several decisions on the main path is the
    /// approval when none of them says so (the head signs last).
    public func purpose(of step: Step) -> Step.Purpose {
        if let declared = step.purpose { return declared }
        let inferred = step.inferredPurpose
        guard step.kind == .decision else { return inferred }
        if inferred == .approve { return .approve }
        let decisions = mainPath.filter { $0.kind == .decision }
        if decisions.count >= 2, decisions.last?.id == step.id, !decisions.contains(where: { $0.inferredPurpose == .approve }) {
            return .approve
        }
        return .review
    }
}
