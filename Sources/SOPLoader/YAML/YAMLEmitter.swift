/// Writes a ``YAMLValue`` tree back as block-style YAML, in its key order: how `sop resolve`
/// prints a flattened variant. Text is quoted whenever a plain scalar would read back as
/// something else (a number, `null`, `no`, a comment), so the output loads to the same tree.
public enum YAMLEmitter {
    public static func emit(_ root: YAMLValue, header: String? = nil) -> String {
        var out = header.map { $0.hasSuffix("\n") ? $0 : $0 + "\n" } ?? ""
        write(root, indent: 0, into: &out, inline: false)
        if !out.hasSuffix("\n") { out += "\n" }
        return out
    }

    private static func write(_ node: YAMLValue, indent: Int, into out: inout String, inline: Bool) {
        let pad = String(repeating: " ", count: indent)
        switch node {
        case .scalar(let text, let kind, _):
            out += scalar(text, kind)
        case .mapping(let entries, _):
            guard !entries.isEmpty else { out += "{}"; return }
            for (k, e) in entries.enumerated() {
                if !(inline && k == 0) { out += pad }
                out += key(e.key) + ":"
                switch e.value {
                case .mapping(let inner, _) where !inner.isEmpty:
                    out += "\n"
                    write(e.value, indent: indent + 2, into: &out, inline: false)
                case .sequence(let items, _) where !items.isEmpty:
                    out += "\n"
                    write(e.value, indent: indent + 2, into: &out, inline: false)
                default:
                    out += " "
                    write(e.value, indent: indent + 2, into: &out, inline: true)
                    out += "\n"
                }
            }
        case .sequence(let items, _):
            guard !items.isEmpty else { out += "[]"; return }
            for item in items {
                out += pad + "- "
                switch item {
                case .mapping(let inner, _) where !inner.isEmpty:
                    write(item, indent: indent + 2, into: &out, inline: true)
                case .sequence(let inner, _) where !inner.isEmpty:
                    out += "\n"
                    write(item, indent: indent + 2, into: &out, inline: false)
                default:
                    write(item, indent: indent + 2, into: &out, inline: true)
                    out += "\n"
                }
            }
        }
    }

    static func key(_ text: String) -> String { scalar(text, .string) }

    /// A scalar as it must be written to read back as `text` of `kind`.
    public static func scalar(_ text: String, _ kind: YAMLValue.ScalarKind) -> String {
        switch kind {
        case .null: return "null"
        case .bool, .int, .float: return text
        case .string: return isPlainSafe(text) ? text : quoted(text)
        }
    }

    /// Whether `text` can be written without quotes and read back as the same text.
    static func isPlainSafe(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return false }
        if " \t".unicodeScalars.contains(last) || " \t".unicodeScalars.contains(first) { return false }
        if "-?:,[]{}#&*!|>'\"%@`".unicodeScalars.contains(first) { return false }
        if text.contains(": ") || text.contains(" #") || text.hasSuffix(":") { return false }
        if text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { return false }
        return ScalarKinds.classify(text) == .string
    }

    /// A double-quoted scalar with JSON-style escapes (valid YAML).
    static func quoted(_ text: String) -> String {
        var out = "\""
        for u in text.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if u.value < 0x20 || u.value == 0x7F {
                    let hex = String(u.value, radix: 16, uppercase: true)
                    out += "\\x" + String(repeating: "0", count: 2 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
