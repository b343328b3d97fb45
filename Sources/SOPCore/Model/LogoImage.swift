/// The bytes of an SOP's logo (``Identity/logo``) with their media type, as the cover page
/// embeds them. Only PNG, JPEG and SVG are taken, told by their content, not their name.
public struct LogoImage: Sendable, Hashable {
    public var bytes: [UInt8]
    /// `image/png`, `image/jpeg` or `image/svg+xml`.
    public var mediaType: String

    /// Larger than this, a logo is refused (an emblem is a few kilobytes; a 2 MiB one would
    /// make every printed document heavy).
    public static let maxBytes = 2 << 20

    public init(bytes: [UInt8], mediaType: String) {
        self.bytes = bytes
        self.mediaType = mediaType
    }

    /// Why `bytes` cannot be a logo, or nil when they can (then ``init(checking:)`` holds them).
    public static func problem(_ bytes: [UInt8]) -> String? {
        if bytes.isEmpty { return "the file is empty" }
        if bytes.count > maxBytes { return "the file is \(bytes.count / 1024) KiB, larger than the \(maxBytes >> 20) MiB a logo may be" }
        return mediaType(of: bytes) == nil ? "the file is not a PNG, JPEG or SVG image" : nil
    }

    /// The logo in `bytes`, when they are one.
    public init?(checking bytes: [UInt8]) {
        guard Self.problem(bytes) == nil, let type = Self.mediaType(of: bytes) else { return nil }
        self.init(bytes: bytes, mediaType: type)
    }

    /// The media type the content shows: PNG and JPEG by their signatures, SVG by an `<svg`
    /// element at the start of a text (after an optional XML declaration, comments and doctype).
    static func mediaType(of bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        // SVG: UTF-8 text whose first element is <svg.
        let head = bytes.prefix(4096)
        let text = String(decoding: head.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(head.dropFirst(3)) : Array(head), as: UTF8.self)
        var rest = Substring(text)
        while true {
            rest = rest.drop { $0.isWhitespace }
            if rest.hasPrefix("<?") || rest.hasPrefix("<!") {
                let close = rest.hasPrefix("<!--") ? "-->" : ">"
                guard let end = rest.firstRange(of: close) else { return nil }
                rest = rest[end.upperBound...]
                continue
            }
            return rest.hasPrefix("<svg") ? "image/svg+xml" : nil
        }
    }
}
