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
        guard let node else {
            return Result(root: nil, text: text, diagnostics: [
                Diagnostic(.emptyFile, "the file holds no YAML document", at: SourceLocation(file: file, line: 1, column: 1),
                           hint: "start from `sop new` or an existing file in sops/"),
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
            for (k, v) in m {
                guard let value = convert(v, file: file, budget: &budget) else { return nil }
                let keyMark = k.mark.map { SourceLocation(file: file, line: $0.line, column: $0.column) } ?? mark
                entries.append(.init(key: k.string ?? "\(k)", keyLocation: keyMark, value: value))
            }
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
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if let tab = firstIndentationTab(lines) {
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

    /// The first tab in the leading whitespace of a non-blank line.
    static func firstIndentationTab(_ lines: [Substring]) -> (line: Int, column: Int)? {
        for (i, line) in lines.enumerated() {
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

    /// Where `key:` is written again at the same column after `line`.
    static func secondOccurrence(of key: String, after line: Int, column: Int,
                                 in lines: [Substring]) -> (line: Int, column: Int)? {
        guard line >= 1 else { return nil }
        for i in line..<lines.count {
            let text = lines[i]
            let prefixEnd = text.index(text.startIndex, offsetBy: min(column - 1, text.count))
            let rest = text[prefixEnd...]
            if rest.hasPrefix(key + ":") || rest.hasPrefix("\"\(key)\":") || rest.hasPrefix("'\(key)':") {
                return (i + 1, column)
            }
        }
        return nil
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
