import Foundation
import SOPCore
import SOPLoader

/// Any file `sop validate` understands, told apart by its `format` field.
enum DefinitionFile {
    struct Loaded: Sendable {
        var kind: String?
        var diagnostics: [Diagnostic]
        var text: String?
    }

    static func load(path: String) -> Loaded {
        let read = YAMLReader.read(path: path)
        if read.isCalendar {
            let result = CalendarLoader.load(path: path)
            return Loaded(kind: "calendar", diagnostics: result.diagnostics, text: read.text)
        }
        let result = SOPLoader.load(parsed: read, file: path)
        return Loaded(kind: read.root == nil ? nil : "sop", diagnostics: result.diagnostics, text: read.text)
    }
}
