/// A requirement of a step that is not a document ("Aplikasi SIM DPMPTSP", "retribusi,
/// dibayar di bank"): shown and printed with the step, never demanded as an attachment.
public struct Requirement: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// An information system the step is done in.
        case system
        /// A fee or levy (retribusi), and where it is paid.
        case fee
        /// An appointment or schedule (jadwal peninjauan).
        case appointment
        /// Equipment or material needed at the step.
        case equipment
        /// Anything else the document lists.
        case other

        public var indonesian: String {
            switch self {
            case .system: "Sistem"
            case .fee: "Biaya"
            case .appointment: "Jadwal"
            case .equipment: "Peralatan"
            case .other: "Lainnya"
            }
        }
    }

    public var kind: Kind
    /// As the document writes it.
    public var name: String
    /// E.g. where a fee is paid.
    public var note: String?

    public init(_ kind: Kind, _ name: String, note: String? = nil) {
        self.kind = kind
        self.name = name
        self.note = note
    }
}
