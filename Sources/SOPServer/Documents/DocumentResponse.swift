import Foundation
import Hummingbird
import NIOCore

/// How an uploaded document is served back: as a download (`Content-Disposition: attachment`)
/// unless its type is one a browser shows without running anything (PDF, PNG, JPEG), never
/// sniffed, under a policy that sandboxes whatever a browser renders, and never cached. An
/// HTML, SVG or XML upload is served as bytes to save, never as a page of this origin.
enum DocumentResponse {
    /// The media types shown inline; every other document is `application/octet-stream`, attached.
    static let inlineTypes: Set<String> = ["application/pdf", "image/png", "image/jpeg"]

    static func response(bytes: [UInt8], name: String, mediaType: String) -> Response {
        let type = baseType(mediaType)
        let inline = inlineTypes.contains(type)
        var headers = HTTPFields()
        headers[.contentType] = inline ? type : "application/octet-stream"
        headers[.contentDisposition] = disposition(inline ? "inline" : "attachment", filename: name)
        headers[.contentSecurityPolicy] = SecurityHeaders.documentPolicy
        headers[.xContentTypeOptions] = "nosniff"
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// `type/subtype` lowercased, without parameters.
    static func baseType(_ mediaType: String) -> String {
        String(mediaType.split(separator: ";", maxSplits: 1).first ?? "").trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// RFC 6266: an ASCII `filename` (unsafe characters replaced by `_`) and, when the name is
    /// not plain ASCII, the exact name as RFC 5987 `filename*=UTF-8''…`.
    static func disposition(_ kind: String, filename: String) -> String {
        // No path, no control characters, at most 120 characters.
        let base = String(filename.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last ?? "")
        let cleaned = String(base.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init).prefix(120))
        let name = cleaned.trimmingCharacters(in: .whitespaces).isEmpty || cleaned == "." || cleaned == ".." ? "document" : cleaned
        let ascii = String(name.unicodeScalars.map { s -> Character in
            s.isASCII && (CharacterSet.alphanumerics.contains(s) || "._-+ ()".unicodeScalars.contains(s)) ? Character(s) : "_"
        })
        var value = "\(kind); filename=\"\(ascii)\""
        if ascii != name {
            let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$&+-.^_`|~")
            value += "; filename*=UTF-8''" + (name.addingPercentEncoding(withAllowedCharacters: allowed) ?? ascii)
        }
        return value
    }
}
