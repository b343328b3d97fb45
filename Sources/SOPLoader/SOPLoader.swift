import Foundation
import SOPCore

/// Loads SOP files: YAML → ``SOPDefinition``, with every structural and semantic problem
/// reported as a located ``Diagnostic``.
public enum SOPLoader {
    /// What loading one file produced.
    public struct Result: Sendable {
        public var file: String
        /// The definition, when the file is structurally sound (it may still have semantic errors).
        public var definition: SOPDefinition?
        public var sourceMap: SourceMap
        public var diagnostics: [Diagnostic]
        /// The file's text, for printing source lines under diagnostics.
        public var text: String?
        /// The text of every file read (the file and the bases it extends), by displayed path.
        public var texts: [String: String] = [:]

        /// The definition when there are no errors at all.
        public var validDefinition: SOPDefinition? { diagnostics.hasErrors ? nil : definition }
    }

    public static func load(path: String, displayPath: String? = nil) -> Result {
        let read = YAMLReader.read(path: path, displayPath: displayPath)
        return load(parsed: read, file: displayPath ?? path, directory: directory(of: path))
    }

    public static func load(text: String, file: String = "<input>") -> Result {
        finish(YAMLReader.parse(text: text, file: file), file: file)
    }

    /// Loads from an already parsed file (so a caller that looked at the YAML first
    /// does not read it twice).
    public static func load(parsed read: YAMLReader.Result, file: String) -> Result {
        load(parsed: read, file: file, directory: directory(of: file))
    }

    /// `file` is the SOP as displayed, `directory` the folder it is read from. The calendar it
    /// names is loaded and checked too (with what it extends): its problems are reported in the
    /// calendar file, and once more at the SOP's `calendar:` line.
    static func load(parsed read: YAMLReader.Result, file: String, directory: String) -> Result {
        var result = finish(read, file: file, directory: directory)
        if let logo = result.definition?.identity.logo, let problem = logoProblem(logo, directory: directory) {
            result.diagnostics.append(Diagnostic(.logoFile, "logo '\(logo)' cannot be printed: \(problem)", at: result.sourceMap.location(of: "identity.logo"),
                                                 hint: "a PNG, JPEG or SVG file of at most 2 MiB, relative to the SOP file, e.g. `logo: logo-kabupaten.png`"))
            result.diagnostics = result.diagnostics.sortedForOutput()
        }
        guard let name = result.definition?.calendar else { return result }
        let at = result.sourceMap.location(of: "calendar")
        if let path = calendarPath(name, directory: directory) {
            let shown = name.hasPrefix("/") ? name : VariantResolver.join(directory: VariantResolver.directory(of: file), name)
            let calendar = CalendarLoader.load(path: path, displayPath: shown)
            guard calendar.diagnostics.hasErrors else { return result }
            let errors = calendar.diagnostics.errorCount
            result.diagnostics += calendar.diagnostics
            result.diagnostics.append(Diagnostic(.calendarNotFound, "calendar '\(name)' cannot be used: \(errors) error\(errors == 1 ? "" : "s") in it",
                                                 at: at, hint: "fix the calendar (its problems are listed at its own lines), or name another"))
            result.texts.merge(calendar.texts) { a, _ in a }
        } else {
            result.diagnostics.append(Diagnostic(.calendarNotFound, "calendar '\(name)' does not exist", at: at,
                                                 hint: "the path is relative to the SOP file, e.g. `calendar: calendars/serdang-bedagai.yaml`"))
        }
        result.diagnostics = result.diagnostics.sortedForOutput()
        return result
    }

    /// The calendar file an SOP names, resolved against the SOP's folder, if it exists.
    public static func calendarPath(_ name: String, directory: String) -> String? {
        let url = URL(fileURLWithPath: name, relativeTo: URL(fileURLWithPath: directory, isDirectory: true))
        let path = url.standardizedFileURL.path
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// Loads the calendar named by `sop`, which was loaded from `sopPath`.
    public static func calendar(for sop: SOPDefinition, sopPath: String) -> CalendarLoader.Result? {
        guard let name = sop.calendar, let path = calendarPath(name, directory: directory(of: sopPath)) else { return nil }
        return CalendarLoader.load(path: path)
    }

    /// The logo `sop` names, read from beside `sopPath`; nil when it names none. Throws
    /// ``LogoError`` when the file is gone or is no image (`sop validate` reports both as SOP038).
    public static func logo(for sop: SOPDefinition, sopPath: String) throws -> LogoImage? {
        guard let name = sop.identity.logo else { return nil }
        let bytes = try readLogo(name, directory: directory(of: sopPath))
        guard let image = LogoImage(checking: bytes) else {
            throw LogoError(name: name, problem: LogoImage.problem(bytes) ?? "the file is not an image")
        }
        return image
    }

    public struct LogoError: Error, CustomStringConvertible {
        public var name: String, problem: String
        public var description: String { "logo '\(name)' cannot be printed: \(problem)" }
    }

    static func readLogo(_ name: String, directory: String) throws(LogoError) -> [UInt8] {
        let path = URL(fileURLWithPath: name, relativeTo: URL(fileURLWithPath: directory, isDirectory: true)).standardizedFileURL.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw LogoError(name: name, problem: "the file does not exist")
        }
        guard !isDirectory.boolValue else { throw LogoError(name: name, problem: "it is a folder, not a file") }
        // Never read more than a logo may be: a huge file is refused by its size.
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > LogoImage.maxBytes {
            throw LogoError(name: name, problem: "the file is \(size / 1024) KiB, larger than the \(LogoImage.maxBytes >> 20) MiB a logo may be")
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw LogoError(name: name, problem: "the file cannot be read") }
        return [UInt8](data)
    }

    /// Why the logo `name`, beside an SOP in `directory`, cannot be printed; nil when it can.
    public static func logoProblem(_ name: String, directory: String) -> String? {
        do { return LogoImage.problem(try readLogo(name, directory: directory)) } catch { return error.problem }
    }

    static func directory(of path: String) -> String {
        URL(fileURLWithPath: path).deletingLastPathComponent().path
    }

    /// `directory` is the folder the file was read from (by default the displayed path's), where
    /// the base a variant `extends` is looked for.
    static func finish(_ read: YAMLReader.Result, file: String, directory: String? = nil) -> Result {
        var texts: [String: String] = [:]
        if let text = read.text { texts[file] = text }
        guard let parsed = read.root else {
            return Result(file: file, definition: nil, sourceMap: SourceMap(file: file),
                          diagnostics: read.diagnostics, text: read.text, texts: texts)
        }
        // A variant (`extends:`) is merged with its bases first; the merged tree keeps every
        // node's own file and position.
        var resolver = VariantResolver()
        let resolved = resolver.resolve(parsed, file: file, directory: directory)
        texts.merge(resolver.texts) { a, _ in a }
        guard let root = resolved else {
            return Result(file: file, definition: nil, sourceMap: SourceMap(file: file, root: parsed),
                          diagnostics: (read.diagnostics + resolver.diagnostics).sortedForOutput(), text: read.text, texts: texts)
        }
        // Every problem in one run: around structural errors (and changes of a variant that did
        // not apply) the meaning of what could be read is still checked, and the checks that
        // need the parts left out wait until those are fixed. Only a sound definition is handed on.
        var decoder = SOPDecoder(file: file)
        let decoded = decoder.decode(root)
        if resolver.diagnostics.hasErrors {
            // A change that did not apply leaves the steps uncertain, not the lanes or documents.
            decoder.unread.anonymous.insert(.steps)
            decoder.unread.wholeUnchecked = true
        }
        var diagnostics = read.diagnostics + resolver.diagnostics + decoder.d.diagnostics
        let map = SourceMap(file: file, root: root)
        if let decoded {
            diagnostics += SemanticValidator().validate(decoded, sourceMap: map, unread: decoder.unread)
        }
        let sound = !decoder.isPartial && !resolver.diagnostics.hasErrors
        return Result(file: file, definition: sound ? decoded : nil, sourceMap: map,
                      diagnostics: diagnostics.sortedForOutput(), text: read.text, texts: texts)
    }

    /// The flattened YAML tree of a file (its `extends` resolved), for `sop resolve`.
    public static func resolvedTree(path: String) -> (root: YAMLValue?, diagnostics: [Diagnostic]) {
        let read = YAMLReader.read(path: path)
        guard let root = read.root else { return (nil, read.diagnostics) }
        var resolver = VariantResolver()
        let resolved = resolver.resolve(root, file: path)
        return (resolved, read.diagnostics + resolver.diagnostics)
    }
}
