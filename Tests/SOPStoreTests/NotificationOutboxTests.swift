import Foundation
import SOPCore
import SOPNotify
import Testing
@testable import SOPStore
@testable import SOPStoreSQLite

/// Issue 13, item 6: a remind or escalate timer leaves its notice in the same write; the
/// notifier makes it into e-mails and a webhook post for the right officers and sends each
/// once, retried with backoff, given up after its attempts.
@Suite struct NotificationOutboxTests {
    let f = LicensingFixture.self

    /// Records what it is given; fails while `failing` is set.
    final class Recorder: DeliveryTransport, @unchecked Sendable {
        private let lock = NSLock()
        private var sent: [Delivery] = []
        var failing: DeliveryFailure?
        var all: [Delivery] { lock.withLock { sent } }
        func send(_ delivery: Delivery, at: Instant) async throws {
            if let failing = lock.withLock({ failing }) { throw failing }
            lock.withLock { sent.append(delivery) }
        }
    }

    final class TestClock: @unchecked Sendable {
        private let lock = NSLock()
        private var now: Instant
        init(_ now: Instant) { self.now = now }
        var read: @Sendable () -> Instant { { self.lock.withLock { self.now } } }
        func set(_ i: Instant) { lock.withLock { now = i } }
    }

    static let officers = [
        Deployment.Officer(id: "admin-1", name: "Ani Admin", roles: ["admin"], tokenHash: "h1", email: "ani@dinas.example.go.id"),
        Deployment.Officer(id: "admin-2", name: "Budi Admin", roles: ["admin"], tokenHash: "h2",
                           leave: [.init(from: CivilDate(iso: "2026-02-01")!, to: CivilDate(iso: "2026-02-06")!, substitute: "loket-1")],
                           email: "budi@dinas.example.go.id"),
        Deployment.Officer(id: "loket-1", name: "Citra Loket", roles: ["loket"], tokenHash: "h3", email: "citra@dinas.example.go.id"),
        Deployment.Officer(id: "kabid-1", name: "Dedi Kabid", roles: ["kabid"], tokenHash: "h4", email: "dedi@dinas.example.go.id"),
        Deployment.Officer(id: "teknis-1", name: "Eka Teknis", roles: ["teknis"], tokenHash: "h5"),
    ]

    func notifier(_ store: SQLiteCaseStore, _ transport: Recorder, _ clock: TestClock, webhook: Bool = true) -> Notifier {
        let n = Deployment.Notifications(smtp: .init(host: "127.0.0.1", port: 2525, from: "layanan@dinas.example.go.id"),
                                         webhook: webhook ? .init(url: "http://127.0.0.1:9/hook") : nil, maxAttempts: 3)
        return Notifier(cases: store, outbox: store,
                        messages: NoticeMessages(agency: "DPMPTSP Contoh", publicURL: "https://lapor.example.go.id", notifications: n),
                        transport: transport, roster: { OfficerRoster(Self.officers) }, clock: clock.read)
    }

    @Test func aReminderAndAnEscalationReachTheirOfficersOnceEach() async throws {
        let store = try SQLiteCaseStore()
        let service = CaseFixtures.service(store)
        try await f.openForked(service, id: "IZ-N1")
        await #expect(try store.pendingNotices(limit: 10).isEmpty, "no notice before a timer fires")
        // At 12:00 the fee calculation's reminder (10:30) and its escalation (11:30) fire.
        await #expect(try service.fireDueTimers(at: f.at("2026-02-02T12:00")) == 2)
        let notices = try await store.pendingNotices(limit: 10)
        #expect(notices.map(\.action) == [.remind, .escalate] && notices.allSatisfy { $0.step == "retribusi" })
        #expect(notices.last?.to == "kabid")
        let transport = Recorder()
        let clock = TestClock(f.at("2026-02-02T12:01"))
        let run = try await notifier(store, transport, clock).runOnce()
        #expect(run.noticesExpanded == 2 && run.sent == 5 && run.failed == 0)
        let sent = transport.all
        // The reminder: the admin role's officers, Budi on leave replaced by Citra who acts for him.
        let reminders = sent.filter { $0.sequence == notices[0].sequence && $0.channel == .email }
        #expect(reminders.map(\.recipient) == ["ani@dinas.example.go.id", "citra@dinas.example.go.id"])
        // The escalation: the Kepala Bidang.
        #expect(sent.filter { $0.sequence == notices[1].sequence && $0.channel == .email }.map(\.officer) == ["kabid-1"])
        let mail = try #require(reminders.first)
        #expect(mail.subject == "Pengingat: Menghitung retribusi — kasus IZ-N1")
        #expect(mail.body.contains("Yth. Ani Admin,") && mail.body.contains("Langkah: 5. Menghitung retribusi")
                && mail.body.contains("Batas waktu: 2026-02-02 11:30 WIB") && mail.body.contains("Buka: https://lapor.example.go.id/kasus/IZ-N1"))
        // One webhook post per notice, with whom it concerns.
        let hooks = sent.filter { $0.channel == .webhook }
        #expect(hooks.count == 2)
        let payload = try #require(try JSONSerialization.jsonObject(with: Data(hooks[1].body.utf8)) as? [String: Any])
        #expect(payload["type"] as? String == "escalate" && payload["escalatedTo"] as? String == "kabid" && payload["caseID"] as? String == "IZ-N1")
        // Again: nothing new, nothing sent twice; every delivery shows as sent on the case.
        let again = try await notifier(store, transport, clock).runOnce()
        #expect(again == Notifier.Run() && transport.all.count == 5)
        let shown = try await store.deliveries(caseID: "IZ-N1")
        #expect(shown.count == 5 && shown.allSatisfy { $0.status == .sent && $0.attempts == 1 })
    }

    @Test func aFailedDeliveryIsRetriedWithBackoffThenGivenUpAndAPermanentRefusalAtOnce() async throws {
        let store = try SQLiteCaseStore()
        let service = CaseFixtures.service(store)
        try await f.openForked(service, id: "IZ-N2")
        try await service.fireDueTimers(at: f.at("2026-02-02T11:00"))  // the reminder only
        let transport = Recorder()
        transport.failing = DeliveryFailure(code: "smtp-connect", detail: "connection refused", permanent: false)
        let clock = TestClock(f.at("2026-02-02T11:00"))
        let notifier = notifier(store, transport, clock, webhook: false)
        var run = try await notifier.runOnce()
        #expect(run.retrying == 2 && run.sent == 0)
        // Not due again before the backoff (1 minute after the first failure, 2 after the second).
        clock.set(f.at("2026-02-02T11:00").adding(seconds: 30))
        #expect(try await notifier.runOnce() == Notifier.Run())
        clock.set(f.at("2026-02-02T11:01"))
        run = try await notifier.runOnce()
        #expect(run.retrying == 2)
        let pending = try await store.deliveries(caseID: "IZ-N2")
        #expect(pending.allSatisfy { $0.attempts == 2 && $0.status == .pending && $0.lastError == "smtp-connect: connection refused" })
        #expect(pending.allSatisfy { $0.nextAttemptAt == f.at("2026-02-02T11:03") })
        // The third attempt is the last (maxAttempts 3): given up, shown as failed.
        clock.set(f.at("2026-02-02T11:03"))
        run = try await notifier.runOnce()
        #expect(run.failed == 2)
        await #expect(try store.deliveries(caseID: "IZ-N2").allSatisfy { $0.status == .failed })
        #expect(Notifier.backoff(afterAttempts: 1) == 60 && Notifier.backoff(afterAttempts: 3) == 240 && Notifier.backoff(afterAttempts: 20) == 3600)

        // A 5xx refusal is given up at the first attempt.
        try await f.openForked(service, id: "IZ-N3")
        try await service.fireDueTimers(at: f.at("2026-02-02T11:00"))
        transport.failing = DeliveryFailure(code: "smtp-rcpt", detail: "550 no such user", permanent: true)
        run = try await notifier.runOnce()
        #expect(run.failed == 2 && run.retrying == 0)
        // Once the relay answers, nothing given up is sent.
        transport.failing = nil
        clock.set(f.at("2026-02-02T13:00"))
        #expect(try await notifier.runOnce().sent == 0 && transport.all.isEmpty)
    }

    /// A sender that dies after claiming leaves the delivery to another after the lease, never before.
    @Test func aClaimedDeliveryIsLeftAloneForItsLease() async throws {
        let store = try SQLiteCaseStore()
        let service = CaseFixtures.service(store)
        try await f.openForked(service, id: "IZ-N4")
        try await service.fireDueTimers(at: f.at("2026-02-02T11:00"))
        let notice = try await #require(try store.pendingNotices(limit: 1).first)
        let d = Delivery(caseID: "IZ-N4", sequence: notice.sequence, channel: .email, recipient: "ani@dinas.example.go.id", officer: "admin-1",
                         subject: "s", body: "b", nextAttemptAt: f.at("2026-02-02T11:00"))
        try await store.expand(notice, into: [d, d])
        await #expect(try store.pendingNotices(limit: 1).isEmpty)
        let t = f.at("2026-02-02T11:00")
        await #expect(try store.claimDeliveries(now: t, lease: 300, limit: 10).count == 1)
        await #expect(try store.claimDeliveries(now: t.adding(seconds: 299), lease: 300, limit: 10).isEmpty)
        await #expect(try store.claimDeliveries(now: t.adding(seconds: 300), lease: 300, limit: 10).first?.attempts == 2)
        // Expanded again (a second server racing): the delivery is kept as it is.
        try await store.expand(notice, into: [d])
        await #expect(try store.deliveries(caseID: "IZ-N4").map(\.attempts) == [2])
    }
}
