import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import SOPCore
import SOPServer
import Testing

/// Operations (issue 13, item 7): an access log line per request that carries the route, the
/// status, the latency and the officer, and nothing personal; `/metrics` for Prometheus.
@Suite struct OperationsTests {
    typealias F = ServerFixtures

    @Test func everyRequestIsLoggedWithItsRouteStatusAndOfficerAndNothingPersonal() async throws {
        let log = LogCapture()
        var config = try F.config()
        config.logger = log.logger
        let app = try await buildApplication(config, host: "127.0.0.1", port: 0)
        let secret = "Nama: Siti Aminah, HP 0812-3456-7890, jalan rusak"
        let code = try await app.test(.live) { client in
            let code = try await F.file(client, secret)
            try await client.execute(uri: "/public/complaints/\(code)", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/cases?status=open", method: .get, headers: F.headers("humas")) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/cases/\(code)", method: .get, headers: F.headers("humas")) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/cases/NO-SUCH", method: .get, headers: F.headers("humas")) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/api/cases", method: .get, headers: F.headers(nil)) { #expect($0.status == .unauthorized) }
            return code
        }
        let requests = log.all.filter { $0.message == "request" }
        #expect(requests.map { "\($0.metadata["method"] ?? "") \($0.metadata["route"] ?? "") \($0.metadata["status"] ?? "") \($0.metadata["officer"] ?? "-")" } == [
            "POST /public/complaints 201 -",
            "GET /public/complaints/{code} 200 -",
            "GET /api/cases 200 humas",
            "GET /api/cases/{id} 200 humas",
            "GET /api/cases/{id} 404 humas",
            "GET /api/cases 401 -",
        ])
        for line in requests { #expect(Double(line.metadata["ms"] ?? "") != nil) }
        // Nothing personal, no tracking code, no token, no query string anywhere in the log.
        let everything = log.all.map { "\($0.message) \($0.metadata)" }.joined(separator: "\n")
        for leak in ["Siti", "0812", code, "tok-humas", "status=open"] {
            #expect(!everything.contains(leak), "the log holds \(leak)")
        }
    }

    @Test func metricsAreServedInPrometheusTextToTheLocalScraperOnly() async throws {
        let app = try await buildApplication(try F.config(), host: "127.0.0.1", port: 0)
        try await app.test(.live) { client in
            _ = try await F.file(client)
            try await client.execute(uri: "/api/cases/NONE", method: .get, headers: F.headers("humas")) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/metrics", method: .get) { r in
                #expect(r.status == .ok)
                #expect(r.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
                let text = String(buffer: r.body)
                #expect(text.contains("# TYPE hb_requests counter"))
                let line = text.split(separator: "\n").first { $0.hasPrefix("hb_requests{") && $0.contains("http_route=\"/public/complaints\"") && $0.contains("\"201\"") }
                #expect(line.map { Int($0.split(separator: " ").last ?? "") ?? 0 } ?? 0 >= 1, "\(text)")
                #expect(text.contains("http_route=\"/api/cases/{id}\""))
                #expect(text.contains("sop_case_events_total{type=\"case-opened\"}"))
                #expect(text.contains("http_server_request_duration_bucket"))
            }
            // Through a proxy (a forwarded request) it does not exist.
            var forwarded = HTTPFields()
            forwarded[HTTPField.Name("X-Forwarded-For")!] = "203.0.113.9"
            try await client.execute(uri: "/metrics", method: .get, headers: forwarded) { #expect($0.status == .notFound) }
        }
    }
}
