import Foundation
import GRDB
import SOPCore
import SOPStore

extension SQLiteCaseStore: NotificationStore {
    /// v7: the notification outbox. Notices of the timers fired before it are not made: a
    /// reminder of last month's step would be news to nobody.
    static func createNotificationTables(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE notice (
                case_id TEXT NOT NULL,
                seq INTEGER NOT NULL,
                at INTEGER NOT NULL,
                action TEXT NOT NULL,
                step TEXT NOT NULL,
                to_role TEXT,
                expanded INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (case_id, seq)
            ) WITHOUT ROWID;
            CREATE INDEX notice_pending ON notice (at) WHERE expanded = 0;
            CREATE TABLE delivery (
                case_id TEXT NOT NULL,
                seq INTEGER NOT NULL,
                channel TEXT NOT NULL,
                recipient TEXT NOT NULL,
                officer TEXT,
                subject TEXT NOT NULL,
                body TEXT NOT NULL,
                made INTEGER NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at INTEGER NOT NULL,
                sent_at INTEGER,
                failed_at INTEGER,
                last_error TEXT,
                PRIMARY KEY (case_id, seq, channel, recipient)
            ) WITHOUT ROWID;
            CREATE INDEX delivery_due ON delivery (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;
            """)
    }

    /// The notices of `events` (remind and escalate timers that fired), inside the append's transaction.
    static func writeNotices(_ events: [RecordedEvent], to db: Database) throws {
        for e in events {
            guard case .timerFired(let f) = e.event, f.action == .remind || f.action == .escalate else { continue }
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO notice (case_id, seq, at, action, step, to_role) VALUES (?, ?, ?, ?, ?, ?)")
                .execute(arguments: [e.caseID, e.sequence, e.at.secondsSinceEpoch, f.action.rawValue, f.step, f.to])
        }
    }

    public func pendingNotices(limit: Int) async throws -> [Notice] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT case_id, seq, at, action, step, to_role FROM notice WHERE expanded = 0 ORDER BY at, case_id, seq LIMIT ?
                """, arguments: [limit]).compactMap { row in
                guard let action = StepTimer.Action(rawValue: row[3]) else { return nil }
                return Notice(caseID: row[0], sequence: row[1], at: Instant(secondsSinceEpoch: row[2]), action: action, step: row[4], to: row[5])
            }
        }
    }

    public func expand(_ notice: Notice, into deliveries: [Delivery]) async throws {
        try await StoreThreads.run { try self.writer.write { db in
            for (k, d) in deliveries.enumerated() {
                try db.cachedStatement(sql: """
                    INSERT OR IGNORE INTO delivery (case_id, seq, channel, recipient, officer, subject, body, made, next_attempt_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """).execute(arguments: [d.caseID, d.sequence, d.channel.rawValue, d.recipient, d.officer, d.subject, d.body, k,
                                             d.nextAttemptAt.secondsSinceEpoch])
            }
            try db.execute(sql: "UPDATE notice SET expanded = 1 WHERE case_id = ? AND seq = ?", arguments: [notice.caseID, notice.sequence])
        } }
    }

    static let deliveryColumns = "case_id, seq, channel, recipient, officer, subject, body, attempts, next_attempt_at, sent_at, failed_at, last_error"

    static func delivery(_ row: Row) throws -> Delivery {
        guard let channel = Delivery.Channel(rawValue: row[2]) else {
            throw StoreError.corrupt("delivery of \(row[0] as String) has an unknown channel")
        }
        var d = Delivery(caseID: row[0], sequence: row[1], channel: channel, recipient: row[3], officer: row[4], subject: row[5], body: row[6],
                         nextAttemptAt: Instant(secondsSinceEpoch: row[8]))
        d.attempts = row[7]
        d.sentAt = (row[9] as Int64?).map(Instant.init(secondsSinceEpoch:))
        d.failedAt = (row[10] as Int64?).map(Instant.init(secondsSinceEpoch:))
        d.lastError = row[11]
        return d
    }

    public func claimDeliveries(now: Instant, lease: Int64, limit: Int) async throws -> [Delivery] {
        try await StoreThreads.run { try self.writer.write { db in
            let due = try Row.fetchAll(db, sql: """
                SELECT \(Self.deliveryColumns) FROM delivery
                WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ? ORDER BY next_attempt_at, case_id, seq, made LIMIT ?
                """, arguments: [now.secondsSinceEpoch, limit]).map(Self.delivery)
            for d in due {
                try db.cachedStatement(sql: """
                    UPDATE delivery SET attempts = attempts + 1, next_attempt_at = ? WHERE case_id = ? AND seq = ? AND channel = ? AND recipient = ?
                    """).execute(arguments: [now.secondsSinceEpoch + lease, d.caseID, d.sequence, d.channel.rawValue, d.recipient])
            }
            return due.map { var d = $0; d.attempts += 1; return d }
        } }
    }

    public func markSent(_ d: Delivery, at: Instant) async throws {
        try await StoreThreads.run { try self.writer.write { db in
            try db.execute(sql: """
                UPDATE delivery SET sent_at = ?, last_error = NULL WHERE case_id = ? AND seq = ? AND channel = ? AND recipient = ? AND sent_at IS NULL
                """, arguments: [at.secondsSinceEpoch, d.caseID, d.sequence, d.channel.rawValue, d.recipient])
        } }
    }

    public func markFailed(_ d: Delivery, error: String, retryAt: Instant?, at: Instant) async throws {
        try await StoreThreads.run { try self.writer.write { db in
            try db.execute(sql: """
                UPDATE delivery SET last_error = ?, next_attempt_at = COALESCE(?, next_attempt_at), failed_at = ?
                WHERE case_id = ? AND seq = ? AND channel = ? AND recipient = ? AND sent_at IS NULL
                """, arguments: [String(error.prefix(500)), retryAt?.secondsSinceEpoch, retryAt == nil ? at.secondsSinceEpoch : nil,
                                 d.caseID, d.sequence, d.channel.rawValue, d.recipient])
        } }
    }

    public func deliveries(caseID: String) async throws -> [Delivery] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.deliveryColumns) FROM delivery WHERE case_id = ? ORDER BY seq, made",
                             arguments: [caseID]).map(Self.delivery)
        }
    }
}
