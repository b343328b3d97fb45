import Foundation
import Hummingbird
import HummingbirdTesting
import SOPCore
import SOPServer
import Testing

/// The server on a free loopback port, over real HTTP.
@Suite struct LiveServerTests {
    typealias F = ServerFixtures

    @Test func aCaseOverRealHTTP() async throws {
        let app = try await buildApplication(try F.config(), host: "127.0.0.1", port: 0)
        try await app.test(.live) { client in
            try await client.execute(uri: "/health", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/cases", method: .post, headers: F.headers("loket"),
                                     body: F.json(["sop": "lamandau-pengaduan", "caseID": "LIVE-1", "documents": [F.document("pengaduan")]])) {
                #expect($0.status == .created)
            }
            try await client.execute(uri: "/api/cases/LIVE-1/complete", method: .post, headers: F.headers("pengadu"),
                                     body: F.json(["step": "sampaikan-permasalahan"])) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/cases/LIVE-1/complete", method: .post, headers: F.headers("kabid"),
                                     body: F.json(["step": "catat-permasalahan"])) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/api/cases/LIVE-1", method: .get, headers: F.headers(nil)) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/api/queues/help-desk", method: .get, headers: F.headers("loket")) { r in
                #expect(((F.body(r)["cases"] as? [[String: Any]])?.map { $0["caseID"] as? String }) == ["LIVE-1"])
            }
        }
    }
}
