import Foundation
import Hummingbird
import HummingbirdTesting
import SOPCore
import SOPLoader
import SOPServer
import SOPStore
import SOPStoreSQLite
import SOPStorePostgres
import Testing

/// A deployment of both seed SOPs on an in-memory store with a fixed clock, and officers
/// with known tokens.
enum ServerFixtures {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func sop(_ file: String) -> ServerConfig.LoadedSOP {
        let path = root.appendingPathComponent("sops/\(file)").path
        let sop = SOPLoader.load(path: path).validDefinition!
        return .init(definition: sop, hash: sop.contentHash, calendar: SOPLoader.calendar(for: sop, sopPath: path)!.definition!)
    }

    /// Tokens by officer id; the deployment stores their hashes only.
    static let tokens = [
        "humas": "tok-humas", "fungsional": "tok-fungsional", "kadis": "tok-kadis",
        "loket": "tok-loket", "kabid": "tok-kabid", "kadpm": "tok-kadpm", "pengadu": "tok-pengadu",
        "imb-loket": "tok-imb-loket", "imb-teknis": "tok-imb-teknis", "imb-kabid": "tok-imb-kabid", "imb-kadis": "tok-imb-kadis",
        "imb-data": "tok-imb-data", "humas2": "tok-humas2",
    ]

    /// The licensing SOP's officers: the counter (who also records what the applicant hands
    /// in), the technical team, the head of the licensing division, the head of office, data.
    static let licensingOfficers = [
        officer("imb-loket", ["pengadministrasi-perizinan", "pemohon"]), officer("imb-teknis", ["tim-teknis"]),
        officer("imb-kabid", ["kepala-bidang-perizinan"]), officer("imb-kadis", ["kepala-dinas"]), officer("imb-data", ["pengelola-data"]),
    ]

    /// A deployment of the licensing SOP (parallel branches, the applicant's turn, timers)
    /// with its officers, besides the seeds' ones.
    static func licensing(now: String = "2026-03-02T09:00", clock: Clock? = nil,
                          sops: [ServerConfig.LoadedSOP]? = nil) throws -> ServerConfig {
        var config = try self.config(now: now, clock: clock, sops: []) { $0.officers += licensingOfficers }
        config.sops = sops ?? [sop("dpmptsp-imb-jatim.yaml")]
        return config
    }

    static func officer(_ id: String, _ roles: [String]) -> Deployment.Officer {
        .init(id: id, name: id.capitalized, roles: roles, tokenHash: Deployment.Officer.hash(tokens[id]!))
    }

    static func config(now: String = "2026-03-02T09:00", rate: Int = 5, documentLimit: Int = 10 << 20, clock given: Clock? = nil,
                       store: (any CaseStore)? = nil, sops: [String] = ["serdang-bedagai-pengaduan.yaml", "lamandau-pengaduan.yaml"],
                       _ adjust: (inout Deployment) -> Void = { _ in }) throws -> ServerConfig {
        let clock = given ?? Clock(Instant.parse(now, defaultUTCOffsetSeconds: 7 * 3600)!)
        var deployment = Deployment(
            agency: "Uji", sops: [], database: ":memory:", documentLimit: documentLimit, publicSOP: "serdang-bedagai-pengaduan",
            publicRateLimit: .init(requests: rate, perSeconds: 60),
            officers: [officer("humas", ["pranata-humas"]), officer("fungsional", ["fungsional-muda"]), officer("kadis", ["kepala-dinas"]),
                       officer("loket", ["help-desk"]), officer("kabid", ["kabid-perizinan"]), officer("kadpm", ["kepala-dinas"]),
                       officer("pengadu", ["pengadu", "pemohon"])])
        adjust(&deployment)
        return ServerConfig(deployment: deployment, sops: sops.map(sop), store: try store ?? SQLiteCaseStore(), clock: clock.now)
    }

    /// The stores a server is tested on: SQLite in memory, and PostgreSQL when a server is
    /// given (`SOP_TEST_POSTGRES_URL`, set by `make test` on a throwaway cluster).
    enum Store: String, CaseIterable, CustomTestStringConvertible, Sendable {
        case sqlite = "SQLite"
        case postgres = "PostgreSQL"

        var testDescription: String { rawValue }

        static var allCases: [Store] {
            ProcessInfo.processInfo.environment["SOP_TEST_POSTGRES_URL"].map { $0.isEmpty ? [.sqlite] : [.sqlite, .postgres] } ?? [.sqlite]
        }

        func make() async throws -> any CaseStore {
            switch self {
            case .sqlite: return try SQLiteCaseStore()
            case .postgres:
                let server = ProcessInfo.processInfo.environment["SOP_TEST_POSTGRES_URL"]!
                let name = "sop_server_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
                return try await PostgresCaseStore(url: try await PostgresCaseStore.createDatabase(on: server, named: name), maximumConnections: 4)
            }
        }
    }

    /// A clock tests move forward.
    final class Clock: @unchecked Sendable {
        private let lock = NSLock()
        private var current: Instant
        init(_ start: Instant) { current = start }
        convenience init(_ text: String) { self.init(Instant.parse(text, defaultUTCOffsetSeconds: 7 * 3600)!) }
        var now: @Sendable () -> Instant { { self.lock.withLock { self.current } } }
        func advance(seconds: Int64) { lock.withLock { current = Instant(secondsSinceEpoch: current.secondsSinceEpoch + seconds) } }
    }

    static func json(_ object: Any) -> ByteBuffer {
        ByteBuffer(bytes: try! JSONSerialization.data(withJSONObject: object))
    }

    static func headers(_ officer: String?) -> HTTPFields {
        var h = HTTPFields()
        h[.contentType] = "application/json"
        if let officer { h[.authorization] = "Bearer \(tokens[officer] ?? officer)" }
        return h
    }

    static func document(_ id: String, _ text: String = "isi") -> [String: Any] {
        ["document": id, "name": "\(id).txt", "mediaType": "text/plain", "content": Data("\(id): \(text)".utf8).base64EncodedString()]
    }

    /// Files a public complaint; its tracking code.
    static func file(_ client: some TestClientProtocol, _ text: String = "Izin usaha saya belum terbit.") async throws -> String {
        try await client.execute(uri: "/public/complaints", method: .post, headers: headers(nil), body: json(["complaint": text])) { r in
            #expect(r.status == .created, "\(String(buffer: r.body))")
            return body(r)["trackingCode"] as? String ?? ""
        }
    }

    static func body(_ response: TestResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]) ?? [:]
    }
}
