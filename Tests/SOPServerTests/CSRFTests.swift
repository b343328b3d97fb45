import Foundation
import Hummingbird
import HummingbirdTesting
import SOPCore
import SOPServer
import Testing

/// Every form the pages post carries a CSRF value: without it, or with another browser's or
/// session's, the post is refused 403 with a page saying so (in Indonesian unless
/// `?lang=en`), and nothing changes.
@Suite struct CSRFTests {
    typealias F = ServerFixtures

    func expectRefused(_ r: TestResponse, lang: String = "id") {
        #expect(r.status == .forbidden)
        let html = String(buffer: r.body)
        #expect(r.headers[.contentType] == "text/html; charset=utf-8")
        #expect(html.contains(lang == "en" ? "This form was refused" : "Formulir ini ditolak"), "\(html)")
        #expect(r.headers[.setCookie]?.hasPrefix("sop_session=") != true)
    }

    @Test func signInNeedsTheFormsValueAndItsCookie() async throws {
        let app = try await buildApplication(try F.config(), host: "127.0.0.1", port: 0)
        try await app.test(.live) { client in
            let (cookie, csrf) = try await F.signInForm(client)
            let (otherCookie, _) = try await F.signInForm(client)
            let token = F.tokens["loket"]!
            var withCookie = F.formHeaders
            withCookie[.cookie] = cookie
            var otherBrowser = F.formHeaders
            otherBrowser[.cookie] = otherCookie
            for (headers, body) in [(F.formHeaders, "token=\(token)"), (withCookie, "token=\(token)"), (F.formHeaders, "csrf=\(csrf)&token=\(token)"),
                                    (withCookie, "csrf=\(String(repeating: "0", count: 64))&token=\(token)"),
                                    (otherBrowser, "csrf=\(csrf)&token=\(token)")] {
                try await client.execute(uri: "/masuk", method: .post, headers: headers, body: ByteBuffer(string: body)) { expectRefused($0) }
            }
            try await client.execute(uri: "/masuk?lang=en", method: .post, headers: F.formHeaders, body: ByteBuffer(string: "token=\(token)")) {
                expectRefused($0, lang: "en")
            }
            try await client.execute(uri: "/masuk", method: .post, headers: withCookie, body: ByteBuffer(string: "csrf=\(csrf)&token=\(token)")) { r in
                #expect(r.status == .seeOther && r.headers[.setCookie]?.hasPrefix("sop_session=") == true)
            }
        }
    }

    @Test func completionAndSignOutNeedTheSessionsValue() async throws {
        let app = try await buildApplication(try F.config(), host: "127.0.0.1", port: 0)
        try await app.test(.live) { client in
            try await client.execute(uri: "/api/cases", method: .post, headers: F.headers("loket"),
                                     body: F.json(["sop": "lamandau-pengaduan", "caseID": "CSRF-1", "documents": [F.document("pengaduan")]])) {
                #expect($0.status == .created)
            }
            let pengadu = try await F.webSignIn(client, "pengadu")
            let other = try await F.webSignIn(client, "loket")
            #expect(pengadu.csrf.count == 64 && other.csrf.count == 64 && pengadu.csrf != other.csrf)
            var session = HTTPFields()
            session[.cookie] = pengadu.cookie
            let page = try await client.execute(uri: "/kasus/CSRF-1", method: .get, headers: session) { String(buffer: $0.body) }
            // Every form on the page carries the session's value first.
            let forms = page.matches(of: /<form method="post"[^>]*>\s*<input type="hidden" name="csrf" value="([0-9a-f]+)">/).map { String($0.1) }
            #expect(forms.count == 2 && forms.allSatisfy { $0 == pengadu.csrf }, "\(forms)")
            #expect(page.matches(of: /<form\s/).count == forms.count)

            let boundary = "----sopBoundary"
            func part(_ name: String, _ value: String) -> String {
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
            }
            var multipart = HTTPFields()
            multipart[.contentType] = "multipart/form-data; boundary=\(boundary)"
            multipart[.cookie] = pengadu.cookie
            let role = try #require(page.firstMatch(of: /name="role" value="([^"]+)"/).map { String($0.1) })
            let version = try #require(page.firstMatch(of: /name="version" value="(\d+)"/).map { Int($0.1)! })
            let fields = part("step", "sampaikan-permasalahan") + part("role", role) + part("version", String(version))
            for csrf in [nil, other.csrf, ""] as [String?] {
                let body = (csrf.map { part("csrf", $0) } ?? "") + fields + "--\(boundary)--\r\n"
                try await client.execute(uri: "/kasus/CSRF-1/selesai", method: .post, headers: multipart, body: ByteBuffer(string: body)) {
                    expectRefused($0)
                }
            }
            try await client.execute(uri: "/api/cases/CSRF-1", method: .get, headers: F.headers("loket")) { r in
                #expect(F.body(r)["version"] as? Int == version, "a refused form changed nothing")
            }
            let body = part("csrf", pengadu.csrf) + fields + "--\(boundary)--\r\n"
            try await client.execute(uri: "/kasus/CSRF-1/selesai", method: .post, headers: multipart, body: ByteBuffer(string: body)) { r in
                #expect(r.status == .seeOther && r.headers[.location] == "/papan?lang=id&selesai=CSRF-1", "\(r.status)")
            }

            // Sign-out: refused without the value (still signed in), done with it.
            var form = F.formHeaders
            form[.cookie] = pengadu.cookie
            try await client.execute(uri: "/keluar", method: .post, headers: form, body: ByteBuffer(string: "")) { expectRefused($0) }
            try await client.execute(uri: "/keluar", method: .post, headers: form, body: ByteBuffer(string: "csrf=\(other.csrf)")) { expectRefused($0) }
            try await client.execute(uri: "/papan", method: .get, headers: session) { #expect($0.status == .ok) }
            try await client.execute(uri: "/keluar", method: .post, headers: form, body: ByteBuffer(string: "csrf=\(pengadu.csrf)")) { r in
                #expect(r.status == .seeOther)
            }
            try await client.execute(uri: "/papan", method: .get, headers: session) { #expect($0.status == .seeOther) }
            // The JSON API takes no cookies and needs no form value.
            try await client.execute(uri: "/api/cases/CSRF-1/complete", method: .post, headers: F.headers("loket"),
                                     body: F.json(["step": "catat-permasalahan", "documents": [F.document("catatan-pengaduan")]])) {
                #expect($0.status == .ok)
            }
        }
    }
}
