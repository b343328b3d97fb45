import Foundation
import SOPCore
import SOPLoader

/// Any file `sop validate` understands, told apart by its `format` field.
enum DefinitionFile {
    struct Loaded {
        var kind: String?
        var diagnostics: [Diagnostic]
        var text: String?
    }

    static func load(path: String) -> Loaded {
        let read = YAMLReader.read(path: path)
        let result = SOPLoader.load(parsed: read, file: path)
        return Loaded(kind: read.root == nil ? nil : "sop", diagnostics: result.diagnostics, text: read.text)
    }
}
