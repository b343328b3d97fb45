/// A document that moves through the procedure (a form, a report, a letter).
public struct DocumentSpec: Sendable, Hashable, Codable {
    /// Where a document comes from when no step of the procedure produces it.
    public enum Origin: String, Sendable, Hashable, Codable, CaseIterable {
        /// Produced by a step of this procedure.
        case step
        /// Supplied when the case is opened (the complaint form itself).
        case caseOpening = "case-opening"
        /// Comes from outside the procedure when needed (an assignment letter, SPT).
        case external
    }

    public var id: String
    public var name: String
    /// Form code printed on the paper form, e.g. `FM-C.08-01`.
    public var form: String?
    public var origin: Origin

    public init(id: String, name: String, form: String? = nil, origin: Origin = .step) {
        self.id = id
        self.name = name
        self.form = form
        self.origin = origin
    }
}

/// A step's use of a document: required, or only under a condition ("apabila survey lapangan").
public struct DocumentRef: Sendable, Hashable, Codable {
    public var document: String
    /// When set, the document is needed or produced only in that situation.
    public var condition: String?

    public init(_ document: String, condition: String? = nil) {
        self.document = document
        self.condition = condition
    }

    public var isConditional: Bool { condition != nil }
}
