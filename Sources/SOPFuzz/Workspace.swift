import Foundation
import SOPCore
import SOPLoader

/// A scratch copy of the shipped `sops/` folder that fuzz inputs are read in: the SOPs and
/// calendars an input can `extends:` or name, and the shipped SOPs loaded once to carry a
/// fuzzed calendar's timelines.
struct Workspace: Sendable {
    let directory: String
    let sops: [SOPDefinition]
    /// The shipped calendars, compiled, by standardized path.
    let calendars: [String: WorkingCalendar]

    /// `sops/` of the checkout (or `$SOP_FUZZ_SOPS`), copied into a new temporary folder that
    /// becomes the current directory.
    static func make() -> Workspace {
        let environment = ProcessInfo.processInfo.environment
        let source = environment["SOP_FUZZ_SOPS"] ?? URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("sops").path
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("sop-fuzz-\(ProcessInfo.processInfo.processIdentifier)").path
        try? FileManager.default.removeItem(atPath: directory)
        do {
            try FileManager.default.copyItem(atPath: source, toPath: directory)
        } catch {
            FileHandle.standardError.write(Data("sop-fuzz: cannot copy \(source) to \(directory): \(error)\n".utf8))
            exit(2)
        }
        // Inputs are read by names relative to it, as `sop validate` run in `sops/` reads them.
        guard FileManager.default.changeCurrentDirectoryPath(directory) else {
            FileHandle.standardError.write(Data("sop-fuzz: cannot change to \(directory)\n".utf8))
            exit(2)
        }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
        let sops = names.compactMap { SOPLoader.load(path: directory + "/" + $0).validDefinition }
        if sops.isEmpty {
            FileHandle.standardError.write(Data("sop-fuzz: no valid SOP in \(source)\n".utf8))
            exit(2)
        }
        var calendars: [String: WorkingCalendar] = [:]
        for name in ((try? FileManager.default.contentsOfDirectory(atPath: directory + "/calendars")) ?? []) where name.hasSuffix(".yaml") {
            let path = URL(fileURLWithPath: directory + "/calendars/" + name).standardizedFileURL.path
            calendars[path] = CalendarLoader.load(path: path).calendar
        }
        return Workspace(directory: directory, sops: sops, calendars: calendars)
    }
}
