/// A complete SOP: identity block, lanes, documents and the flowchart steps.
///
/// A plain value: parsing lives in `SOPLoader`, checking in ``SemanticValidator``.
public struct SOPDefinition: Sendable, Hashable, Codable {
    /// The only format this engine reads today.
    public static let currentFormat = "sop/v1"

    public var format: String
    /// Short stable id for the SOP, e.g. `serdang-bedagai-pengaduan`.
    public var id: String
    public var identity: Identity
    /// Path of the agency's working calendar, relative to the SOP file.
    public var calendar: String?
    public var legalBasis: [String]
    public var qualifications: [String]
    public var relatedSOPs: [String]
    public var equipment: [String]
    public var warnings: [String]
    public var records: [RecordSpec]
    public var roles: [Role]
    public var documents: [DocumentSpec]
    public var steps: [Step]
    /// Provenance marks for top-level fields, keyed by dotted path (`identity.dates.revised`).
    public var provenance: [String: Provenance]
    /// How times written as text are read ("hari", "½ hari"); nil when the SOP does not say.
    public var timeDefaults: TimeDefaults?

    /// How the SOP's times written as text are read.
    public struct TimeDefaults: Sendable, Hashable, Codable {
        public enum Days: String, Sendable, Hashable, Codable, CaseIterable { case working, calendar }
        /// What a plain "hari" means.
        public var days: Days?
        /// Office minutes in "1 hari" when a fraction is written ("½ hari").
        public var dayMinutes: Int?

        /// 37.5 hours a week over five days (Perpres 21/2023).
        public static let standardDayMinutes = 450

        public init(days: Days? = nil, dayMinutes: Int? = nil) {
            self.days = days
            self.dayMinutes = dayMinutes
        }
    }

    public init(format: String = SOPDefinition.currentFormat, id: String, identity: Identity,
                calendar: String? = nil, legalBasis: [String] = [], qualifications: [String] = [],
                relatedSOPs: [String] = [], equipment: [String] = [], warnings: [String] = [],
                records: [RecordSpec] = [], roles: [Role], documents: [DocumentSpec],
                steps: [Step], provenance: [String: Provenance] = [:], timeDefaults: TimeDefaults? = nil) {
        self.timeDefaults = timeDefaults
        self.format = format
        self.id = id
        self.identity = identity
        self.calendar = calendar
        self.legalBasis = legalBasis
        self.qualifications = qualifications
        self.relatedSOPs = relatedSOPs
        self.equipment = equipment
        self.warnings = warnings
        self.records = records
        self.roles = roles
        self.documents = documents
        self.steps = steps
        self.provenance = provenance
    }

    public func step(_ id: String) -> Step? { steps.first { $0.id == id } }
    public func role(_ id: String) -> Role? { roles.first { $0.id == id } }
    public func document(_ id: String) -> DocumentSpec? { documents.first { $0.id == id } }

    /// The start step (exactly one in a valid definition).
    public var startStep: Step? { steps.first { $0.kind == .start } }

    /// Whether `roleID` is the public side (``Role/applicant``).
    public func isApplicant(_ roleID: String) -> Bool { roles.first { $0.id == roleID }?.applicant ?? false }
}
