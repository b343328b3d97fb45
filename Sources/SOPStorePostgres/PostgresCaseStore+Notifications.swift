import Foundation
import PostgresNIO
import SOPCore
import SOPStore

/// The notification outbox in the shared database: notices written in the transaction of the
/// `timer-fired` event that makes them, deliveries claimed with `FOR UPDATE SKIP LOCKED` so
/// that several nodes (and cron) share it and each delivery is attempted by one at a time.
extension PostgresCaseStore: NotificationStore {
    static let notificationTables = [
        """
        CREATE TABLE notice (case_id TEXT COLLATE "C" NOT NULL, seq BIGINT NOT NULL, at BIGINT NOT NULL, action TEXT NOT NULL, step TEXT NOT NULL,
                             to_role TEXT, expanded BOOLEAN NOT NULL DEFAULT false, PRIMARY KEY (case_id, seq))
        """,
        "CREATE INDEX notice_pending ON notice (at) WHERE NOT expanded",
        """
        CREATE TABLE delivery (case_id TEXT COLLATE "C" NOT NULL, seq BIGINT NOT NULL, channel TEXT NOT NULL, recipient TEXT NOT NULL, officer TEXT,
                               subject TEXT NOT NULL, body TEXT NOT NULL, made BIGINT NOT NULL, attempts BIGINT NOT NULL DEFAULT 0,
                               next_attempt_at BIGINT NOT NULL, sent_at BIGINT, failed_at BIGINT, last_error TEXT,
                               PRIMARY KEY (case_id, seq, channel, recipient))
        """,
        "CREATE INDEX delivery_due ON delivery (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL",
    ]

    /// The notices of `events` (remind and escalate timers that fired), inside the append's transaction.
    func writeNotices(_ events: [RecordedEvent], on c: PostgresConnection) async throws {
        for e in events {
            guard case .timerFired(let f) = e.event, f.action == .remind || f.action == .escalate else { continue }
            try await execute("""
                INSERT INTO notice (case_id, seq, at, action, step, to_role) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING
                """, [.text(e.caseID), .integer(Int64(e.sequence)), .integer(e.at.secondsSinceEpoch), .text(f.action.rawValue), .text(f.step),
                      f.to.map(StoredValue.text) ?? .null], on: c)
        }
    }

    public func pendingNotices(limit: Int) async throws -> [Notice] {
        try await read("SELECT case_id, seq, at, action, step, to_role FROM notice WHERE NOT expanded ORDER BY at, case_id, seq LIMIT $1",
                       [.integer(Int64(max(0, limit)))]).compactMap { row in
            let r = Cells(row: row, place: "notice", names: ["case_id", "seq", "at", "action", "step", "to_role"])
            guard let action = StepTimer.Action(rawValue: try r.required(3)) else { return nil }
            return Notice(caseID: try r.required(0), sequence: try r.requiredInt(1), at: Instant(secondsSinceEpoch: try r.requiredInt64(2)),
                          action: action, step: try r.required(4), to: try r.text(5))
        }
    }

    public func expand(_ notice: Notice, into deliveries: [Delivery]) async throws {
        try await transaction { c in
            for (k, d) in deliveries.enumerated() {
                try await self.execute("""
                    INSERT INTO delivery (case_id, seq, channel, recipient, officer, subject, body, made, next_attempt_at)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING
                    """, [.text(d.caseID), .integer(Int64(d.sequence)), .text(d.channel.rawValue), .text(d.recipient),
                          d.officer.map(StoredValue.text) ?? .null, .text(d.subject), .text(d.body), .integer(Int64(k)),
                          .integer(d.nextAttemptAt.secondsSinceEpoch)], on: c)
            }
            try await self.execute("UPDATE notice SET expanded = true WHERE case_id = $1 AND seq = $2",
                                   [.text(notice.caseID), .integer(Int64(notice.sequence))], on: c)
        }
    }

    static let deliveryColumns = "case_id, seq, channel, recipient, officer, subject, body, attempts, next_attempt_at, sent_at, failed_at, last_error"

    static func delivery(_ row: PostgresRandomAccessRow) throws -> Delivery {
        let r = Cells(row: row, place: "delivery", names: deliveryColumns.components(separatedBy: ", "))
        guard let channel = Delivery.Channel(rawValue: try r.required(2)) else {
            throw StoreError.corrupt("delivery of \(try r.required(0)) has an unknown channel")
        }
        var d = Delivery(caseID: try r.required(0), sequence: try r.requiredInt(1), channel: channel, recipient: try r.required(3),
                         officer: try r.text(4), subject: try r.required(5), body: try r.required(6),
                         nextAttemptAt: Instant(secondsSinceEpoch: try r.requiredInt64(8)))
        d.attempts = try r.requiredInt(7)
        d.sentAt = try r.instant(9)
        d.failedAt = try r.instant(10)
        d.lastError = try r.text(11)
        return d
    }

    public func claimDeliveries(now: Instant, lease: Int64, limit: Int) async throws -> [Delivery] {
        try await transaction { c in
            // Rows another sender holds are skipped, not waited for: each is claimed by one.
            let due = try await self.rows("""
                SELECT \(Self.deliveryColumns) FROM delivery
                WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1
                ORDER BY next_attempt_at, case_id, seq, made LIMIT $2 FOR UPDATE SKIP LOCKED
                """, [.integer(now.secondsSinceEpoch), .integer(Int64(max(0, limit)))], on: c).map(Self.delivery)
            for d in due {
                try await self.execute("""
                    UPDATE delivery SET attempts = attempts + 1, next_attempt_at = $1
                    WHERE case_id = $2 AND seq = $3 AND channel = $4 AND recipient = $5
                    """, [.integer(now.secondsSinceEpoch + lease), .text(d.caseID), .integer(Int64(d.sequence)), .text(d.channel.rawValue),
                          .text(d.recipient)], on: c)
            }
            return due.map { var d = $0; d.attempts += 1; return d }
        }
    }

    public func markSent(_ d: Delivery, at: Instant) async throws {
        try await transaction { c in
            try await self.execute("""
                UPDATE delivery SET sent_at = $1, last_error = NULL
                WHERE case_id = $2 AND seq = $3 AND channel = $4 AND recipient = $5 AND sent_at IS NULL
                """, [.integer(at.secondsSinceEpoch), .text(d.caseID), .integer(Int64(d.sequence)), .text(d.channel.rawValue), .text(d.recipient)], on: c)
        }
    }

    public func markFailed(_ d: Delivery, error: String, retryAt: Instant?, at: Instant) async throws {
        try await transaction { c in
            try await self.execute("""
                UPDATE delivery SET last_error = $1, next_attempt_at = COALESCE($2, next_attempt_at), failed_at = $3
                WHERE case_id = $4 AND seq = $5 AND channel = $6 AND recipient = $7 AND sent_at IS NULL
                """, [.text(String(error.prefix(500))), retryAt.map { .integer($0.secondsSinceEpoch) } ?? .null,
                      retryAt == nil ? .integer(at.secondsSinceEpoch) : .null, .text(d.caseID), .integer(Int64(d.sequence)),
                      .text(d.channel.rawValue), .text(d.recipient)], on: c)
        }
    }

    public func deliveries(caseID: String) async throws -> [Delivery] {
        try await read("SELECT \(Self.deliveryColumns) FROM delivery WHERE case_id = $1 ORDER BY seq, made", [.text(caseID)]).map(Self.delivery)
    }
}
