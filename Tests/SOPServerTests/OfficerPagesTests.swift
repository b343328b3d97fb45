import Foundation
import Hummingbird
import HummingbirdTesting
import SOPCore
import SOPServer
import Testing

/// The officers' web page through the router: sign-in, the board, a case page and the
/// completion form (multipart, as a browser without JavaScript sends it).
@Suite struct OfficerPagesTests {
    typealias F = ServerFixtures

    @Test func signInCompleteAStepAndSeeTheBoardChange() async throws {
        let app = try await buildApplication(try F.config())
        try await app.test(.router) { client in
            // Not signed in: to the sign-in page; a wrong token is refused.
            try await client.execute(uri: "/papan", method: .get) { r in
                #expect(r.status == .seeOther && r.headers[.location] == "/masuk?lang=id")
            }
            let (csrfCookie, csrf) = try await F.signInForm(client)
            var form = F.formHeaders
            form[.cookie] = csrfCookie
            try await client.execute(uri: "/masuk", method: .post, headers: form, body: ByteBuffer(string: "csrf=\(csrf)&token=salah&lang=id")) { r in
                #expect(r.status == .unauthorized && String(buffer: r.body).contains("Token tidak dikenal"))
            }
            let cookie = try await client.execute(uri: "/masuk", method: .post, headers: form,
                                                  body: ByteBuffer(string: "csrf=\(csrf)&token=\(F.tokens["loket"]!)&lang=en")) { r in
                #expect(r.status == .seeOther && r.headers[.location] == "/papan?lang=en")
                let setCookie = try #require(r.headers[.setCookie])
                #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"))
                return String(setCookie.split(separator: ";")[0])
            }
            var session = HTTPFields()
            session[.cookie] = cookie
            // A Lamandau case waiting for the help desk.
            try await client.execute(uri: "/api/cases", method: .post, headers: F.headers("loket"),
                                     body: F.json(["sop": "lamandau-pengaduan", "caseID": "WEB-1", "documents": [F.document("pengaduan")]])) {
                #expect($0.status == .created)
            }
            try await client.execute(uri: "/api/cases/WEB-1/complete", method: .post, headers: F.headers("pengadu"),
                                     body: F.json(["step": "sampaikan-permasalahan"])) { #expect($0.status == .ok) }
            try await client.execute(uri: "/papan?lang=en", method: .get, headers: session) { r in
                let html = String(buffer: r.body)
                #expect(r.status == .ok && html.contains("Task board") && html.contains("data-case=\"WEB-1\""))
                #expect(html.contains("Mencatat permasalahan"))
            }
            let page = try await client.execute(uri: "/kasus/WEB-1", method: .get, headers: session) { String(buffer: $0.body) }
            #expect(page.contains("enctype=\"multipart/form-data\"") && page.contains("name=\"doc-catatan-pengaduan\""))
            let version = try #require(page.firstMatch(of: /name="version" value="(\d+)"/)?.1)
            let sessionCSRF = try #require(F.csrf(in: page))
            // The form as a browser sends it.
            let boundary = "----sopBoundary"
            var multipart = HTTPFields()
            multipart[.contentType] = "multipart/form-data; boundary=\(boundary)"
            multipart[.cookie] = cookie
            func part(_ name: String, _ value: String, file: String? = nil) -> String {
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"" + (file.map { "; filename=\"\($0)\"\r\nContent-Type: text/plain" } ?? "")
                    + "\r\n\r\n\(value)\r\n"
            }
            let body = part("csrf", sessionCSRF) + part("step", "catat-permasalahan") + part("role", "help-desk") + part("version", String(version))
                + part("doc-catatan-pengaduan", "dicatat di buku agenda", file: "catatan.txt") + "--\(boundary)--\r\n"
            try await client.execute(uri: "/kasus/WEB-1/selesai?lang=en", method: .post, headers: multipart, body: ByteBuffer(string: body)) { r in
                #expect(r.status == .seeOther && r.headers[.location] == "/papan?lang=en&selesai=WEB-1", "\(String(buffer: r.body))")
            }
            try await client.execute(uri: "/papan?lang=en&selesai=WEB-1", method: .get, headers: session) { r in
                let html = String(buffer: r.body)
                #expect(html.contains("Step completed for case WEB-1"))
                // The case moved on to the back office: off the help desk's board.
                #expect(!html.contains("data-case=\"WEB-1\""))
            }
            // Submitting the same form again (an old version) shows the conflict on the case page.
            try await client.execute(uri: "/kasus/WEB-1/selesai", method: .post, headers: multipart, body: ByteBuffer(string: body)) { r in
                #expect(r.status == .forbidden || r.status == .conflict)
            }
        }
    }
}
