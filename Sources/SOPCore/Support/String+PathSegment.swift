import Foundation

extension String {
    /// The text as one segment of a URL path (a case id in `/kasus/{id}`): percent-encoded, with
    /// `/`, `?` and `#` encoded too, so the segment cannot end the path or start a query.
    public var pathSegmentEncoded: String {
        addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#"))) ?? self
    }
}
