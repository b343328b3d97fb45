import Foundation

/// Paths inside the checkout, found from this file so tests run from any directory.
enum Repository {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    static let serdangBedagai = path("sops/serdang-bedagai-pengaduan.yaml")
    static let lamandau = path("sops/lamandau-pengaduan.yaml")
    static let fixtures = path("Tests/SOPLoaderTests/Fixtures")

    /// A fresh temporary folder.
    static func temporaryDirectory() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sop-tests-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
