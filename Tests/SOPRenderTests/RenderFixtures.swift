import Foundation
import SOPCore
import SOPLoader

enum RenderFixtures {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func load(_ file: String) -> (sop: SOPDefinition, calendar: WorkingCalendar) {
        let path = root.appendingPathComponent("sops/\(file)").path
        let sop = SOPLoader.load(path: path).validDefinition!
        return (sop, WorkingCalendar(SOPLoader.calendar(for: sop, sopPath: path)!.definition!))
    }

    static let serdang = load("serdang-bedagai-pengaduan.yaml")
    static let lamandau = load("lamandau-pengaduan.yaml")
    static let imb = load("dpmptsp-imb-jatim.yaml")
}
