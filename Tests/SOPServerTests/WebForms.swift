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

    /// Posts the completion form of `step` on a case page as a browser does: every hidden field
    /// of that form (the CSRF value, step, role, version, and `onBehalf` when the form has it),
    /// the chosen outcome and reason, and a small text file for each of `files`. The status
    /// and the redirect's location.
    static func submitCompletion(_ client: some TestClientProtocol, _ id: String, page: String, step: String, cookie: String,
                                 outcome: String? = nil, reason: String? = nil, files: [String]) async throws -> (HTTPResponse.Status, String?) {
        let form = try #require(page.firstMatch(of: try Regex("<form[^>]*data-step=\"\(step)\">(.*?)</form>").dotMatchesNewlines())?.output[1].substring)
        let hidden = form.matches(of: /<input type="hidden" name="([^"]+)" value="([^"]*)">/).map { (String($0.1), String($0.2)) }
        #expect(hidden.map(\.0).contains("csrf") && hidden.map(\.0).contains("version"), "the form of \(step) has no CSRF value or version")
        let boundary = "----sopBoundary"
        func part(_ name: String, _ value: String, file: String? = nil) -> String {
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"" + (file.map { "; filename=\"\($0)\"\r\nContent-Type: text/plain" } ?? "")
                + "\r\n\r\n\(value)\r\n"
        }
        var body = hidden.map { part($0.0, $0.1) }.joined()
        if let outcome { body += part("outcome", outcome) }
        if let reason { body += part("reason", reason) }
        for f in files { body += part("doc-\(f)", "isi \(f)", file: "\(f).txt") }
        body += "--\(boundary)--\r\n"
        var h = HTTPFields()
        h[.contentType] = "multipart/form-data; boundary=\(boundary)"
        h[.cookie] = cookie
        return try await client.execute(uri: "/kasus/\(id)/selesai", method: .post, headers: h, body: ByteBuffer(string: body)) { r in
            (r.status, r.headers[.location])
        }
    }
}
