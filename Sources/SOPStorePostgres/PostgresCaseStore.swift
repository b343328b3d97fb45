import Foundation
import Logging
import PostgresNIO
import SOPCore
import SOPStore
import Synchronization

/// Cases in PostgreSQL, the database several `sop serve` nodes and agencies share: the same
/// append-only, hash-chained events, documents by content, definitions by hash, calendars with
/// revisions and read model as the SQLite store, written in transactions.
///
/// Concurrency: every write locks its case's read-model row (`SELECT … FOR UPDATE`) before it
/// checks the version it was decided on, so of two writers on one case exactly one appends and
/// the other gets ``CaseError/conflict(caseID:expected:actual:)``; two openings of one id meet
/// at the primary key (``CaseError/caseExists(_:)``). A transaction PostgreSQL aborts for a
/// serialization failure or a deadlock is run again (at most five times).
public final class PostgresCaseStore: Sendable {
    let client: PostgresClient
    let logger: Logger
    /// The URL it was opened with (another store on the same database opens it again).
    public let url: String
    /// Where the store is, for messages: the URL without its password.
    public var location: String { Self.redacted(url) }
    private let running: Task<Void, Never>
    let definitionCache = DefinitionCache()

    /// Connects to `url` (`postgres://user[:password]@host[:port]/database`) and creates or
    /// migrates the schema.
    /// A server that does not answer within `connectTimeout` seconds is
    /// ``StoreError/unavailable(_:reason:)``, not a wait forever. The pool's own messages are
    /// logged at `error` and above only (they name hosts, never data).
    public init(url: String, maximumConnections: Int = 20, connectTimeout: Int = 10,
                logger given: Logger? = nil) async throws {
        let logger = given ?? {
            var l = Logger(label: "sop.store.postgres")
            l.logLevel = .error
            return l
        }()
        let shown = Self.redacted(url)
        guard let u = URLComponents(string: url), ["postgres", "postgresql"].contains(u.scheme ?? ""),
              let host = u.host, !host.isEmpty, let user = u.user, !user.isEmpty else {
            throw StoreError.unavailable(shown, reason: "not a PostgreSQL URL: give postgres://user@host:port/database")
        }
        let database = u.path.hasPrefix("/") ? String(u.path.dropFirst()) : u.path
        var configuration = PostgresClient.Configuration(host: host, port: u.port ?? 5432, username: user, password: u.password,
                                                         database: database.isEmpty ? nil : database, tls: .disable)
        configuration.options.maximumConnections = maximumConnections
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        self.logger = logger
        self.url = url
        running = Task { await client.run() }
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await self.migrate() }
                group.addTask {
                    try await Task.sleep(for: .seconds(connectTimeout))
                    throw StoreError.unavailable(shown, reason: "the server did not answer within \(connectTimeout) s")
                }
                defer { group.cancelAll() }
                try await group.next()
            }
        } catch {
            running.cancel()
            throw Self.unavailable(error, shown)
        }
    }

    deinit { running.cancel() }

    /// Creates the database `name` (lowercase letters, digits and `_`) on the server of
    /// `serverURL` and returns the URL of the new database: a deployment's own, or a test's.
    public static func createDatabase(on serverURL: String, named name: String) async throws -> String {
        guard var u = URLComponents(string: serverURL), let host = u.host, let user = u.user,
              name.range(of: "^[a-z_][a-z0-9_]{0,62}$", options: .regularExpression) != nil else {
            throw StoreError.unavailable(redacted(serverURL), reason: "not a PostgreSQL URL, or '\(name)' is not a plain database name")
        }
        let admin = PostgresClient(configuration: .init(host: host, port: u.port ?? 5432, username: user, password: u.password,
                                                        database: u.path.count > 1 ? String(u.path.dropFirst()) : nil, tls: .disable))
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await admin.run() }
                defer { group.cancelAll() }
                try await admin.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"))
            }
        } catch {
            throw unavailable(error, redacted(serverURL))
        }
        u.path = "/" + name
        return u.string!
    }

    /// Stops the connection pool.
    public func close() { running.cancel() }

    /// `url` with its password replaced, for messages and logs.
    public static func redacted(_ url: String) -> String {
        // A URL that does not parse may still hold a password: nothing of it is shown then.
        guard var u = URLComponents(string: url) else { return "postgres://…" }
        guard u.password != nil else { return url }
        u.password = "***"
        return u.string ?? "postgres://…"
    }

    /// A database that cannot be reached or used, as the service's problem (never the caller's).
    static func unavailable(_ error: any Error, _ location: String) -> any Error {
        if error is CaseError || error is StoreError { return error }
        if let e = error as? PSQLError, let message = e.serverInfo?[.message] {
            return StoreError.unavailable(location, reason: message)
        }
        return StoreError.unavailable(location, reason: "\(String(describing: error).prefix(200))")
    }

    // MARK: Queries

    /// `sql` with `$1…` bound to `values` in order.
    static func query(_ sql: String, _ values: [StoredValue]) -> PostgresQuery {
        var binds = PostgresBindings(capacity: values.count)
        for v in values {
            switch v {
            case .null: binds.appendNull()
            case .integer(let n): binds.append(n)
            case .real(let d): binds.append(d)
            case .text(let s): binds.append(s)
            case .blob(let bytes): binds.append(ByteBuffer(bytes: bytes))
            }
        }
        return PostgresQuery(unsafeSQL: sql, binds: binds)
    }

    /// The rows of `sql`, each read whole.
    func rows(_ sql: String, _ values: [StoredValue] = [], on connection: PostgresConnection? = nil) async throws -> [PostgresRandomAccessRow] {
        let q = Self.query(sql, values)
        var out: [PostgresRandomAccessRow] = []
        if let connection {
            for try await row in try await connection.query(q, logger: logger) { out.append(row.makeRandomAccess()) }
        } else {
            for try await row in try await client.query(q, logger: logger) { out.append(row.makeRandomAccess()) }
        }
        return out
    }

    func execute(_ sql: String, _ values: [StoredValue] = [], on connection: PostgresConnection) async throws {
        try await connection.query(Self.query(sql, values), logger: logger)
    }

    /// Runs `body` in a transaction on one connection: committed when it returns, rolled back
    /// when it throws. A refusal `body` throws (a ``CaseError``, a decision's own error) comes
    /// out as it is; any failure of the database or the pool is the store being unavailable.
    /// With `retry`, a transaction PostgreSQL aborts for a serialization failure or a deadlock
    /// runs again (at most five times): only for bodies without side effects outside the
    /// database; without it, that abort is ``Aborted``.
    func transaction<T: Sendable>(isolation: String = "", retry: Bool = true,
                                  _ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        var attempt = 0
        while true {
            do {
                return try await client.withConnection { connection in
                    try await connection.query(PostgresQuery(unsafeSQL: "BEGIN" + isolation), logger: logger)
                    do {
                        let value = try await body(connection)
                        try await connection.query("COMMIT", logger: logger)
                        return value
                    } catch {
                        _ = try? await connection.query("ROLLBACK", logger: logger)
                        // A database error stays one; the body's own refusal is marked as such.
                        if error is PSQLError { throw error }
                        throw Refusal(error: error)
                    }
                }
            } catch let r as Refusal {
                throw r.error
            } catch let e as PSQLError where ["40001", "40P01"].contains(e.serverInfo?[.sqlState] ?? "") {
                guard retry else { throw Aborted() }
                guard attempt < 4 else { throw Self.unavailable(e, location) }
                attempt += 1
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                // The pool's own errors (no connection, shut down) as much as the server's.
                throw Self.unavailable(error, location)
            }
        }
    }

    /// An error a transaction's body threw, carried out of the connection unchanged.
    struct Refusal: Error { var error: any Error }

    /// A transaction PostgreSQL aborted for a serialization failure or a deadlock, not run again.
    struct Aborted: Error {}

    // MARK: Schema

    static let integerColumns: Set<String> = ["seq", "at", "due", "round", "office_seconds", "working_days", "on_time", "size"]
    static let eventColumns = RecordedEvent.storedFieldNames.joined(separator: ", ")

    /// The schema, created once (an advisory lock keeps two nodes starting together apart).
    func migrate() async throws {
        try await transaction { c in
            // Never wait for ever on a node migrating meanwhile or a stalled server.
            try await c.query("SET LOCAL lock_timeout = '15s'", logger: self.logger)
            try await c.query("SET LOCAL statement_timeout = '60s'", logger: self.logger)
            try await c.query("SELECT pg_advisory_xact_lock(7283401)", logger: self.logger)
            try await self.execute("CREATE TABLE IF NOT EXISTS sop_migration (name TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)", on: c)
            let applied = Set(try await self.rows("SELECT name FROM sop_migration", on: c).map { try $0[0].decode(String.self) })
            if !applied.contains("v1-cases") { try await self.createCaseTables(on: c) }
            if !applied.contains("v2-web-sessions") {
                try await self.execute(Self.sessionTable, on: c)
                try await self.execute("CREATE INDEX session_last_used ON session (last_used_at)", on: c)
                try await self.execute("INSERT INTO sop_migration (name, applied_at) VALUES ($1, $2)",
                                       [.text("v2-web-sessions"), .integer(Int64(Date().timeIntervalSince1970))], on: c)
            }
            if !applied.contains("v3-notifications") {
                for sql in Self.notificationTables { try await self.execute(sql, on: c) }
                try await self.execute("INSERT INTO sop_migration (name, applied_at) VALUES ($1, $2)",
                                       [.text("v3-notifications"), .integer(Int64(Date().timeIntervalSince1970))], on: c)
            }
        }
    }

    /// v1: the cases, their events, documents, definitions, calendars and read model.
    func createCaseTables(on c: PostgresConnection) async throws {
        do {
            let eventTable = RecordedEvent.storedFieldNames.map { name in
                "\(name) \(Self.integerColumns.contains(name) ? "BIGINT" : name == "case_id" ? "TEXT COLLATE \"C\"" : "TEXT")\(["case_id", "seq", "at", "type"].contains(name) ? " NOT NULL" : "")"
            }.joined(separator: ", ")
            for sql in [
                "CREATE TABLE definition (hash TEXT PRIMARY KEY, sop_id TEXT NOT NULL, json BYTEA NOT NULL)",
                "CREATE TABLE calendar (id TEXT PRIMARY KEY, json BYTEA NOT NULL, revision BIGINT NOT NULL DEFAULT 1)",
                "CREATE TABLE event (\(eventTable), chain TEXT NOT NULL, PRIMARY KEY (case_id, seq))",
                "CREATE TABLE document (sha256 TEXT PRIMARY KEY, media_type TEXT NOT NULL, size BIGINT NOT NULL, bytes BYTEA NOT NULL)",
                """
                CREATE TABLE case_summary (case_id TEXT COLLATE "C" PRIMARY KEY, sop_id TEXT NOT NULL, definition_hash TEXT NOT NULL, status TEXT NOT NULL,
                    active_step TEXT, active_role TEXT, active_due BIGINT, opened_at BIGINT NOT NULL, closed_at BIGINT, due BIGINT,
                    version BIGINT NOT NULL, revision_rounds BIGINT NOT NULL, paused_at BIGINT, resolution TEXT, next_timer_at BIGINT,
                    applicant_office_seconds BIGINT NOT NULL DEFAULT 0, agency_due BIGINT, paused_overdue BOOLEAN NOT NULL DEFAULT false,
                    calendar_id TEXT NOT NULL)
                """,
                "CREATE INDEX case_summary_opened ON case_summary (opened_at, case_id)",
                "CREATE INDEX case_summary_next_timer ON case_summary (next_timer_at) WHERE next_timer_at IS NOT NULL",
                """
                CREATE TABLE case_active_step (case_id TEXT COLLATE "C" NOT NULL, position BIGINT NOT NULL, k BIGINT NOT NULL, step TEXT NOT NULL,
                    role TEXT, due BIGINT, applicant BOOLEAN NOT NULL, PRIMARY KEY (case_id, position, k))
                """,
                "CREATE INDEX case_active_step_role ON case_active_step (role, case_id)",
                // The event log is append-only: the database refuses changes to recorded events.
                """
                CREATE FUNCTION sop_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'events are append-only'; END $$
                """,
                "CREATE TRIGGER event_append_only BEFORE UPDATE OR DELETE ON event FOR EACH ROW EXECUTE FUNCTION sop_event_append_only()",
            ] {
                try await self.execute(sql, on: c)
            }
            try await self.execute("INSERT INTO sop_migration (name, applied_at) VALUES ($1, $2)",
                                   [.text("v1-cases"), .integer(Int64(Date().timeIntervalSince1970))], on: c)
        }
    }
}

/// Definitions never change under their hash: each is decoded once.
final class DefinitionCache: Sendable {
    private let definitions = Mutex<[String: SOPDefinition]>([:])

    func get(_ hash: String) -> SOPDefinition? { definitions.withLock { $0[hash] } }
    func put(_ definition: SOPDefinition, _ hash: String) { definitions.withLock { $0[hash] = definition } }
}
