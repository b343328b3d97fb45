import SOPCore

/// A reminder or escalation to send: written by the store in the same transaction as the
/// `timer-fired` event that makes it (a remind or escalate timer), so a fired timer always
/// leaves its notice, however the process ends after. Keyed by the case and the event's
/// sequence number.
public struct Notice: Sendable, Hashable {
    public var caseID: String
    public var sequence: Int
    public var at: Instant
    public var action: StepTimer.Action
    public var step: String
    /// The role an escalation gave the step to.
    public var to: String?

    public init(caseID: String, sequence: Int, at: Instant, action: StepTimer.Action, step: String, to: String?) {
        self.caseID = caseID; self.sequence = sequence; self.at = at; self.action = action; self.step = step; self.to = to
    }
}

/// One message of a notice to one recipient on one channel: sent once (its key is unique),
/// retried with backoff until sent or given up.
public struct Delivery: Sendable, Hashable {
    public enum Channel: String, Sendable, Hashable, CaseIterable { case email, webhook }
    public enum Status: String, Sendable, Hashable { case pending, sent, failed }

    public var caseID: String
    public var sequence: Int
    public var channel: Channel
    /// An e-mail address (with the officer's id in `officer`) or the webhook's URL.
    public var recipient: String
    public var officer: String?
    public var subject: String
    public var body: String
    public var attempts: Int = 0
    public var nextAttemptAt: Instant
    public var sentAt: Instant?
    public var failedAt: Instant?
    /// The last attempt's error: a stable code and the peer's reply, never a message body.
    public var lastError: String?

    public var status: Status { sentAt != nil ? .sent : failedAt != nil ? .failed : .pending }

    public init(caseID: String, sequence: Int, channel: Channel, recipient: String, officer: String?, subject: String, body: String,
                nextAttemptAt: Instant) {
        self.caseID = caseID; self.sequence = sequence; self.channel = channel; self.recipient = recipient
        self.officer = officer; self.subject = subject; self.body = body; self.nextAttemptAt = nextAttemptAt
    }

    /// What identifies it everywhere: the Message-ID's and the Idempotency-Key's source.
    public var key: String { "\(caseID)\n\(sequence)\n\(channel.rawValue)\n\(recipient)" }
}

/// The notification outbox: notices the store wrote with their events, the deliveries made
/// of them, and the claims that let several senders (servers, cron) share it, each delivery
/// attempted by one at a time.
public protocol NotificationStore: Sendable {
    /// Notices whose deliveries are not made yet, oldest first.
    func pendingNotices(limit: Int) async throws -> [Notice]
    /// Records the deliveries of `notice` (an existing one of the same key is kept as it is)
    /// and marks the notice done, in one transaction.
    func expand(_ notice: Notice, into deliveries: [Delivery]) async throws
    /// Deliveries due by `now` (not sent, not given up), each claimed for `lease` seconds: its
    /// next attempt moved past the lease and its attempts counted, so another sender does not
    /// take it meanwhile; a sender that dies leaves it to be tried again after the lease.
    func claimDeliveries(now: Instant, lease: Int64, limit: Int) async throws -> [Delivery]
    func markSent(_ delivery: Delivery, at: Instant) async throws
    /// A failed attempt: tried again at `retryAt`, or given up when nil.
    func markFailed(_ delivery: Delivery, error: String, retryAt: Instant?, at: Instant) async throws
    /// Every delivery of a case, in the order they were made.
    func deliveries(caseID: String) async throws -> [Delivery]
}
