import Foundation
import SOPCore
import SOPLoader
import Synchronization
import Testing

/// The officers file as a running server watches it.
@Suite struct OfficerDirectoryTests {
    static func officer(_ id: String, _ token: String, name: String = "Petugas") -> Deployment.Officer {
        .init(id: id, name: name, roles: ["help-desk"], tokenHash: Deployment.Officer.hash(token))
    }

    func file(_ officers: [Deployment.Officer]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sop-directory-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("officers.yaml").path
        try write(officers, path)
        return path
    }

    func write(_ officers: [Deployment.Officer], _ path: String) throws {
        try Data(DeploymentLoader.officersFile(officers).utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    final class Warnings: Sendable {
        let list = Mutex<[String]>([])
        var all: [String] { list.withLock { $0 } }
        func add(_ s: String) { list.withLock { $0.append(s) } }
    }

    @Test func changesAreReadAndBrokenFilesKeepTheLastGoodOfficers() throws {
        let path = try file([Self.officer("a", "tok-a", name: "Siti Aminah")])
        let warnings = Warnings()
        let directory = OfficerDirectory([], file: path, checkInterval: .zero, warn: { warnings.add($0) })
        #expect(directory.officer(token: "tok-a")?.id == "a")
        #expect(directory.officer(id: "a")?.name == "Siti Aminah")
        #expect(directory.officer(token: "") == nil && directory.officer(token: "tok-b") == nil)
        try write([Self.officer("a", "tok-a", name: "Siti Aminah"), Self.officer("b", "tok-b")], path)
        #expect(directory.officer(token: "tok-b")?.id == "b")
        // Invalid: the last good officers stay, with one warning naming no officer.
        try "format: sop-officers/v1\nofficers:\n  - {id: c, name: Budi Santoso, roles: [x], token: tok-c}\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        #expect(directory.officer(token: "tok-b")?.id == "b")
        #expect(directory.officer(token: "tok-c") == nil)
        #expect(directory.roster.officers.count == 2)
        #expect(warnings.all.count == 1, "\(warnings.all)")
        #expect(warnings.all.allSatisfy { $0.contains(path) && $0.contains("line 3") && !$0.contains("Budi") && !$0.contains("tok-c") })
        // Gone: the same, once.
        try FileManager.default.removeItem(atPath: path)
        #expect(directory.officer(token: "tok-a")?.id == "a")
        #expect(directory.officer(token: "tok-a")?.id == "a")
        #expect(warnings.all.count == 2, "\(warnings.all)")
        #expect(!warnings.all.contains { $0.contains("Siti") })
        // Back and valid.
        try write([Self.officer("c", "tok-c")], path)
        #expect(directory.officer(token: "tok-c")?.id == "c" && directory.officer(token: "tok-a") == nil)
    }

    @Test func theFileIsLookedAtAtMostOncePerInterval() throws {
        let path = try file([Self.officer("a", "tok-a")])
        let directory = OfficerDirectory([], file: path, checkInterval: .seconds(3600))
        #expect(directory.officer(token: "tok-a")?.id == "a")
        try write([Self.officer("b", "tok-b")], path)
        // Within the interval, the officers as last read.
        #expect(directory.officer(token: "tok-a")?.id == "a" && directory.officer(token: "tok-b") == nil)
        let quick = OfficerDirectory([], file: path, checkInterval: .milliseconds(50))
        #expect(quick.officer(token: "tok-b")?.id == "b")
        try write([Self.officer("c", "tok-c")], path)
        Thread.sleep(forTimeInterval: 0.1)
        #expect(quick.officer(token: "tok-c")?.id == "c")
    }

    @Test func withoutAFileTheOfficersAreFixed() {
        let directory = OfficerDirectory([Self.officer("a", "tok-a")])
        #expect(directory.officer(token: "tok-a")?.id == "a")
        #expect(directory.file == nil)
    }
}
