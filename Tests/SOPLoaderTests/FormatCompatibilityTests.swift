import Foundation
import Testing
import SOPCore
@testable import SOPLoader

/// Files written for the first release (`Fixtures/wave1`, copies of the seeds as they were)
/// still load unchanged and keep the definition hash their running cases are pinned to.
@Suite struct FormatCompatibilityTests {
    static let folder = Repository.path("Tests/SOPLoaderTests/Fixtures/wave1")

    static var pinned: [(id: String, hash: String)] {
        let text = (try? String(contentsOfFile: folder + "/HASHES", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map { line in
            let parts = line.split(separator: " ")
            return (String(parts[0]), String(parts[1]))
        }
    }

    @Test func firstReleaseFilesKeepTheirDefinitionHash() throws {
        #expect(Self.pinned.count == 3)
        for (id, hash) in Self.pinned {
            let result = SOPLoader.load(path: "\(Self.folder)/\(id).yaml")
            #expect(!result.diagnostics.hasErrors, "\(id): \(result.diagnostics.map { $0.rendered() })")
            #expect(result.definition?.contentHash == hash, "\(id)")
        }
    }

    @Test func timesWrittenAsTextReadAsTheMappingForm() {
        let text = SOPLoader.load(path: "\(Self.folder)/serdang-bedagai-pengaduan.yaml")
        let yaml = try! String(contentsOfFile: "\(Self.folder)/serdang-bedagai-pengaduan.yaml", encoding: .utf8)
            .replacingOccurrences(of: "time: {value: 60, unit: working-days}", with: "time: \"60 hari kerja\"")
        let written = SOPLoader.load(text: yaml, file: "serdang.yaml")
        #expect(written.definition?.step("telaah-pengaduan")?.time?.deadline == text.definition?.step("telaah-pengaduan")?.time)
        #expect(written.definition?.step("telaah-pengaduan")?.time?.written == "60 hari kerja")
    }
}
