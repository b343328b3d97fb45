/// Where each value of a loaded definition was written, looked up by a path such as
/// `steps[2].outcomes[1].next`.
///
/// Kept beside the model (not inside it) so the model stays a plain value that compares
/// equal whatever file it came from. The loader answers lookups by walking its parsed tree
/// only when a diagnostic needs a position, so loading a valid file records nothing.
public struct SourceMap: Sendable {
    public var file: String
    /// The position of the value (`key == false`) or of the key naming it, or nil when the
    /// path names nothing.
    private let lookup: @Sendable (_ path: String, _ key: Bool) -> SourceLocation?

    public init(file: String, lookup: @escaping @Sendable (_ path: String, _ key: Bool) -> SourceLocation? = { _, _ in nil }) {
        self.file = file
        self.lookup = lookup
    }

    /// The value at `path`, or the nearest enclosing value that exists, or the file's start.
    public func location(of path: String) -> SourceLocation? {
        var p = Substring(path)
        while true {
            if let l = lookup(String(p), false) { return l }
            guard let cut = p.lastIndex(where: { $0 == "." || $0 == "[" }) else { break }
            p = p[..<cut]
        }
        return lookup("", false) ?? SourceLocation(file: file, line: 1, column: 1)
    }

    /// The key naming `path` (its line is where the field starts), else the value.
    public func keyLocation(of path: String) -> SourceLocation? {
        lookup(path, true) ?? location(of: path)
    }

    /// Splits `steps[2].outcomes[1].next` into `steps`, `2`, `outcomes`, `1`, `next`
    /// (indices as `.index`, names as `.key`).
    public enum Component: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    public static func components(_ path: String) -> [Component] {
        var result: [Component] = []
        var current = ""
        var inIndex = false
        func flush() {
            if !current.isEmpty { result.append(inIndex ? (Int(current).map(Component.index) ?? .key(current)) : .key(current)) }
            current = ""
        }
        for ch in path {
            switch ch {
            case "." where !inIndex: flush()
            case "[": flush(); inIndex = true
            case "]": flush(); inIndex = false
            default: current.append(ch)
            }
        }
        flush()
        return result
    }
}
