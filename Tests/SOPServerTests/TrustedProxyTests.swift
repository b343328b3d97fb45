import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SOPCore
import SOPLoader
import SOPServer
import Testing

/// The client address behind a reverse proxy: `X-Forwarded-For` counts only when the direct
/// peer is a trusted proxy, and then its right-most untrusted address is the client.
@Suite struct TrustedProxyTests {
    typealias F = ServerFixtures

    func file(_ client: some TestClientProtocol, from forwarded: String?) async throws -> HTTPResponse.Status {
        var h = F.headers(nil)
        if let forwarded { h[HTTPField.Name("X-Forwarded-For")!] = forwarded }
        return try await client.execute(uri: "/public/complaints", method: .post, headers: h,
                                        body: F.json(["complaint": "Izin usaha saya belum terbit."])) { $0.status }
    }

    @Test func forwardedForIsHonouredFromATrustedProxy() async throws {
        let app = try await buildApplication(try F.config(rate: 1) { $0.trustedProxies = ["127.0.0.1", "10.9.9.9"] }, host: "127.0.0.1", port: 0)
        try await app.test(.live) { client async throws in
            #expect(try await file(client, from: "203.0.113.7") == .created)
            #expect(try await file(client, from: "203.0.113.7") == .tooManyRequests)
            // Another client behind the same proxy has its own allowance.
            #expect(try await file(client, from: "203.0.113.8") == .created)
            // What the client wrote left of the proxy's entry is not believed; a chain of trusted proxies is skipped.
            #expect(try await file(client, from: "198.51.100.1, 203.0.113.7") == .tooManyRequests)
            #expect(try await file(client, from: "203.0.113.9, 10.9.9.9") == .created)
            #expect(try await file(client, from: "198.51.100.2, 203.0.113.9, 10.9.9.9") == .tooManyRequests)
            // No header: the proxy itself.
            #expect(try await file(client, from: nil) == .created)
            #expect(try await file(client, from: nil) == .tooManyRequests)
        }
    }

    @Test func forwardedForIsIgnoredFromAnyOtherPeer() async throws {
        let app = try await buildApplication(try F.config(rate: 1) { $0.trustedProxies = ["10.9.9.9"] }, host: "127.0.0.1", port: 0)
        try await app.test(.live) { client async throws in
            #expect(try await file(client, from: "203.0.113.7") == .created)
            // A different header from the same untrusted peer is the same client.
            #expect(try await file(client, from: "203.0.113.8") == .tooManyRequests)
        }
    }

    @Test func aBadProxyAddressIsLocated() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sop-proxy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("d.yaml").path
        func load(_ proxies: String) throws -> DeploymentLoader.Result {
            try """
                format: sop-deployment/v1
                agency: Uji
                sops: [\(F.root.appendingPathComponent("sops/lamandau-pengaduan.yaml").path)]
                database: cases.db
                officers: officers.yaml
                listen:
                  trustedProxies: \(proxies)
                """.write(toFile: path, atomically: true, encoding: .utf8)
            return DeploymentLoader.load(path: path)
        }
        let good = try #require(try load("[127.0.0.1, \"::1\", \"::ffff:10.0.0.1\"]").deployment)
        #expect(good.trustedProxies == ["127.0.0.1", "::1", "10.0.0.1"])
        let bad = try load("[127.0.0.1, nginx.local, 10.0.0.300]")
        #expect(bad.deployment == nil)
        let messages = bad.diagnostics.map { "\($0.location?.line ?? 0):\($0.location?.column ?? 0) \($0.message)" }
        #expect(messages.contains { $0.hasPrefix("7:") && $0.contains("listen.trustedProxies[1] 'nginx.local' is not an IPv4 or IPv6 address") },
                "\(messages)")
        #expect(messages.contains { $0.hasPrefix("7:") && $0.contains("listen.trustedProxies[2] '10.0.0.300'") }, "\(messages)")
    }
}
