/// Where each value of a loaded definition was written, keyed by a path such as
/// `steps[2].outcomes[1].next`.
///
/// Kept beside the model (not inside it) so the model stays a plain value that compares
/// equal whatever file it came from, while checks can still point at the exact line.
public struct SourceMap: Sendable, Hashable {
    public var file: String
    private var values: [String: SourceLocation] = [:]
    private var keys: [String: SourceLocation] = [:]

    public init(file: String) { self.file = file }

    public mutating func record(value path: String, at location: SourceLocation) {
        values[path] = location
    }

    public mutating func record(key path: String, at location: SourceLocation) {
        keys[path] = location
    }

    /// The value at `path`, or the nearest enclosing value that was recorded.
    public func location(of path: String) -> SourceLocation? {
        var p = Substring(path)
        while true {
            if let l = values[String(p)] { return l }
            guard let cut = p.lastIndex(where: { $0 == "." || $0 == "[" }) else { break }
            p = p[..<cut]
        }
        return values[""] ?? SourceLocation(file: file, line: 1, column: 1)
    }

    /// The key naming `path` (its line is where the field starts), else the value.
    public func keyLocation(of path: String) -> SourceLocation? {
        keys[path] ?? location(of: path)
    }
}
