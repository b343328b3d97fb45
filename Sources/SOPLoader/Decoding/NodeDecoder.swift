import SOPCore

/// Reads typed values out of a ``YAMLValue`` tree, collecting a diagnostic for every
/// mismatch instead of stopping. Paths are autoclosures: built only for a message.
///
/// The structural rules here mirror `schemas/sop.schema.json`; CI checks that the two
/// agree on the corpus of broken files.
struct NodeDecoder {
    var diagnostics: [Diagnostic] = []

    init() {}

    mutating func report(_ rule: Rule, _ message: String, at location: SourceLocation, hint: String? = nil) {
        diagnostics.append(Diagnostic(rule, message, at: location, hint: hint))
    }

    /// A mapping's entries, after checking for missing and unknown keys.
    mutating func fields(_ node: YAMLValue, _ path: @autoclosure () -> String, what: String,
                         required: [String], optional: [String]) -> Fields? {
        guard case .mapping(let entries, let location) = node else {
            report(.wrongType, "\(what) must be a mapping, not \(node.typeDescription)", at: node.location,
                   hint: "write it as `key: value` lines indented under its name")
            return nil
        }
        var result = Fields()
        for entry in entries {
            if required.contains(entry.key) || optional.contains(entry.key) {
                result.entries.append(entry)
            } else {
                let known = required + optional
                report(.unknownKey, "unknown field '\(entry.key)' in \(what)", at: entry.keyLocation,
                       hint: closestMatch(to: entry.key, in: known).map { "did you mean '\($0)'?" }
                           ?? "allowed fields: \(known.joined(separator: ", "))")
            }
        }
        for key in required where !result.entries.contains(where: { $0.key == key }) {
            report(.missingKey, "\(what)\(path().hasSuffix("]") ? " (\(path()))" : "") is missing required field '\(key)'", at: location,
                   hint: "add `\(key):`")
        }
        return result
    }

    /// Non-empty text. An unquoted number or boolean is not text (as in the JSON Schema);
    /// an unquoted date is, since YAML 1.2 core has no date type.
    mutating func string(_ node: YAMLValue?, _ path: @autoclosure () -> String, what: String) -> String? {
        guard let node else { return nil }
        guard case .scalar(let text, .string, let location) = node else {
            report(.wrongType, "\(what) must be text, not \(node.typeDescription)", at: node.location,
                   hint: node.isNull ? "give it a value" : node.isScalar ? "put the value in quotes" : nil)
            return nil
        }
        if text.allSatisfy(\.isWhitespace) {
            report(.invalidFormat, "\(what) must not be empty", at: location)
            return nil
        }
        return text
    }

    mutating func id(_ node: YAMLValue?, _ path: @autoclosure () -> String, what: String) -> String? {
        guard let text = string(node, path(), what: what) else { return nil }
        guard Self.isID(text) else {
            report(.invalidFormat, "\(what) '\(text)' is not a valid id", at: node!.location,
                   hint: "use lowercase letters, digits and '-', starting with a letter or digit (e.g. `catat-aduan`)")
            return nil
        }
        return text
    }

    static func isID(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, isLowerOrDigit(first) else { return false }
        return text.unicodeScalars.allSatisfy { isLowerOrDigit($0) || $0 == "-" }
    }

    private static func isLowerOrDigit(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("0"..."9").contains(c)
    }

    /// A whole number, at most `maximum` (larger ones are reported under `tooLarge`, as the
    /// schema's `maximum` rejects them). Digits may be grouped with `_` and written in base 2, 8
    /// or 16 (`0b`, `0o`, `0x`), as YAML readers do; a decimal with nothing after the point is whole.
    mutating func int(_ node: YAMLValue?, _ path: @autoclosure () -> String, what: String,
                      maximum: Int = .max, tooLarge: Rule = .invalidValue, unit: String = "") -> Int? {
        guard let node else { return nil }
        let value: Int
        switch node {
        case .scalar(let text, .float, let location):
            guard let d = Double(text.filter { $0 != "_" }), d.isFinite, d == d.rounded() else {
                report(.wrongType, "\(what) must be a whole number, not \(node.typeDescription)", at: location)
                return nil
            }
            // 5.0 is a whole number, as JSON Schema's `integer` agrees.
            guard abs(d) < 1e15 else { return reportTooLarge(text, what: what, maximum: maximum, rule: tooLarge, unit: unit, at: location) }
            value = Int(d)
        case .scalar(let text, .int, let location):
            switch ScalarKinds.integer(text) {
            case .value(let v): value = v
            case .outOfRange: return reportTooLarge(text, what: what, maximum: maximum, rule: tooLarge, unit: unit, at: location)
            case .noDigits:
                report(.wrongType, "\(what) must be a whole number, not '\(text)'", at: location)
                return nil
            }
        default:
            report(.wrongType, "\(what) must be a whole number, not \(node.typeDescription)", at: node.location)
            return nil
        }
        guard value <= maximum else {
            return reportTooLarge(String(value), what: what, maximum: maximum, rule: tooLarge, unit: unit, at: node.location)
        }
        return value
    }

    private mutating func reportTooLarge(_ text: String, what: String, maximum: Int, rule: Rule, unit: String,
                                         at location: SourceLocation) -> Int? {
        let shown = text.count > 40 ? text.prefix(40) + "…" : Substring(text)
        let limit = maximum == .max ? "a 64-bit whole number (\(Int.max))" : "\(maximum)\(unit)"
        report(rule, "\(what) \(shown) is too large: the maximum is \(limit)", at: location,
               hint: rule == .timeTooLong ? "write the time in a larger unit, or check for a typo" : nil)
        return nil
    }

    mutating func bool(_ node: YAMLValue?, _ path: @autoclosure () -> String, what: String) -> Bool? {
        guard let node else { return nil }
        guard case .scalar(let text, .bool, _) = node else {
            report(.wrongType, "\(what) must be true or false, not \(node.typeDescription)", at: node.location)
            return nil
        }
        return ["true", "True", "TRUE"].contains(text)
    }

    mutating func date(_ node: YAMLValue?, _ path: @autoclosure () -> String, what: String) -> CivilDate? {
        guard let node, !node.isNull else {
            return nil
        }
        guard let text = string(node, path(), what: what) else { return nil }
        guard let date = CivilDate(iso: text) else {
            report(.invalidFormat, "\(what) '\(text)' is not a date", at: node.location,
                   hint: "write dates as YYYY-MM-DD, e.g. 2023-03-31")
            return nil
        }
        return date
    }

    mutating func word<E: RawRepresentable & CaseIterable>(_ node: YAMLValue?, _ path: @autoclosure () -> String, what: String,
                                                           as type: E.Type) -> E? where E.RawValue == String {
        guard let text = string(node, path(), what: what) else { return nil }
        if let value = E(rawValue: text) { return value }
        let allowed = E.allCases.map(\.rawValue)
        report(.invalidValue, "\(what) '\(text)' is not one of: \(allowed.joined(separator: ", "))", at: node!.location,
               hint: closestMatch(to: text, in: allowed).map { "did you mean '\($0)'?" })
        return nil
    }

    mutating func list<T>(_ node: YAMLValue?, _ path: @autoclosure () -> String, what: String,
                          item: (inout NodeDecoder, YAMLValue, String) -> T?) -> [T]? {
        guard let node else { return nil }
        guard case .sequence(let items, _) = node else {
            report(.wrongType, "\(what) must be a list, not \(node.typeDescription)", at: node.location,
                   hint: "write each item on its own line starting with '- '")
            return nil
        }
        var result: [T] = []
        for (i, child) in items.enumerated() {
            if let value = item(&self, child, "\(path())[\(i)]") { result.append(value) }
        }
        return result
    }

    mutating func strings(_ node: YAMLValue?, _ path: @autoclosure () -> String, what: String) -> [String] {
        list(node, path(), what: what) { d, n, p in d.string(n, p, what: "an item of \(what)") } ?? []
    }
}

/// The known entries of a mapping; a handful each, so a linear search beats hashing.
struct Fields {
    var entries: [YAMLValue.Entry] = []

    subscript(key: String) -> YAMLValue? {
        entries.first { $0.key == key }?.value
    }
}

extension YAMLValue {
    var isScalar: Bool {
        if case .scalar = self { return true }
        return false
    }
}
