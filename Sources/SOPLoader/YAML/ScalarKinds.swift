/// Classifies plain YAML scalars by the YAML 1.2 core schema, without regular expressions.
enum ScalarKinds {
    static func classify(_ text: String) -> YAMLValue.ScalarKind {
        // Most scalars are prose: a first byte that starts no number, null or boolean decides.
        if let f = text.utf8.first {
            let digitOrSign = (f >= 0x30 && f <= 0x39) || f == UInt8(ascii: "-") || f == UInt8(ascii: "+") || f == UInt8(ascii: ".")
            let word = "tTfFnN~".utf8.contains(f)
            if !digitOrSign && !word { return .string }
        }
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE", "false", "False", "FALSE": return .bool
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN": return .float
        default: break
        }
        var bytes = Substring(text).utf8[...]
        if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        guard let first = bytes.first else { return .string }
        let isDigit = { (b: UInt8) in b >= 0x30 && b <= 0x39 }
        // [-+]?[0-9]+
        if bytes.allSatisfy(isDigit) { return .int }
        // [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
        var i = bytes.startIndex
        var mantissaDigits = 0
        while i < bytes.endIndex, isDigit(bytes[i]) { mantissaDigits += 1; i = bytes.index(after: i) }
        if i < bytes.endIndex, bytes[i] == UInt8(ascii: ".") {
            i = bytes.index(after: i)
            var fraction = 0
            while i < bytes.endIndex, isDigit(bytes[i]) { fraction += 1; i = bytes.index(after: i) }
            if first == UInt8(ascii: ".") && fraction == 0 { return .string }
            mantissaDigits += fraction
        }
        guard mantissaDigits > 0 else { return .string }
        if i < bytes.endIndex, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i = bytes.index(after: i)
            if i < bytes.endIndex, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i = bytes.index(after: i) }
            var exponent = 0
            while i < bytes.endIndex, isDigit(bytes[i]) { exponent += 1; i = bytes.index(after: i) }
            if exponent == 0 { return .string }
        }
        return i == bytes.endIndex ? .float : .string
    }
}
