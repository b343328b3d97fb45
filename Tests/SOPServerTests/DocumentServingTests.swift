import Foundation
import Hummingbird
import HummingbirdTesting
@testable import SOPServer
import Testing

/// Issue 16, finding 9: a reply uploaded as HTML was served back from the public tracking
/// route as `text/html` on the officers' origin, so a script in it ran as whoever opened it.
@Suite struct DocumentServingTests {
    typealias F = ServerFixtures

    /// A public complaint taken to its signed reply, the reply uploaded as `mediaType`.
    func reply(_ client: some TestClientProtocol, name: String, mediaType: String, content: String) async throws -> (code: String, url: String) {
        let code = try await F.file(client)
        let steps: [(String, String, String?, [[String: Any]])] = [
            ("catat-pengaduan", "humas", nil, [F.document("pengaduan-tercatat")]),
            ("telaah-pengaduan", "humas", nil, [F.document("pengaduan-tercatat"), F.document("telaahan-staf")]),
            ("periksa-draft", "fungsional", "setuju", [F.document("draft-surat-balasan")]),
            ("tandatangani-balasan", "kadis", "setuju",
             [["document": "surat-jawaban", "name": name, "mediaType": mediaType, "content": Data(content.utf8).base64EncodedString()]]),
        ]
        for (step, officer, outcome, documents) in steps {
            var body: [String: Any] = ["step": step, "documents": documents]
            if let outcome { body["outcome"] = outcome }
            try await client.execute(uri: "/api/cases/\(code)/complete", method: .post, headers: F.headers(officer), body: F.json(body)) { r in
                #expect(r.status == .ok, "\(step): \(String(buffer: r.body))")
            }
        }
        let url = try await client.execute(uri: "/public/complaints/\(code)", method: .get) { r in
            ((F.body(r)["replies"] as? [[String: Any]])?.first?["url"] as? String) ?? ""
        }
        return (code, url)
    }

    @Test func anHTMLReplyIsADownloadThatRunsNothing() async throws {
        let app = try await buildApplication(try F.config())
        try await app.test(.router) { client in
            let html = "<html><body><script>fetch('/api/cases')</script>Balasan</body></html>"
            let (_, url) = try await reply(client, name: "balasan.html", mediaType: "text/html", content: html)
            #expect(url.hasPrefix("/public/complaints/"))
            try await client.execute(uri: url, method: .get) { r in
                #expect(r.status == .ok)
                #expect(String(buffer: r.body) == html)
                #expect(r.headers[.contentType] == "application/octet-stream")
                #expect(r.headers[.contentDisposition] == "attachment; filename=\"balasan.html\"")
                #expect(r.headers[.xContentTypeOptions] == "nosniff")
                let policy = try #require(r.headers[.contentSecurityPolicy])
                #expect(policy.contains("default-src 'none'") && policy.contains("sandbox"))
                #expect(r.headers[.cacheControl] == "no-store")
            }
        }
    }

    @Test func svgAndXMLAreDownloadsTooAndPDFIsShownInline() async throws {
        let app = try await buildApplication(try F.config(rate: 10))
        try await app.test(.router) { client in
            for type in ["image/svg+xml", "application/xml", "text/xml", "application/xhtml+xml", "TEXT/HTML; charset=utf-8"] {
                let (_, url) = try await reply(client, name: "x", mediaType: type, content: "<svg onload='alert(1)'/>")
                try await client.execute(uri: url, method: .get) { r in
                    #expect(r.headers[.contentType] == "application/octet-stream", "\(type)")
                    #expect(r.headers[.contentDisposition]?.hasPrefix("attachment;") == true, "\(type)")
                }
            }
            let (_, url) = try await reply(client, name: "surat.pdf", mediaType: "application/pdf", content: "%PDF-1.4")
            try await client.execute(uri: url, method: .get) { r in
                #expect(r.headers[.contentType] == "application/pdf")
                #expect(r.headers[.contentDisposition] == "inline; filename=\"surat.pdf\"")
                #expect(r.headers[.contentSecurityPolicy]?.contains("sandbox") == true)
            }
        }
    }

    @Test func filenamesAreSafeAndNonASCIINamesKeptByRFC5987() {
        #expect(DocumentResponse.disposition("attachment", filename: "surat balasan.pdf") == "attachment; filename=\"surat balasan.pdf\"")
        #expect(DocumentResponse.disposition("attachment", filename: "../../etc/passwd") == "attachment; filename=\"passwd\"")
        #expect(DocumentResponse.disposition("attachment", filename: "a\"b;\r\nc.txt") == "attachment; filename=\"a_b_c.txt\"; filename*=UTF-8''a%22b%3Bc.txt")
        #expect(DocumentResponse.disposition("attachment", filename: "jawabán.pdf")
                == "attachment; filename=\"jawab_n.pdf\"; filename*=UTF-8''jawab%C3%A1n.pdf")
        #expect(DocumentResponse.disposition("inline", filename: "") == "inline; filename=\"document\"")
    }
}
