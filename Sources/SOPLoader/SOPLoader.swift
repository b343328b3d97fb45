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

        /// The definition when there are no errors at all.
        public var validDefinition: SOPDefinition? { diagnostics.hasErrors ? nil : definition }
    }

    public static func load(path: String, displayPath: String? = nil) -> Result {
        let read = YAMLReader.read(path: path, displayPath: displayPath)
        return finish(read, file: displayPath ?? path)
    }

    public static func load(text: String, file: String = "<input>") -> Result {
        finish(YAMLReader.parse(text: text, file: file), file: file)
    }

    /// Loads from an already parsed file (so a caller that looked at the YAML first
    /// does not read it twice).
    public static func load(parsed read: YAMLReader.Result, file: String) -> Result {
        finish(read, file: file)
    }

    static func finish(_ read: YAMLReader.Result, file: String) -> Result {
        guard let root = read.root else {
            return Result(file: file, definition: nil, sourceMap: SourceMap(file: file),
                          diagnostics: read.diagnostics, text: read.text)
        }
        var decoder = SOPDecoder(file: file)
        let definition = decoder.decode(root)
        var diagnostics = decoder.d.diagnostics
        if let definition {
            diagnostics += SemanticValidator().validate(definition, sourceMap: decoder.d.map)
        }
        return Result(file: file, definition: definition, sourceMap: decoder.d.map,
                      diagnostics: diagnostics.sortedForOutput(), text: read.text)
    }
}
