import Foundation
import SOPCore
import Yams

/// Reads a YAML file into a ``YAMLValue`` tree, turning every way a file can be broken
/// (unreadable, binary, huge, tabs, bad syntax, duplicate keys) into a located diagnostic.
public enum YAMLReader {
    /// Larger files are refused: a real SOP is a few kilobytes.
    public static let maximumFileSize = 1 << 20
    /// Nodes after expanding aliases; guards against "billion laughs" documents.
    public static let maximumNodeCount = 200_000

    /// YAML 1.2 core schema: `yes`, `on` and `07:30` stay text, as in the JSON Schema
    /// validators (which read YAML 1.2), so the loader and the schema see the same types.
    static let resolver: Resolver = {
        do {
            return try Resolver.basic
                .appending(.bool, "^(?:true|True|TRUE|false|False|FALSE)$")
                .appending(.int, "^(?:[-+]?[0-9]+)$")
                .appending(.float, "^(?:[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$")
                .appending(.null, "^(?:~|null|Null|NULL|)$")
        } catch {
            preconditionFailure("invalid built-in YAML resolver pattern: \(error)")
        }
    }()

    public struct Result: Sendable {
        public var root: YAMLValue?
        public var text: String?
        public var diagnostics: [Diagnostic]
    }

    /// Reads and parses `path`; `displayPath` is what diagnostics print.
    public static func read(path: String, displayPath: String? = nil) -> Result {
        let shown = displayPath ?? path
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            return Result(root: nil, text: nil, diagnostics: [
                Diagnostic(.unreadable, "no such file", at: SourceLocation(file: shown, line: 1, column: 1),
                           hint: "check the path"),
            ])
        }
        guard !isDir.boolValue, let data = FileManager.default.contents(atPath: path) else {
            return Result(root: nil, text: nil, diagnostics: [
                Diagnostic(.unreadable, isDir.boolValue ? "is a folder, not a file" : "cannot be read",
                           at: SourceLocation(file: shown, line: 1, column: 1),
                           hint: isDir.boolValue ? "pass the folder to `sop validate` to check every file in it" : "check the file's permissions"),
            ])
        }
        return parse(data: data, file: shown)
    }

    /// Parses raw bytes.
    public static func parse(data: Data, file: String) -> Result {
        let start = SourceLocation(file: file, line: 1, column: 1)
        if data.count > maximumFileSize {
            return Result(root: nil, text: nil, diagnostics: [
                Diagnostic(.fileTooLarge, "file is \(data.count) bytes; the limit is \(maximumFileSize) bytes",
                           at: start, hint: "an SOP file is a few kilobytes; is this the right file?"),
            ])
        }
        if let bad = firstNonTextByte(data) {
            return Result(root: nil, text: nil, diagnostics: [
                Diagnostic(.notText, bad.reason, at: location(ofByte: bad.offset, in: data, file: file),
                           hint: "SOP files are UTF-8 text; save the file as UTF-8"),
            ])
        }
        let text = String(decoding: data, as: UTF8.self)
        return parse(text: text, file: file)
    }

    /// Parses text.
    public static func parse(text: String, file: String) -> Result {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text, resolver)
        } catch {
            return Result(root: nil, text: text, diagnostics: [diagnostic(for: error, text: text, file: file)])
        }
        let isEmptyDocument: Bool = {
            guard case .scalar(let sc)? = node else { return false }
            return sc.string.isEmpty && sc.style == .plain
        }()
        guard let node, !isEmptyDocument else {
            return Result(root: nil, text: text, diagnostics: [
                Diagnostic(.emptyFile, "the file holds no YAML document", at: SourceLocation(file: file, line: 1, column: 1),
                           hint: "start from an existing file in sops/"),
            ])
        }
        var budget = maximumNodeCount
        guard let value = convert(node, file: file, budget: &budget) else {
            return Result(root: nil, text: text, diagnostics: [
                Diagnostic(.fileTooLarge, "the document expands to more than \(maximumNodeCount) nodes (aliases?)",
                           at: SourceLocation(file: file, line: 1, column: 1), hint: "write the values out instead of using aliases"),
            ])
        }
        return Result(root: value, text: text, diagnostics: [])
    }

    // MARK: Conversion

    static func convert(_ node: Node, file: String, budget: inout Int) -> YAMLValue? {
        budget -= 1
        guard budget >= 0 else { return nil }
        let mark = node.mark.map { SourceLocation(file: file, line: $0.line, column: $0.column) }
            ?? SourceLocation(file: file, line: 1, column: 1)
        switch node {
        case .scalar(let s):
            return .scalar(s.string, kind(of: s), mark)
        case .mapping(let m):
            var entries: [YAMLValue.Entry] = []
            var merged: [YAMLValue.Entry] = []
            for (k, v) in m {
                guard let value = convert(v, file: file, budget: &budget) else { return nil }
                let keyMark = k.mark.map { SourceLocation(file: file, line: $0.line, column: $0.column) } ?? mark
                // A merge key (`<<: *base`) copies the entries of the mapping(s) it names,
                // as YAML tools widely do; keys written here win over merged ones.
                if k.string == "<<", case .plain = k.scalar?.style {
                    switch value {
                    case .mapping(let more, _): merged += more; continue
                    case .sequence(let items, _) where items.allSatisfy({ if case .mapping = $0 { true } else { false } }):
                        for case .mapping(let more, _) in items { merged += more }
                        continue
                    default: break
                    }
                }
                entries.append(.init(key: k.string ?? "\(k)", keyLocation: keyMark, value: value))
            }
            var keys = Set(entries.map(\.key))
            for e in merged where keys.insert(e.key).inserted { entries.append(e) }
            return .mapping(entries, mark)
        case .sequence(let seq):
            var items: [YAMLValue] = []
            for v in seq {
                guard let value = convert(v, file: file, budget: &budget) else { return nil }
                items.append(value)
            }
            return .sequence(items, mark)
        case .alias:
            return .scalar("", .null, mark)
        }
    }

    static func kind(of scalar: Node.Scalar) -> YAMLValue.ScalarKind {
        // Quoted scalars are always text, whatever they look like.
        if scalar.style == .singleQuoted || scalar.style == .doubleQuoted || scalar.style == .literal || scalar.style == .folded {
            return .string
        }
        switch resolver.resolveTag(of: .scalar(scalar)) {
        case .null: return .null
        case .bool: return .bool
        case .int: return .int
        case .float: return .float
        default: return .string
        }
    }

    // MARK: Errors

    static func diagnostic(for error: Error, text: String, file: String) -> Diagnostic {
        let lines = text.sourceLines
        if let mark = errorMark(error), let tab = indentationTab(onLine: mark.line, in: lines) {
            return Diagnostic(.tabIndentation, "tab character used for indentation",
                              at: SourceLocation(file: file, line: tab.line, column: tab.column),
                              hint: "YAML indents with spaces only; replace the tab with spaces")
        }
        guard let yamlError = error as? YamlError else {
            return Diagnostic(.yamlSyntax, "\(error)", at: SourceLocation(file: file, line: 1, column: 1))
        }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            var message = problem
            if let context { message += " (\(context.text) at line \(context.mark.line), column \(context.mark.column))" }
            return Diagnostic(.yamlSyntax, message, at: SourceLocation(file: file, line: mark.line, column: mark.column),
                              hint: syntaxHint(problem))
        case .duplicatedKeysInMapping(let keys, let context):
            let key = keys.first ?? "?"
            let loc = secondOccurrence(of: key, after: context.mark.line, column: context.mark.column, in: lines)
                .map { SourceLocation(file: file, line: $0.line, column: $0.column) }
                ?? SourceLocation(file: file, line: context.mark.line, column: context.mark.column)
            return Diagnostic(.duplicateKey, "key '\(key)' appears more than once in the same mapping (first on line \(context.mark.line))",
                              at: loc, hint: "keep one '\(key)'; YAML would otherwise silently drop a value")
        case .reader(let problem, let offset, _, _):
            let loc = offset.map { location(ofCharacter: $0, in: text, file: file) } ?? SourceLocation(file: file, line: 1, column: 1)
            return Diagnostic(.notText, problem, at: loc, hint: "SOP files are UTF-8 text")
        default:
            return Diagnostic(.yamlSyntax, "\(yamlError)", at: SourceLocation(file: file, line: 1, column: 1))
        }
    }

    static func syntaxHint(_ problem: String) -> String {
        if problem.contains("mapping values are not allowed") {
            return "a value containing ': ' must be quoted, or the indentation is off"
        }
        if problem.contains("did not find expected key") || problem.contains("did not find expected '-'") {
            return "check the indentation: items of one mapping or list line up in the same column"
        }
        if problem.contains("found undefined alias") { return "define the anchor (&name) before using *name" }
        return "check the line and the one before it"
    }

    static func errorMark(_ error: Error) -> Mark? {
        switch error as? YamlError {
        case .scanner(_, _, let mark, _)?, .parser(_, _, let mark, _)?, .composer(_, _, let mark, _)?: mark
        default: nil
        }
    }

    /// A tab in the leading whitespace of the line libyaml stopped at (or the one before it,
    /// where a tab-indented line ends the previous token): only then is the tab the cause.
    static func indentationTab(onLine errorLine: Int, in lines: [Substring]) -> (line: Int, column: Int)? {
        for i in [errorLine - 1, errorLine - 2] where i >= 0 && i < lines.count {
            let line = lines[i]
            var column = 0
            for ch in line {
                column += 1
                if ch == "\t" {
                    let rest = line.dropFirst(column).trimmingCharacters(in: .whitespaces)
                    if !rest.isEmpty, !rest.hasPrefix("#") { return (i + 1, column) }
                    break
                }
                if ch != " " && ch != "-" { break }
            }
        }
        return nil
    }

    /// Where `key:` is written again in the same mapping: later on the same line for a flow
    /// mapping, else on a later line at the same column before the mapping ends.
    static func secondOccurrence(of key: String, after line: Int, column: Int,
                                 in lines: [Substring]) -> (line: Int, column: Int)? {
        guard line >= 1, line <= lines.count else { return nil }
        let patterns = [key + ":", "\"\(key)\":", "'\(key)':"]
        let first = Array(lines[line - 1])
        if column - 1 < first.count {
            var depth = 0
            var i = column
            while i < first.count {
                let ch = first[i]
                if ch == "{" || ch == "[" { depth += 1 }
                if ch == "}" || ch == "]" { if depth == 0 { break }; depth -= 1 }
                if depth == 0, ch == ",", let at = Self.keyStart(first, after: i, patterns) { return (line, at + 1) }
                i += 1
            }
        }
        var i = line
        while i < lines.count {
            let text = lines[i]
            i += 1
            let indent = text.prefix { $0 == " " || $0 == "-" }.count
            let rest = text.dropFirst(indent)
            if rest.isEmpty || rest.hasPrefix("#") { continue }
            if indent + 1 < column { return nil }
            if indent + 1 == column, patterns.contains(where: { rest.hasPrefix($0) }) { return (i, column) }
        }
        return nil
    }

    /// The index of a key after a flow separator at `comma`, skipping spaces.
    private static func keyStart(_ chars: [Character], after comma: Int, _ patterns: [String]) -> Int? {
        var j = comma + 1
        while j < chars.count, chars[j] == " " { j += 1 }
        let rest = String(chars[j...])
        return patterns.contains(where: { rest.hasPrefix($0) }) ? j : nil
    }

    // MARK: Bytes

    static func firstNonTextByte(_ data: Data) -> (offset: Int, reason: String)? {
        if let nul = data.firstIndex(of: 0) {
            return (nul - data.startIndex, "binary data (a NUL byte) in the file")
        }
        var it = data.makeIterator()
        var decoder = UTF8()
        var offset = 0
        while true {
            switch decoder.decode(&it) {
            case .scalarValue(let s): offset += UTF8.width(s)
            case .emptyInput: return nil
            case .error: return (offset, "the file is not valid UTF-8 text")
            }
        }
    }

    static func location(ofByte offset: Int, in data: Data, file: String) -> SourceLocation {
        var line = 1
        var lineStart = 0
        for (i, b) in data.prefix(offset).enumerated() where b == UInt8(ascii: "\n") {
            line += 1
            lineStart = i + 1
        }
        let column = String(decoding: data[data.startIndex + lineStart ..< data.startIndex + offset], as: UTF8.self).unicodeScalars.count + 1
        return SourceLocation(file: file, line: line, column: column)
    }

    static func location(ofCharacter offset: Int, in text: String, file: String) -> SourceLocation {
        var line = 1, column = 1
        for ch in text.prefix(offset) {
            if ch == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return SourceLocation(file: file, line: line, column: column)
    }
}
