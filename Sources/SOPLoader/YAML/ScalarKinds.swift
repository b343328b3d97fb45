/// Classifies plain YAML scalars without regular expressions, exactly as the reader behind
/// `check-jsonschema` (ruamel.yaml, YAML 1.2 mode) resolves them, so that the loader and
/// `schemas/sop.schema.json` agree on what is a number (`.ci/check_schema_agreement.py`):
///
/// - null: empty, `~`, `null`, `Null`, `NULL`; booleans: `true`/`false` in three spellings;
/// - integers: `[-+]?[0-9_]+`, `[-+]?0b[01_]+`, `[-+]?0o?[0-7_]+`, `[-+]?0x[0-9a-fA-F_]+`
///   (underscores group digits: `1_000_000` is one million);
/// - decimals: `[-+]?[0-9][0-9_]*\.[0-9_]*([eE][-+]?[0-9]+)?`, `[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+`,
///   `[-+]?\.[0-9_]+([eE][-+][0-9]+)?`, `[-+]?.inf` and `.nan` in three spellings;
/// - everything else is text (`yes`, `on`, `07:30`, dates).
enum ScalarKinds {
    static func classify(_ text: String) -> YAMLValue.ScalarKind {
        // Most scalars are prose: a first byte that starts no number, null or boolean decides.
        if let f = text.utf8.first {
            let digitOrSign = isDigit(f) || f == UInt8(ascii: "-") || f == UInt8(ascii: "+") || f == UInt8(ascii: ".")
            let word = "tTfFnN~".utf8.contains(f)
            if !digitOrSign && !word { return .string }
        }
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE", "false", "False", "FALSE": return .bool
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN": return .float
        default: break
        }
        if isInteger(text) { return .int }
        if isDecimal(text) { return .float }
        return .string
    }

    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    /// The bytes after an optional sign.
    private static func unsigned(_ text: String) -> Substring.UTF8View {
        let bytes = Substring(text).utf8
        if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") { return bytes.dropFirst() }
        return bytes
    }

    static func isInteger(_ text: String) -> Bool {
        let bytes = unsigned(text)
        guard !bytes.isEmpty else { return false }
        let underscore = UInt8(ascii: "_")
        if bytes.allSatisfy({ isDigit($0) || $0 == underscore }) { return true }
        guard bytes.count > 2, bytes.first == UInt8(ascii: "0") else {
            return false
        }
        let rest = bytes.dropFirst(2)
        switch bytes[bytes.index(after: bytes.startIndex)] {
        case UInt8(ascii: "b"): return rest.allSatisfy { $0 == 0x30 || $0 == 0x31 || $0 == underscore }
        case UInt8(ascii: "o"): return rest.allSatisfy { ($0 >= 0x30 && $0 <= 0x37) || $0 == underscore }
        case UInt8(ascii: "x"): return rest.allSatisfy { isDigit($0) || $0 == underscore || (0x41...0x46).contains($0) || (0x61...0x66).contains($0) }
        default: return false
        }
    }

    static func isDecimal(_ text: String) -> Bool {
        let bytes = Array(unsigned(text))
        var i = 0
        let underscore = UInt8(ascii: "_")
        func digits(allowUnderscore: Bool) -> Int {
            let start = i
            while i < bytes.count, isDigit(bytes[i]) || (allowUnderscore && bytes[i] == underscore) { i += 1 }
            return i - start
        }
        func exponent(signRequired: Bool) -> Bool {
            guard i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") else { return false }
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
                i += 1
            } else if signRequired {
                return false
            }
            return digits(allowUnderscore: false) > 0
        }
        guard let first = bytes.first else { return false }
        if first == UInt8(ascii: ".") {
            // [-+]?\.[0-9_]+([eE][-+][0-9]+)?
            i = 1
            guard digits(allowUnderscore: true) > 0 else { return false }
            if i == bytes.count { return true }
            return exponent(signRequired: true) && i == bytes.count
        }
        // [-+]?[0-9][0-9_]* then \.[0-9_]*([eE][-+]?[0-9]+)? or [eE][-+]?[0-9]+
        guard isDigit(first) else { return false }
        i = 1
        _ = digits(allowUnderscore: true)
        guard i < bytes.count else { return false }
        if bytes[i] == UInt8(ascii: ".") {
            i += 1
            _ = digits(allowUnderscore: true)
            if i == bytes.count { return true }
            return exponent(signRequired: false) && i == bytes.count
        }
        return exponent(signRequired: false) && i == bytes.count
    }

    /// What an integer scalar (``classify(_:)`` said `.int`) stands for.
    enum Integer: Equatable {
        case value(Int)
        /// Beyond what a 64-bit integer holds.
        case outOfRange
        /// Signs and underscores with no digit (`+_`).
        case noDigits
    }

    /// The value of an integer scalar: underscores dropped, `0b`, `0o` and `0x` in base 2, 8
    /// and 16, anything else in base 10 (`017` is seventeen, as ruamel.yaml reads it).
    static func integer(_ text: String) -> Integer {
        var body = Substring(text)
        var negative = false
        if let sign = body.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            body = body.dropFirst()
        }
        var radix = 10
        if body.count > 2, body.hasPrefix("0") {
            switch body.dropFirst().first {
            case "b": radix = 2
            case "o": radix = 8
            case "x": radix = 16
            default: break
            }
            if radix != 10 { body = body.dropFirst(2) }
        }
        let digits = body.filter { $0 != "_" }
        guard !digits.isEmpty else { return .noDigits }
        // Parsed with the sign so that Int.min is in range.
        guard let value = Int((negative ? "-" : "") + digits, radix: radix) else { return .outOfRange }
        return .value(value)
    }
}
