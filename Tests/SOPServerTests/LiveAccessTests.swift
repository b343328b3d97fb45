import Foundation
import Hummingbird
import HummingbirdTesting
import SOPCore
import SOPLoader
import SOPServer
import SOPStore
import SOPStoreSQLite
import Testing

/// Access that changes at once, over real HTTP: the officers file is watched (removed,
/// added and re-tokened officers count on the next request, API and web alike), and web
/// sessions live in the database (they survive a restart and still expire).
@Suite struct LiveAccessTests {
    typealias F = ServerFixtures

    /// A folder with an officers file of the fixtures' `ids`.
    static func officersFile(_ ids: [String]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sop-access-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("officers.yaml").path
        try write(ids.map { F.officer($0, ["help-desk"]) }, to: path)
        return path
    }

    static func write(_ officers: [Deployment.Officer], to path: String) throws {
        try Data(DeploymentLoader.officersFile(officers).utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// A deployment reading its officers from `file`, looked at on every request.
    static func config(_ file: String, clock: F.Clock? = nil, store: (any CaseStore)? = nil) throws -> ServerConfig {
        var config = try F.config(clock: clock, store: store) { d in
            d.officers = DeploymentLoader.loadOfficers(path: file).officers
            d.officersFile = file
        }
        config.officersCheckInterval = .zero
        return config
    }

    static func api(_ client: some TestClientProtocol, token: String) async throws -> HTTPResponse.Status {
        var h = F.headers(nil)
        h[.authorization] = "Bearer \(token)"
        return try await client.execute(uri: "/api/queues/help-desk", method: .get, headers: h) { $0.status }
    }

    static func board(_ client: some TestClientProtocol, _ cookie: String) async throws -> HTTPResponse.Status {
        var h = HTTPFields()
        h[.cookie] = cookie
        return try await client.execute(uri: "/papan", method: .get, headers: h) { $0.status }
    }

    @Test func removedAddedAndRotatedOfficersCountOnTheNextRequest() async throws {
        let file = try Self.officersFile(["loket", "humas"])
        let app = try await buildApplication(try Self.config(file), host: "127.0.0.1", port: 0)
        try await app.test(.live) { client in
            #expect(try await Self.api(client, token: "tok-loket") == .ok)
            #expect(try await Self.api(client, token: "tok-kabid") == .unauthorized)
            let loket = try await F.webSignIn(client, "loket")
            let humas = try await F.webSignIn(client, "humas")
            #expect(try await Self.board(client, loket.cookie) == .ok)

            // Removed: the token is refused and the officer's web session ends; the others stay.
            try Self.write([F.officer("humas", ["help-desk"])], to: file)
            #expect(try await Self.api(client, token: "tok-loket") == .unauthorized)
            #expect(try await Self.board(client, loket.cookie) == .seeOther)
            #expect(try await Self.api(client, token: "tok-humas") == .ok)
            #expect(try await Self.board(client, humas.cookie) == .ok)
            // Added back later, the old session stays ended.
            try Self.write([F.officer("humas", ["help-desk"]), F.officer("loket", ["help-desk"])], to: file)
            #expect(try await Self.board(client, loket.cookie) == .seeOther)

            // Added: accepted without a restart, on the API and the sign-in form.
            try Self.write([F.officer("humas", ["help-desk"]), F.officer("loket", ["help-desk"]), F.officer("kabid", ["help-desk"])], to: file)
            #expect(try await Self.api(client, token: "tok-kabid") == .ok)
            let kabid = try await F.webSignIn(client, "kabid")
            #expect(try await Self.board(client, kabid.cookie) == .ok)

            // Rotated: the old token is refused, the new accepted, and the session signed in with the old one ends.
            var rotated = F.officer("kabid", ["help-desk"])
            rotated.tokenHash = Deployment.Officer.hash("tok-kabid-baru")
            try Self.write([F.officer("humas", ["help-desk"]), F.officer("loket", ["help-desk"]), rotated], to: file)
            #expect(try await Self.api(client, token: "tok-kabid") == .unauthorized)
            #expect(try await Self.api(client, token: "tok-kabid-baru") == .ok)
            #expect(try await Self.board(client, kabid.cookie) == .seeOther)
            #expect(try await Self.board(client, humas.cookie) == .ok)

            // Roles changed: the session ends too (it was opened for the old roles).
            try Self.write([F.officer("humas", ["pranata-humas"]), F.officer("loket", ["help-desk"]), rotated], to: file)
            #expect(try await Self.board(client, humas.cookie) == .seeOther)

            // A broken file keeps the officers last read.
            try "format: sop-officers/v1\nofficers: [{id: x}]\n".write(toFile: file, atomically: true, encoding: .utf8)
            #expect(try await Self.api(client, token: "tok-kabid-baru") == .ok)
            try FileManager.default.removeItem(atPath: file)
            #expect(try await Self.api(client, token: "tok-kabid-baru") == .ok)
        }
    }

    @Test func twoServersOnOneOfficersFileAndDatabaseAgree() async throws {
        let file = try Self.officersFile(["loket"])
        let database = FileManager.default.temporaryDirectory.appendingPathComponent("sop-access-\(UUID().uuidString).db").path
        let a = try await buildApplication(try Self.config(file, store: try SQLiteCaseStore(path: database)), host: "127.0.0.1", port: 0)
        let b = try await buildApplication(try Self.config(file, store: try SQLiteCaseStore(path: database)), host: "127.0.0.1", port: 0)
        try await a.test(.live) { ca in
            try await b.test(.live) { cb in
                let session = try await F.webSignIn(ca, "loket")
                // Signed in on one node, known on the other.
                #expect(try await Self.board(cb, session.cookie) == .ok)
                try Self.write([], to: file)
                #expect(try await Self.api(ca, token: "tok-loket") == .unauthorized)
                #expect(try await Self.api(cb, token: "tok-loket") == .unauthorized)
                #expect(try await Self.board(cb, session.cookie) == .seeOther)
                #expect(try await Self.board(ca, session.cookie) == .seeOther)
            }
        }
    }

    @Test func sessionsSurviveARestartAndStillExpire() async throws {
        let file = try Self.officersFile(["loket"])
        let database = FileManager.default.temporaryDirectory.appendingPathComponent("sop-access-\(UUID().uuidString).db").path
        let clock = F.Clock("2026-03-02T09:00")
        let first = try await buildApplication(try Self.config(file, clock: clock, store: try SQLiteCaseStore(path: database)),
                                               host: "127.0.0.1", port: 0)
        let cookie = try await first.test(.live) { client in
            let cookie = try await F.webSignIn(client, "loket").cookie
            #expect(try await Self.board(client, cookie) == .ok)
            return cookie
        }
        let id = String(cookie.dropFirst("sop_session=".count))
        #expect(id.count == 64)
        // Only the id's hash is stored.
        let stored = try SQLiteCaseStore(path: database)
        await #expect(try stored.session(idHash: SHA256.hex(Array(id.utf8)))?.officerID == "loket")
        await #expect(try stored.session(idHash: id) == nil)
        for suffix in ["", "-wal"] {
            let bytes = (try? Data(contentsOf: URL(fileURLWithPath: database + suffix))) ?? Data()
            #expect(bytes.range(of: Data(id.utf8)) == nil, "the session id is in \(database + suffix)")
        }

        // A new server on the same database: still signed in.
        let restarted = try await buildApplication(try Self.config(file, clock: clock, store: try SQLiteCaseStore(path: database)),
                                                   host: "127.0.0.1", port: 0)
        try await restarted.test(.live) { client in
            #expect(try await Self.board(client, cookie) == .ok)
            // Idle past the deployment's 30 minutes: refused, and the row is gone.
            clock.advance(seconds: 31 * 60)
            #expect(try await Self.board(client, cookie) == .seeOther)
            await #expect(try stored.session(idHash: SHA256.hex(Array(id.utf8))) == nil)
            // Sign-out deletes the row.
            let again = try await F.webSignIn(client, "loket")
            let key = SHA256.hex(Array(again.cookie.dropFirst("sop_session=".count).utf8))
            await #expect(try stored.session(idHash: key) != nil)
            var h = F.formHeaders
            h[.cookie] = again.cookie
            try await client.execute(uri: "/keluar", method: .post, headers: h, body: ByteBuffer(string: "csrf=\(again.csrf)")) { r in
                #expect(r.status == .seeOther && r.headers[.location] == "/masuk?lang=id")
            }
            await #expect(try stored.session(idHash: key) == nil)
            #expect(try await Self.board(client, again.cookie) == .seeOther)
        }
    }
}
