import Foundation
import SOPCore

/// Expands the paths given on the command line into YAML files, in a stable order.
enum InputFiles {
    static func expand(_ paths: [String]) -> (files: [String], diagnostics: [Diagnostic]) {
        var files: [String] = []
        var diagnostics: [Diagnostic] = []
        let fm = FileManager.default
        for path in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
                diagnostics.append(Diagnostic(.unreadable, "no such file or folder",
                                              at: SourceLocation(file: path, line: 1, column: 1), hint: "check the path"))
                continue
            }
            guard isDir.boolValue else { files.append(path); continue }
            let base = path.hasSuffix("/") ? String(path.dropLast()) : path
            let found = (fm.enumerator(atPath: base)?.compactMap { $0 as? String } ?? [])
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
                .filter { !$0.split(separator: "/").contains { $0.hasPrefix(".") } }
                .sorted()
            files += found.map { "\(base)/\($0)" }
        }
        return (files, diagnostics)
    }
}
