import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SOPCore
import SOPServer
import Testing

/// Issue 16, finding 10: no security headers on any page, and a session cookie without
/// `Secure` or expiry.
@Suite struct SecurityHeadersTests {
    typealias F = ServerFixtures

    static let signInForm: HTTPFields = {
        var form = HTTPFields()
        form[.contentType] = "application/x-www-form-urlencoded"
        return form
    }()

    func expectHeaders(_ r: TestResponse, _ what: String, cache: String = "no-store") {
        #expect(r.headers[.xContentTypeOptions] == "nosniff", "\(what)")
        #expect(r.headers[HTTPField.Name("X-Frame-Options")!] == "DENY", "\(what)")
        #expect(r.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer", "\(what)")
        #expect(r.headers[.cacheControl] == cache, "\(what)")
        let policy = r.headers[.contentSecurityPolicy] ?? ""
        #expect(policy.contains("default-src 'none'") && policy.contains("frame-ancestors 'none'"), "\(what): \(policy)")
        #expect(!policy.contains("unsafe-inline") && !policy.contains("script-src"), "\(what): \(policy)")
    }

    @Test func everyAnswerCarriesTheHeaders() async throws {
        let app = try await buildApplication(try F.config())
        try await app.test(.router) { client in
            try await client.execute(uri: "/masuk", method: .get) { r in
                #expect(r.status == .ok)
                expectHeaders(r, "sign-in page")
                // The page runs no script and has no inline style: the policy can forbid both.
                let html = String(buffer: r.body)
                #expect(!html.contains("<script") && !html.contains("<style") && !html.contains("style="))
                #expect(html.contains("<link rel=\"stylesheet\" href=\"/style.css\">"))
            }
            try await client.execute(uri: "/style.css", method: .get) { r in
                #expect(r.status == .ok && r.headers[.contentType] == "text/css; charset=utf-8")
                #expect(String(buffer: r.body).contains("tr.overdue td"))
                expectHeaders(r, "stylesheet", cache: "public, max-age=3600")
            }
            try await client.execute(uri: "/health", method: .get) { expectHeaders($0, "health") }
            try await client.execute(uri: "/api/cases", method: .get, headers: F.headers("humas")) { expectHeaders($0, "case list") }
            try await client.execute(uri: "/api/cases", method: .get) { r in
                #expect(r.status == .unauthorized)
                expectHeaders(r, "401")
            }
            try await client.execute(uri: "/nothing-here", method: .get) { r in
                #expect(r.status == .notFound)
                expectHeaders(r, "404")
            }
            let (csrfCookie, csrf) = try await F.signInForm(client)
            var form = Self.signInForm
            form[.cookie] = csrfCookie
            try await client.execute(uri: "/masuk", method: .post, headers: form, body: ByteBuffer(string: "csrf=\(csrf)&token=salah")) { r in
                #expect(r.status == .unauthorized)
                expectHeaders(r, "refused sign-in")
            }
        }
    }

    func signIn(_ client: some TestClientProtocol) async throws -> (cookie: String, setCookie: String) {
        let signedIn = try await F.webSignIn(client, "loket")
        return (signedIn.cookie, signedIn.setCookie)
    }

    func board(_ client: some TestClientProtocol, _ cookie: String) async throws -> HTTPResponse.Status {
        var h = HTTPFields()
        h[.cookie] = cookie
        return try await client.execute(uri: "/papan", method: .get, headers: h) { $0.status }
    }

    @Test func theCookieIsSecureBehindTLSAndExpires() async throws {
        let tls = try await buildApplication(try F.config { $0.publicURL = "https://lapor.example.go.id" })
        try await tls.test(.router) { client in
            let (_, setCookie) = try await signIn(client)
            let attributes = setCookie.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            #expect(attributes.contains("Secure") && attributes.contains("HttpOnly") && attributes.contains("SameSite=Strict"))
            #expect(attributes.contains("Max-Age=43200"), "\(setCookie)")
        }
        let plain = try await buildApplication(try F.config { $0.sessions = .init(idleMinutes: 30, maxHours: 2) })
        try await plain.test(.router) { client in
            let (_, setCookie) = try await signIn(client)
            #expect(!setCookie.contains("Secure") && setCookie.contains("Max-Age=7200"), "\(setCookie)")
        }
    }

    @Test func sessionsEndWhenIdleAndAtTheirAbsoluteLimit() async throws {
        let clock = F.Clock("2026-03-02T09:00")
        let app = try await buildApplication(try F.config(clock: clock) { $0.sessions = .init(idleMinutes: 30, maxHours: 2) })
        try await app.test(.router) { client in
            // Idle: used at 29 minutes, still there; 31 minutes after that, gone.
            let (idle, _) = try await signIn(client)
            clock.advance(seconds: 29 * 60)
            #expect(try await board(client, idle) == .ok)
            clock.advance(seconds: 31 * 60)
            #expect(try await board(client, idle) == .seeOther)
            // Absolute: used every 20 minutes, it still ends 2 hours after signing in.
            let (busy, _) = try await signIn(client)
            for _ in 0..<5 {
                clock.advance(seconds: 20 * 60)
                #expect(try await board(client, busy) == .ok)
            }
            clock.advance(seconds: 20 * 60)
            #expect(try await board(client, busy) == .seeOther)
        }
    }

    @Test func headAnswersLikeGetWithoutABody() async throws {
        let app = try await buildApplication(try F.config())
        try await app.test(.router) { client in
            let get = try await client.execute(uri: "/api/cases", method: .get, headers: F.headers("humas")) { $0.headers[.contentLength] }
            for (uri, officer) in [("/health", nil), ("/api/cases", "humas"), ("/masuk", nil), ("/style.css", nil)] as [(String, String?)] {
                try await client.execute(uri: uri, method: .head, headers: F.headers(officer)) { r in
                    #expect(r.status == .ok, "\(uri)")
                    #expect(r.body.readableBytes == 0, "\(uri)")
                    #expect(r.headers[.xContentTypeOptions] == "nosniff", "\(uri)")
                }
            }
            try await client.execute(uri: "/api/cases", method: .head, headers: F.headers("humas")) { #expect($0.headers[.contentLength] == get) }
            try await client.execute(uri: "/api/cases", method: .head) { #expect($0.status == .unauthorized) }
        }
    }
}
