import SOPCore

/// The parsed YAML tree with a position on every node.
///
/// Our own type, built straight from libyaml's events: the decoders below and any
/// future format reader depend on this small enum only.
public indirect enum YAMLValue: Sendable {
    public enum ScalarKind: Sendable, Equatable {
        case null, bool, int, float, string
    }

    public struct Entry: Sendable {
        public var key: String
        public var keyLocation: SourceLocation
        public var value: YAMLValue
    }

    case scalar(String, ScalarKind, SourceLocation)
    case mapping([Entry], SourceLocation)
    case sequence([YAMLValue], SourceLocation)

    public var location: SourceLocation {
        switch self {
        case .scalar(_, _, let l), .mapping(_, let l), .sequence(_, let l): l
        }
    }

    /// A word for messages: "a mapping", "a list", "a number", ...
    public var typeDescription: String {
        switch self {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .scalar(_, .null, _): "nothing (null)"
        case .scalar(_, .bool, _): "true/false"
        case .scalar(_, .int, _): "a whole number"
        case .scalar(_, .float, _): "a decimal number"
        case .scalar(_, .string, _): "text"
        }
    }

    public var isNull: Bool {
        if case .scalar(_, .null, _) = self { return true }
        return false
    }

    /// This mapping with the scalar text of `key` replaced (kept where it was written).
    public func replacing(key: String, with text: String) -> YAMLValue {
        guard case .mapping(var entries, let l) = self, let i = entries.firstIndex(where: { $0.key == key }) else { return self }
        entries[i].value = .scalar(text, .string, entries[i].value.location)
        return .mapping(entries, l)
    }

    /// The entry for `key` in a mapping.
    public subscript(key: String) -> YAMLValue? {
        guard case .mapping(let entries, _) = self else { return nil }
        return entries.first { $0.key == key }?.value
    }
}
