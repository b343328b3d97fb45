import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Signing in and posting forms as a browser does: the sign-in page gives a CSRF cookie and
/// the form's hidden `csrf` value; a signed-in page gives the value bound to the session.
extension ServerFixtures {
    /// The hidden `csrf` value of the first form on a page.
    static func csrf(in html: String) -> String? {
        html.firstMatch(of: /name="csrf" value="([0-9a-f]*)"/).map { String($0.1) }
    }

    /// The sign-in page's CSRF cookie (`sop_csrf=…`) and its form's value.
    static func signInForm(_ client: some TestClientProtocol) async throws -> (cookie: String, csrf: String) {
        try await client.execute(uri: "/masuk", method: .get) { r in
            #expect(r.status == .ok)
            let setCookie = try #require(r.headers[.setCookie])
            #expect(setCookie.hasPrefix("sop_csrf=") && setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"))
            return (String(setCookie.split(separator: ";")[0]), try #require(csrf(in: String(buffer: r.body))))
        }
    }

    static var formHeaders: HTTPFields {
        var form = HTTPFields()
        form[.contentType] = "application/x-www-form-urlencoded"
        return form
    }

    /// Signs `officer` in (or any token) through the form; the session cookie (`sop_session=…`),
    /// the whole Set-Cookie, and the CSRF value of the session's forms.
    static func webSignIn(_ client: some TestClientProtocol, token: String, lang: String = "id")
        async throws -> (cookie: String, setCookie: String, csrf: String) {
        let (csrfCookie, value) = try await signInForm(client)
        var h = formHeaders
        h[.cookie] = csrfCookie
        let (cookie, setCookie) = try await client.execute(uri: "/masuk", method: .post, headers: h,
                                                           body: ByteBuffer(string: "csrf=\(value)&token=\(token)&lang=\(lang)")) { r in
            #expect(r.status == .seeOther, "\(String(buffer: r.body))")
            let setCookie = r.headers[.setCookie] ?? ""
            return (String(setCookie.split(separator: ";")[0]), setCookie)
        }
        var session = HTTPFields()
        session[.cookie] = cookie
        let board = try await client.execute(uri: "/papan", method: .get, headers: session) { String(buffer: $0.body) }
        return (cookie, setCookie, csrf(in: board) ?? "")
    }

    static func webSignIn(_ client: some TestClientProtocol, _ officer: String, lang: String = "id")
        async throws -> (cookie: String, setCookie: String, csrf: String) {
        try await webSignIn(client, token: tokens[officer]!, lang: lang)
    }
}
