import Foundation
import Hummingbird
import HummingbirdTesting
import SOPCore
import SOPServer
import SOPStore
import SOPStoreSQLite
import Testing

/// Issue 16, findings 12 and 13: colliding server-made case ids, `limit`/`offset` unchecked, a
/// public filing taking any field, the tracking answer saying more than it should, officers
/// choosing tracking codes, and another agency's cases listed.
@Suite struct RequestValidationTests {
    typealias F = ServerFixtures

    func error(_ r: TestResponse) -> (HTTPResponse.Status, String?, String?) {
        let e = F.body(r)["error"] as? [String: Any]
        return (r.status, e?["code"] as? String, e?["message"] as? String)
    }

    @Test func concurrentOpeningsGetDistinctIds() async throws {
        let app = try await buildApplication(try F.config())
        try await app.test(.router) { client in
            let ids = try await withThrowingTaskGroup(of: (HTTPResponse.Status, String?).self) { group in
                for _ in 0..<300 {
                    group.addTask {
                        try await client.execute(uri: "/api/cases", method: .post, headers: F.headers("loket"),
                                                 body: F.json(["sop": "lamandau-pengaduan", "documents": [F.document("pengaduan")]])) {
                            ($0.status, F.body($0)["caseID"] as? String)
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(ids.filter { $0.0 != .created }.isEmpty, "\(ids.filter { $0.0 != .created }.prefix(3))")
            #expect(Set(ids.compactMap(\.1)).count == 300)
            #expect(ids.allSatisfy { ($0.1 ?? "").hasPrefix("lamandau-pengaduan-") && ($0.1 ?? "").count <= 64 })
        }
    }

    @Test func limitAndOffsetAreChecked() async throws {
        let app = try await buildApplication(try F.config())
        try await app.test(.router) { client in
            for n in 1...3 {
                try await client.execute(uri: "/api/cases", method: .post, headers: F.headers("loket"),
                                         body: F.json(["sop": "lamandau-pengaduan", "caseID": "PAGE-\(n)", "documents": [F.document("pengaduan")]])) {
                    #expect($0.status == .created)
                }
            }
            for bad in ["limit=-1", "limit=0", "limit=1001", "limit=abc", "limit=", "offset=-1", "offset=x", "limit=99999999999999999999"] {
                try await client.execute(uri: "/api/cases?\(bad)", method: .get, headers: F.headers("humas")) { r in
                    let (status, code, message) = error(r)
                    #expect(status == .badRequest && code == "bad-query", "\(bad)")
                    #expect(message?.contains(bad.split(separator: "=")[0]) == true, "\(bad): \(message ?? "")")
                }
            }
            func ids(_ query: String) async throws -> [String] {
                try await client.execute(uri: "/api/cases?\(query)", method: .get, headers: F.headers("humas")) { r in
                    #expect(r.status == .ok)
                    return (F.body(r)["cases"] as? [[String: Any]])?.compactMap { $0["caseID"] as? String } ?? []
                }
            }
            #expect(try await ids("limit=1000") == ["PAGE-1", "PAGE-2", "PAGE-3"])
            #expect(try await ids("limit=1&offset=1") == ["PAGE-2"])
            #expect(try await ids("offset=3").isEmpty)
        }
    }

    @Test func thePublicFilingTakesOnlyItsOwnFields() async throws {
        let app = try await buildApplication(try F.config(rate: 10))
        try await app.test(.router) { client in
            try await client.execute(uri: "/public/complaints", method: .post, headers: F.headers(nil),
                                     body: F.json(["complaint": "Jalan rusak.", "padding": String(repeating: "x", count: 1000)])) { r in
                let (status, code, message) = error(r)
                #expect(status == .badRequest && code == "unknown-field")
                #expect(message?.contains("'padding'") == true)
            }
            // A body over the public limit (256 KiB by default) is 413 with the JSON error.
            try await client.execute(uri: "/public/complaints", method: .post, headers: F.headers(nil),
                                     body: F.json(["complaint": String(repeating: "x", count: 300_000)])) { r in
                #expect(error(r).0 == .contentTooLarge && error(r).1 == "too-large")
            }
            _ = try await F.file(client)
        }
    }

    @Test func theTrackingAnswerHasOnlyStatusStepAndReplies() async throws {
        let app = try await buildApplication(try F.config())
        try await app.test(.router) { client in
            let code = try await F.file(client)
            try await client.execute(uri: "/public/complaints/\(code)", method: .get) { r in
                #expect(r.status == .ok)
                #expect(Set(F.body(r).keys) == ["status", "currentStep", "replies"])
            }
        }
    }

    @Test func onlyPublicFilingsAreTrackable() async throws {
        let config = try F.config()
        let app = try await buildApplication(config)
        try await app.test(.router) { client in
            // An officer cannot choose a tracking code as a case id.
            try await client.execute(uri: "/api/cases", method: .post, headers: F.headers("humas"),
                                     body: F.json(["sop": "serdang-bedagai-pengaduan", "caseID": "LAPOR-ABCDEFGHJKMN",
                                                   "documents": [F.document("form-pengaduan")]])) { r in
                #expect(error(r).0 == .badRequest && error(r).1 == "reserved-case-id")
            }
            // A case given such an id another way (the command line, another program) is not trackable.
            let sop = try #require(config.sops.first { $0.definition.id == "serdang-bedagai-pengaduan" })
            let service = CaseService(store: config.store, clock: config.clock)
            try await service.open(definition: sop.definition, hash: sop.hash, calendar: sop.calendar, caseID: "LAPOR-ABCDEFGHJKMP", actor: "humas",
                                   uploads: [.init(document: "form-pengaduan", name: "f.txt", mediaType: "text/plain", bytes: Array("f".utf8))])
            try await client.execute(uri: "/api/cases/LAPOR-ABCDEFGHJKMP", method: .get, headers: F.headers("humas")) { #expect($0.status == .ok) }
            try await client.execute(uri: "/public/complaints/LAPOR-ABCDEFGHJKMP", method: .get) { r in
                #expect(error(r).0 == .notFound && error(r).1 == "unknown-complaint")
            }
            // A public filing is.
            let code = try await F.file(client)
            try await client.execute(uri: "/public/complaints/\(code)", method: .get) { #expect($0.status == .ok) }
        }
    }

    @Test func anotherAgencysCasesAreNotThisOnes() async throws {
        let shared = try SQLiteCaseStore()
        let serdang = try await buildApplication(try F.config(store: shared, sops: ["serdang-bedagai-pengaduan.yaml"]))
        let lamandau = try await buildApplication(try F.config(store: shared, sops: ["lamandau-pengaduan.yaml"]) { $0.publicSOP = nil })
        try await lamandau.test(.router) { client in
            try await client.execute(uri: "/api/cases", method: .post, headers: F.headers("loket"),
                                     body: F.json(["sop": "lamandau-pengaduan", "caseID": "OTHER-1", "documents": [F.document("pengaduan")]])) {
                #expect($0.status == .created)
            }
            try await client.execute(uri: "/api/cases", method: .get, headers: F.headers("loket")) { r in
                #expect((F.body(r)["cases"] as? [Any])?.count == 1)
            }
        }
        try await serdang.test(.router) { client in
            let code = try await F.file(client)
            func ids(_ uri: String, _ officer: String) async throws -> [String] {
                try await client.execute(uri: uri, method: .get, headers: F.headers(officer)) { r in
                    #expect(r.status == .ok, "\(uri)")
                    return (F.body(r)["cases"] as? [[String: Any]])?.compactMap { $0["caseID"] as? String } ?? []
                }
            }
            #expect(try await ids("/api/cases", "humas") == [code])
            #expect(try await ids("/api/cases?status=open", "humas") == [code])
            // The help desk is a Lamandau role: an officer of it here sees no Lamandau case in its queue.
            #expect(try await ids("/api/queues/help-desk", "loket").isEmpty)
            #expect(try await ids("/api/overdue", "humas").isEmpty)
            try await client.execute(uri: "/api/cases/OTHER-1", method: .get, headers: F.headers("humas")) { r in
                #expect(error(r).0 == .notFound && error(r).1 == "unknown-case")
            }
            try await client.execute(uri: "/api/cases/OTHER-1/complete", method: .post, headers: F.headers("pengadu"),
                                     body: F.json(["step": "sampaikan-permasalahan"])) { #expect(error($0).0 == .notFound) }
        }
    }
}
