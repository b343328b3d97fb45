import Foundation
import SOPCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a YAML file into a ``YAMLValue`` tree, turning every way a file can be broken
/// (unreadable, binary, huge, tabs, bad syntax, duplicate keys) into a located diagnostic.
public enum YAMLReader {
    /// Larger files are refused: a real SOP is a few kilobytes.
    public static let maximumFileSize = 1 << 20
    /// Nodes after expanding aliases; guards against "billion laughs" documents.
    public static let maximumNodeCount = 200_000
    /// Lists and mappings nested in each other. A real SOP nests six deep (a step's outcome's
    /// field); the limit keeps the composer's recursion far from the end of the stack.
    public static let maximumNestingDepth = 64

    public struct Result: Sendable {
        public var root: YAMLValue?
        public var text: String?
        public var diagnostics: [Diagnostic]

        /// Whether the file says it is a working calendar (`format: sop-calendar/…`), not an SOP.
        public var isCalendar: Bool {
            if case .scalar(let format, _, _)? = root?["format"] { return format.hasPrefix("sop-calendar/") }
            return false
        }
    }

    /// Reads and parses `path`; `displayPath` is what diagnostics print.
    ///
    /// Only regular files are read (a folder, a device such as `/dev/null` or `/dev/zero`, a pipe
    /// are refused), and never more than ``maximumFileSize`` bytes plus one.
    public static func read(path: String, displayPath: String? = nil) -> Result {
        let shown = displayPath ?? path
        let start = SourceLocation(file: shown, line: 1, column: 1)
        func refused(_ message: String, hint: String) -> Result {
            Result(root: nil, text: nil, diagnostics: [Diagnostic(.unreadable, message, at: start, hint: hint)])
        }
        // stat follows symbolic links, so a link to an SOP file is read like the file.
        var info = stat()
        guard !path.isEmpty, stat(path, &info) == 0 else {
            return errno == ENOENT || errno == ENOTDIR || path.isEmpty
                ? refused("no such file", hint: "check the path")
                : refused("cannot be read", hint: "check the file's permissions")
        }
        switch Int(info.st_mode) & Int(S_IFMT) {
        case Int(S_IFREG):
            break
        case Int(S_IFDIR):
            return refused("is a folder, not a file", hint: "pass the folder to `sop validate` to check every file in it")
        default:
            return refused("is not a regular file (a device, pipe or socket)", hint: "give the path of a YAML file")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            return refused("cannot be read", hint: "check the file's permissions")
        }
        defer { try? handle.close() }
        // One byte past the limit is enough to know the file is too large.
        guard let data = try? handle.read(upToCount: maximumFileSize + 1) ?? Data() else {
            return refused("cannot be read", hint: "check the file's permissions")
        }
        return parse(data: data, file: shown)
    }

    /// Parses raw bytes.
    public static func parse(data: Data, file: String) -> Result {
        let start = SourceLocation(file: file, line: 1, column: 1)
        if data.count > maximumFileSize {
            return Result(root: nil, text: nil, diagnostics: [
                Diagnostic(.fileTooLarge, "file is larger than the limit of \(maximumFileSize) bytes",
                           at: start, hint: "an SOP file is a few kilobytes; is this the right file?"),
            ])
        }
        // Fast path: valid UTF-8 without NUL bytes; the slow scan only locates the fault.
        let hasNUL = data.withUnsafeBytes { $0.baseAddress.map { memchr($0, 0, data.count) != nil } ?? false }
        guard !hasNUL, let text = String(validating: data, as: UTF8.self) else {
            let bad = firstNonTextByte(data) ?? (0, "the file is not valid UTF-8 text")
            return Result(root: nil, text: nil, diagnostics: [
                Diagnostic(.notText, bad.reason, at: location(ofByte: bad.offset, in: data, file: file),
                           hint: "SOP files are UTF-8 text; save the file as UTF-8"),
            ])
        }
        return parse(text: text, file: file)
    }


    /// Parses text.
    public static func parse(text: String, file: String) -> Result {
        var composer = YAMLComposer(file: file, maximumNodes: maximumNodeCount, maximumDepth: maximumNestingDepth)
        let root: YAMLValue?
        do {
            root = try composer.compose(text)
        } catch {
            return Result(root: nil, text: text, diagnostics: [diagnostic(for: error, text: text, file: file)])
        }
        let isEmpty: Bool = {
            guard let root else { return true }
            if case .scalar("", .null, _) = root { return true }
            return false
        }()
        guard let root, !isEmpty else {
            return Result(root: nil, text: text, diagnostics: [
                Diagnostic(.emptyFile, "the file holds no YAML document", at: SourceLocation(file: file, line: 1, column: 1),
                           hint: "start from an existing file in sops/"),
            ])
        }
        return Result(root: root, text: text, diagnostics: [])
    }

    // MARK: Errors

    static func diagnostic(for failure: YAMLComposer.Failure, text: String, file: String) -> Diagnostic {
        func at(_ line: Int, _ column: Int) -> SourceLocation { SourceLocation(file: file, line: line, column: column) }
        switch failure {
        case .syntax(let problem, let line, let column, let context, let contextLine, let contextColumn):
            if let tab = indentationTab(onLine: line, in: text.sourceLines) {
                return Diagnostic(.tabIndentation, "tab character used for indentation", at: at(tab.line, tab.column),
                                  hint: "YAML indents with spaces only; replace the tab with spaces")
            }
            var message = problem
            if let context, let contextLine, let contextColumn {
                message += " (\(context) at line \(contextLine), column \(contextColumn))"
            }
            return Diagnostic(.yamlSyntax, message, at: at(line, column), hint: syntaxHint(problem))
        case .duplicateKey(let key, let line, let column, let firstLine):
            return Diagnostic(.duplicateKey, "key '\(key)' appears more than once in the same mapping (first on line \(firstLine))",
                              at: at(line, column), hint: "keep one '\(key)'; YAML would otherwise silently drop a value")
        case .tooManyNodes:
            return Diagnostic(.fileTooLarge, "the document expands to more than \(maximumNodeCount) nodes (aliases?)",
                              at: at(1, 1), hint: "write the values out instead of using aliases")
        case .multipleDocuments(let line, let column):
            return Diagnostic(.yamlSyntax, "a second YAML document starts here; an SOP file holds one", at: at(line, column),
                              hint: "remove the `---` line and what follows, or split the file")
        case .tooDeep(_, let line, let column):
            return Diagnostic(.nestingTooDeep, "lists and mappings are nested more than \(maximumNestingDepth) levels deep here",
                              at: at(line, column), hint: "an SOP nests a few levels; check for unclosed or runaway brackets")
        case .undefinedAlias(let name, let line, let column):
            return Diagnostic(.yamlSyntax, "alias *\(name) names no anchor defined before it", at: at(line, column),
                              hint: "define the anchor (&\(name)) before using *\(name)")
        }
    }

    static func syntaxHint(_ problem: String) -> String {
        if problem.contains("mapping values are not allowed") {
            return "a value containing ': ' must be quoted, or the indentation is off"
        }
        if problem.contains("did not find expected key") || problem.contains("did not find expected '-'") {
            return "check the indentation: items of one mapping or list line up in the same column"
        }
        return "check the line and the one before it"
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

    /// The line and column of byte `offset`, counting line ends as libyaml does: LF, CR, CRLF
    /// (one end), NEL, LS and PS; the column counts Unicode scalars from the line's start.
    static func location(ofByte offset: Int, in data: Data, file: String) -> SourceLocation {
        let bytes = data.prefix(offset)
        var line = 1
        var lineStart = bytes.startIndex
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let b = bytes[i]
            var width = 0
            if b == 0x0A {
                width = 1
            } else if b == 0x0D {
                width = i + 1 < bytes.endIndex && bytes[i + 1] == 0x0A ? 2 : 1
            } else if b == 0xC2, i + 1 < bytes.endIndex, bytes[i + 1] == 0x85 {
                width = 2 // NEL
            } else if b == 0xE2, i + 2 < bytes.endIndex, bytes[i + 1] == 0x80, bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9 {
                width = 3 // LS, PS
            }
            if width > 0 {
                line += 1
                i += width
                lineStart = i
            } else {
                i += 1
            }
        }
        let column = String(decoding: bytes[lineStart...], as: UTF8.self).unicodeScalars.count + 1
        return SourceLocation(file: file, line: line, column: column)
    }
}
