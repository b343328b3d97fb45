import Foundation
import SOPCore
import SOPLoader
import Testing

/// The server's new deployment settings: read when given, defaults otherwise, and a value out
/// of range reported where it is written.
@Suite struct DeploymentSettingsTests {
    func load(_ extra: String) throws -> DeploymentLoader.Result {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sop-deploy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let sop = ServerFixtures.root.appendingPathComponent("sops/lamandau-pengaduan.yaml").path
        let path = dir.appendingPathComponent("d.yaml").path
        try """
            format: sop-deployment/v1
            agency: Uji
            sops: [\(sop)]
            database: cases.db
            officers: officers.yaml
            \(extra)
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return DeploymentLoader.load(path: path)
    }

    @Test func settingsAreReadAndDefaulted() throws {
        let defaults = try #require(try load("").deployment)
        #expect(defaults.connections == .init(idleTimeout: 30, requestTimeout: 120, perAddress: 64))
        #expect(defaults.sessions == .init(idleMinutes: 30, maxHours: 12))
        #expect(defaults.publicBodyLimit == 256 << 10 && !defaults.secureCookies)
        let set = try #require(try load("""
            listen: {publicURL: "https://lapor.example.go.id", idleTimeout: 5, requestTimeout: 20, connectionsPerAddress: 200}
            sessions: {idleMinutes: 15, maxHours: 8}
            public: {sop: lamandau-pengaduan, bodyLimit: 65536}
            """).deployment)
        #expect(set.connections == .init(idleTimeout: 5, requestTimeout: 20, perAddress: 200))
        #expect(set.sessions == .init(idleMinutes: 15, maxHours: 8))
        #expect(set.publicBodyLimit == 65536 && set.secureCookies && set.publicURL == "https://lapor.example.go.id")
    }

    @Test func outOfRangeValuesAreLocated() throws {
        let result = try load("""
            listen: {idleTimeout: 0, publicURL: "ftp://x"}
            sessions: {maxHours: 1000}
            """)
        #expect(result.deployment == nil)
        let messages = result.diagnostics.map { "\($0.location?.line ?? 0): \($0.message)" }
        #expect(messages.contains { $0.hasPrefix("6:") && $0.contains("listen.idleTimeout must be 1 to 3600 seconds, not 0") }, "\(messages)")
        #expect(messages.contains { $0.hasPrefix("6:") && $0.contains("listen.publicURL must start with https://") }, "\(messages)")
        #expect(messages.contains { $0.hasPrefix("7:") && $0.contains("sessions.maxHours must be 1 to 168 hours") }, "\(messages)")
    }
}
