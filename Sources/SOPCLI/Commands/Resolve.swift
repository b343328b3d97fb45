import ArgumentParser
import Foundation
import SOPCore
import SOPLoader

/// `sop resolve FILE`: a variant flattened into the complete SOP it stands for.
struct Resolve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print an SOP with its `extends` resolved: the complete SOP a variant stands for.",
        discussion: """
        YAML keeps the key order and can be loaded on its own (it validates against schemas/sop.schema.json); \
        JSON is the canonical form whose SHA-256 pins running cases. Problems are reported at the line that \
        caused them, in the variant or in its base.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case yaml, json }

    @Argument(help: "The SOP file (a variant or a complete SOP).") var file: String
    @Option(help: "yaml or json.") var format: Format = .yaml
    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?

    func run() throws {
        let sop = try loadValid(file)
        let sink = try OutputSink(path: output)
        defer { try? sink.close() }
        switch format {
        case .json:
            try sink.write(try JSON.encode(sop) + "\n")
        case .yaml:
            guard var root = SOPLoader.resolvedTree(path: file).root else { throw ExitCode(1) }
            // The calendar path is relative to the SOP file; written elsewhere, it must point to the same file.
            if let output, let calendar = sop.calendar, let path = SOPLoader.calendarPath(calendar, directory: Self.directory(file)) {
                root = root.replacing(key: "calendar", with: path.relativePath(from: URL(fileURLWithPath: Self.directory(output)).standardizedFileURL.path))
            }
            let header = """
                # yaml-language-server: $schema=\(schemaPath())
                # Resolved by `sop resolve \(file)`: the complete SOP, every `extends` applied.
                """
            try sink.write(YAMLEmitter.emit(root, header: header))
        }
    }

    static func directory(_ path: String) -> String { URL(fileURLWithPath: path).deletingLastPathComponent().path }

    /// The schema path as seen from where the output goes (the repository's `schemas/`).
    func schemaPath() -> String {
        let directory = output.map { ($0 as NSString).deletingLastPathComponent } ?? "."
        return URL(fileURLWithPath: "schemas/sop.schema.json").path.relativePath(from: URL(fileURLWithPath: directory.isEmpty ? "." : directory).path)
    }
}

extension String {
    /// This absolute path relative to the absolute `directory`.
    func relativePath(from directory: String) -> String {
        let a = split(separator: "/"), b = directory.split(separator: "/")
        var k = 0
        while k < a.count - 1 && k < b.count && a[k] == b[k] { k += 1 }
        return (Array(repeating: "..", count: b.count - k) + a[k...].map(String.init)).joined(separator: "/")
    }
}
