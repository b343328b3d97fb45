/// An actor lane of the flowchart ("Pelaksana"), e.g. "Pranata Humas".
public struct Role: Sendable, Hashable, Codable {
    public var id: String
    /// The lane title exactly as written in the document.
    public var title: String
    public var description: String?

    public init(id: String, title: String, description: String? = nil) {
        self.id = id
        self.title = title
        self.description = description
    }
}
