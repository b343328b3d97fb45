import Foundation
import Logging
import SOPCore
import SOPStore

/// Turns the store's notices into deliveries and sends the due ones, once each: run by
/// `sop serve` every few seconds (``NotifierLoop``) and by `sop notify run` from cron, on as
/// many machines as share the database. A delivery is claimed for a lease before it is sent
/// and recorded as sent after; a sender that dies in between leaves it to another after the
/// lease, so a message is sent at least once and, but for a crash in that instant, once (its
/// Message-ID and Idempotency-Key stay the same, for the receiver to fold a repeat).
public struct Notifier: Sendable {
    public var cases: any CaseStore
    public var outbox: any NotificationStore
    public var messages: NoticeMessages
    public var transport: any DeliveryTransport
    /// The officers as they are now (the officers file is watched).
    public var roster: @Sendable () -> OfficerRoster
    public var clock: @Sendable () -> Instant
    public var lease: Int64 = 300
    public var logger: Logger

    public init(cases: any CaseStore, outbox: any NotificationStore, messages: NoticeMessages, transport: any DeliveryTransport,
                roster: @escaping @Sendable () -> OfficerRoster, clock: @escaping @Sendable () -> Instant,
                logger: Logger = Logger(label: "sop.notify")) {
        self.cases = cases; self.outbox = outbox; self.messages = messages; self.transport = transport
        self.roster = roster; self.clock = clock; self.logger = logger
    }

    public struct Run: Sendable, Equatable, Encodable {
        public var noticesExpanded = 0
        public var sent = 0
        public var retrying = 0
        public var failed = 0

        public init() {}
    }

    /// The wait before attempt `n + 1` after `n` failed ones: 1, 2, 4 … minutes, at most an hour.
    public static func backoff(afterAttempts n: Int) -> Int64 {
        min(3600, 60 << Int64(max(0, min(n - 1, 10))))
    }

    /// One pass: every pending notice made into deliveries, then every due delivery sent.
    @discardableResult
    public func runOnce(limit: Int = 500) async throws -> Run {
        var run = Run()
        let now = clock()
        for notice in try await outbox.pendingNotices(limit: limit) {
            let events = try await cases.events(caseID: notice.caseID)
            guard let state = CaseState.fold(events), let definition = try await cases.definition(hash: state.definitionHash),
                  let calendar = try await cases.calendar(id: state.calendarID)?.definition else {
                logger.error("a notice's case cannot be read", metadata: ["case": .string(notice.caseID)])
                try await outbox.expand(notice, into: [])
                continue
            }
            let deliveries = messages.deliveries(notice, state: state, definition: definition, calendar: calendar, roster: roster(), now: now)
            try await outbox.expand(notice, into: deliveries)
            run.noticesExpanded += 1
        }
        for d in try await outbox.claimDeliveries(now: now, lease: lease, limit: limit) {
            let meta: Logger.Metadata = ["case": .string(d.caseID), "seq": .stringConvertible(d.sequence), "channel": .string(d.channel.rawValue),
                                         "officer": .string(d.officer ?? "-"), "attempt": .stringConvertible(d.attempts)]
            do {
                try await transport.send(d, at: now)
                try await outbox.markSent(d, at: clock())
                run.sent += 1
                logger.info("notification sent", metadata: meta)
            } catch {
                let failure = error as? DeliveryFailure ?? DeliveryFailure(code: "internal", detail: "\(type(of: error))", permanent: false)
                let giveUp = failure.permanent || d.attempts >= messages.notifications.maxAttempts
                let retry = giveUp ? nil : clock().adding(seconds: Self.backoff(afterAttempts: d.attempts))
                try await outbox.markFailed(d, error: failure.description, retryAt: retry, at: clock())
                if giveUp { run.failed += 1 } else { run.retrying += 1 }
                var m = meta
                m["code"] = .string(failure.code)
                logger.warning(giveUp ? "notification given up" : "notification will be retried", metadata: m)
            }
        }
        return run
    }
}
