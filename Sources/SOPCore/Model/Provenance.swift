/// Where a value comes from when the source document does not state it.
///
/// Transcriptions of SOP documents are often incomplete (swimlane marks lost in a scan,
/// an empty time column). Such values are still needed to run cases, so they are filled
/// in and marked, with the reason, so nobody mistakes them for the agency's own text.
public struct Provenance: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        /// Derived from other text in the document (e.g. an actor read from the activity).
        case inferred
        /// Chosen by us, grounded in law or practice, because the document says nothing.
        case assumed
        /// Present in the document but unreadable in our copy.
        case illegible
    }

    public var status: Status
    public var reason: String

    public init(_ status: Status, reason: String) {
        self.status = status
        self.reason = reason
    }
}
