import Foundation
import SOPCore
import SOPLoader

/// Any file `sop validate` understands, told apart by its `format` field.
enum DefinitionFile {
    struct Loaded: Sendable {
        var kind: String?
        var diagnostics: [Diagnostic]
        /// Every file's text by displayed path (a variant's bases too).
        var texts: [String: String]
    }

    static func load(path: String) -> Loaded {
        let read = YAMLReader.read(path: path)
        if read.isCalendar {
            let result = CalendarLoader.load(path: path)
            return Loaded(kind: "calendar", diagnostics: result.diagnostics, texts: read.text.map { [path: $0] } ?? [:])
        }
        let result = SOPLoader.load(parsed: read, file: path)
        return Loaded(kind: read.root == nil ? nil : "sop", diagnostics: result.diagnostics, texts: result.texts)
    }
}
