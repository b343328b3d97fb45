import ArgumentParser
import Foundation
import SOPCore
import SOPLoader

/// `sop list [DIR]`: every SOP in a folder, one line each.
struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the SOPs in a folder with their total standard time.")

    @Argument(help: "Folder to search (default: sops).")
    var directory: String = "sops"

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    struct Entry: Encodable {
        var file: String
        var id: String?
        var agency: String?
        var number: String?
        var name: String?
        var steps: Int?
        var total: TimeTotal?
        var errors: Int
    }

    func run() throws {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDir), isDir.boolValue else {
            throw ValidationError("'\(directory)' is not a folder")
        }
        var entries: [Entry] = []
        for file in InputFiles.expand([directory]).files {
            let read = YAMLReader.read(path: file)
            if read.isCalendar { continue }
            let result = SOPLoader.load(parsed: read, file: file)
            let sop = result.definition
            entries.append(Entry(file: file, id: sop?.id, agency: sop?.identity.agency.regency, number: sop?.identity.number,
                                 name: sop?.identity.name, steps: sop?.steps.count, total: sop?.mainPathTotal,
                                 errors: result.diagnostics.errorCount))
        }
        switch format {
        case .json:
            Console.current.out(try JSON.encode(entries))
        case .text:
            var table = TextTable([("Agency", 26), ("Number", 28), ("Name", 24), ("Steps", 5), ("Total standard time", 40)])
            for e in entries {
                let total = e.errors > 0 ? "invalid: \(e.errors) error(s) — sop validate \(e.file)" : (e.total?.summary ?? "—")
                table.add([e.agency ?? e.file, e.number ?? "—", e.name ?? "—", e.steps.map(String.init) ?? "—", total])
            }
            Console.current.out(table.render())
            Console.current.out("\(entries.count) SOP\(entries.count == 1 ? "" : "s") in \(directory)")
        }
    }
}
