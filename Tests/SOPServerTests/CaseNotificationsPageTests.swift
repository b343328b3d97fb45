import Foundation
import Hummingbird
import HummingbirdTesting
import SOPCore
import SOPServer
import SOPStore
import SOPStoreSQLite
import Testing

/// Issue 13, item 6: the reminders and escalations of a case are visible on its page, with
/// how each stands (sent, waiting with its last error, given up).
@Suite struct CaseNotificationsPageTests {
    typealias F = ServerFixtures

    @Test func theCasePageListsItsDeliveriesAndHowEachStands() async throws {
        let store = try SQLiteCaseStore()
        let app = try await buildApplication(try F.config(store: store))
        try await app.test(.router) { client in
            let code = try await F.file(client)
            let at = Instant.parse("2026-03-02T10:00", defaultUTCOffsetSeconds: 7 * 3600)!
            let notice = Notice(caseID: code, sequence: 1, at: at, action: .remind, step: "catat-pengaduan", to: nil)
            func delivery(_ to: String, _ officer: String?, _ channel: Delivery.Channel) -> Delivery {
                Delivery(caseID: code, sequence: 1, channel: channel, recipient: to, officer: officer,
                         subject: "Pengingat: <Mencatat> — kasus \(code)", body: "b", nextAttemptAt: at)
            }
            try await store.expand(notice, into: [delivery("humas@x.example.go.id", "humas", .email), delivery("http://127.0.0.1:9/h", nil, .webhook)])
            let claimed = try await store.claimDeliveries(now: at, lease: 300, limit: 10)
            try await store.markSent(claimed[0], at: at)
            try await store.markFailed(claimed[1], error: "webhook-unreachable: refused", retryAt: at.adding(seconds: 60), at: at)
            let session = try await OfficerSession.signIn(client, "humas")
            try await client.execute(uri: "/kasus/\(code)", method: .get, headers: session) { r in
                let html = String(buffer: r.body)
                #expect(r.status == .ok)
                #expect(html.contains("<h2>Pengingat dan eskalasi</h2>"))
                let rows = html.matches(of: /<tr data-notification[^>]*>(.*?)<\/tr>/).map { String($0.1) }
                #expect(rows.count == 2)
                #expect(rows.first?.contains("surel") == true && rows.first?.contains("terkirim") == true && rows.first?.contains("Humas") == true)
                #expect(rows.last?.contains("menunggu dikirim (webhook-unreachable)") == true, "\(rows)")
                #expect(html.contains("Pengingat: &lt;Mencatat&gt;"), "the subject is escaped")
                #expect(!html.contains("humas@x.example.go.id"), "no address on the page")
            }
        }
    }
}
