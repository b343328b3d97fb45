/// An actor lane of the flowchart ("Pelaksana"), e.g. "Pranata Humas".
public struct Role: Sendable, Hashable, Codable {
    public var id: String
    /// The lane title exactly as written in the document.
    public var title: String
    public var description: String?
    /// The public side of the procedure (pemohon, pengadu): while the file waits on one of
    /// its steps after the agency handed it over, the agency's clock is stopped.
    public var applicant: Bool
    /// For the public side's lane: the officers' roles that may do its steps on the citizen's
    /// behalf ("diwakili petugas": a walk-in at the counter, a phone call, a letter).
    public var representedBy: [String]

    public init(id: String, title: String, description: String? = nil, applicant: Bool = false, representedBy: [String] = []) {
        self.id = id
        self.title = title
        self.description = description
        self.applicant = applicant
        self.representedBy = representedBy
    }

    private enum Key: String, CodingKey { case id, title, description, applicant, representedBy = "represented-by" }

    /// `applicant` and `represented-by` are written only when set, so a definition without
    /// them keeps its hash.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(id, forKey: .id)
        try c.encode(title, forKey: .title)
        try c.encodeIfPresent(description, forKey: .description)
        if applicant { try c.encode(true, forKey: .applicant) }
        if !representedBy.isEmpty { try c.encode(representedBy, forKey: .representedBy) }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        self.init(id: try c.decode(String.self, forKey: .id), title: try c.decode(String.self, forKey: .title),
                  description: try c.decodeIfPresent(String.self, forKey: .description),
                  applicant: try c.decodeIfPresent(Bool.self, forKey: .applicant) ?? false,
                  representedBy: try c.decodeIfPresent([String].self, forKey: .representedBy) ?? [])
    }
}
