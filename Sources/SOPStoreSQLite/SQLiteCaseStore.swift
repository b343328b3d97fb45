import Foundation
import GRDB
import GRDBSQLite
import SOPCore
import SOPStore

/// The embedded default store: one SQLite file in WAL mode, an append-only events table,
/// content-addressed documents, definitions by hash and a `cases` read model.
public final class SQLiteCaseStore: @unchecked Sendable {
    let writer: any DatabaseWriter
    let path: String
    /// Gathers concurrent appends and updates into shared transactions.
    let group = GroupCommit()
    /// Decoded definitions (immutable by hash) and calendars (by id and revision): decoding
    /// JSON on every action would dominate its cost.
    private let lock = NSLock()
    private var definitions: [String: SOPDefinition] = [:]
    private var calendars: [String: StoredCalendar] = [:]
    /// The JSON of the definitions and calendars that come with openings, encoded once.
    let encoded = EncodedStatics()

    /// How a store is opened.
    public enum Access: Sendable {
        /// Creates the file (or adopts an empty one) when needed, migrates an older schema.
        case create
        /// An existing database, migrated if older; refuses a read-only file with ``StoreError/readOnly(_:)``.
        case write
        /// An existing database, opened read-only (`SQLITE_OPEN_READONLY`): never writes to it
        /// (no schema, no migration; SQLite may create the WAL index beside it where the folder
        /// allows), and works on read-only files, folders and mounts.
        case read
    }

    /// What an acknowledged write promises. `full` (the default): once `append` or `update`
    /// returns, the write is on stable storage and survives a power loss (SQLite
    /// `synchronous = FULL`, the WAL synced at every commit). `normal` survives a crash of
    /// the process but may lose the last writes on a power loss (for simulations and bulk loads).
    public enum Durability: Sendable {
        case full, normal
    }

    /// Opens the database at `path`, creating it when `create` is true (else a missing file is
    /// ``StoreError/missing(_:)``).
    public convenience init(path: String, create: Bool = true) throws {
        try self.init(path: path, access: create ? .create : .write)
    }

    /// Opens the database at `path`. Refuses, without writing, a file that is not SQLite, an
    /// empty file (unless `access` is `.create`), the database of another program, one
    /// whose migrations table is damaged, or one that a newer version of sop-engine has migrated.
    public init(path: String, access: Access, durability: Durability = .full) throws {
        self.path = path
        do {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            if isDirectory.boolValue { throw StoreError.unavailable(path, reason: "it is a folder") }
            if !exists && access != .create { throw StoreError.missing(path) }
            if exists { try Self.checkHeader(path, allowEmpty: access == .create) }
            if access == .read {
                let queue = try Self.openReadOnly(path)
                switch try queue.read({ try Self.inspectSchema($0, path: path) }) {
                case .current: break
                case .blank: throw StoreError.notSOPDatabase(path)
                case .older(let pending): throw StoreError.olderSchema(path, pendingMigrations: pending)
                }
                writer = queue
                return
            }
            if exists {
                // Look before touching: a read-only connection checks the schema, so a database
                // from a newer release or of another program is refused byte for byte unchanged.
                let probe = try Self.openReadOnly(path)
                let state = try probe.read { try Self.inspectSchema($0, path: path) }
                try probe.close()
                if state == .blank && access != .create && Self.fileSize(path) > 0 { throw StoreError.notSOPDatabase(path) }
            }
            try Self.checkWritable(path)
            var config = Configuration()
            config.prepareDatabase { db in
                // Checkpoint the WAL every ~32 MB rather than every 4 MB: fewer syncs of the main file
                // under a steady stream of small commits.
                try db.execute(sql: "PRAGMA wal_autocheckpoint = 8000")
            }
            config.busyMode = .timeout(5)
            let pool = try DatabasePool(path: path, configuration: config)
            if pool.writeWithoutTransaction({ db in sqlite3_db_readonly(db.sqliteConnection, "main") }) == 1 { throw StoreError.readOnly(path) }
            // On the pool's one writer connection, after GRDB's own WAL set-up (which sets NORMAL).
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: durability == .full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL")
                // The writer's page cache is 64 MiB (SQLite's default is 2 MiB): the pages a batch of
                // timers or completions revisits stay in memory. Readers keep the default, so that a
                // report's parallel readers do not each grow to 64 MiB.
                try db.execute(sql: "PRAGMA cache_size = -65536")
            }
            try Self.prepare(pool, path: path)
            writer = pool
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError {
            throw Self.storeError(error, path: path)
        } catch {
            throw StoreError.unavailable(path, reason: "\(error)")
        }
    }

    /// An in-memory store, for tests and benchmarks.
    public init() throws {
        path = ":memory:"
        let queue = try DatabaseQueue()
        try Self.prepare(queue, path: path)
        writer = queue
    }

    static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    /// A file must start with the SQLite header; checked before SQLite touches it. An empty
    /// file is only adopted by a command that creates databases.
    static func checkHeader(_ path: String, allowEmpty: Bool) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw StoreError.unavailable(path, reason: "the file cannot be read")
        }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 16)) ?? Data()
        if head.isEmpty && !allowEmpty { throw StoreError.notSOPDatabase(path) }
        if !head.isEmpty && head != Data("SQLite format 3\u{0}".utf8) { throw StoreError.notADatabase(path) }
    }

    /// Refuses, before SQLite opens it for writing, a file or folder this process cannot write.
    static func checkWritable(_ path: String) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if FileManager.default.fileExists(atPath: path) && access(path, W_OK) != 0 { throw StoreError.readOnly(path) }
        // SQLite writes its WAL and index files next to the database.
        if access(folder, W_OK) != 0 { throw StoreError.readOnly(path) }
    }

    /// A read-only connection. A WAL database needs its shared-memory index (`-shm`): SQLite
    /// creates it when the folder is writable, or uses the one a running writer keeps. In a
    /// read-only folder or mount with no index, nobody can be writing the database (a writer
    /// needs that index too), so it is opened `immutable`, provided no WAL holds writes that
    /// were never checkpointed into the file (those could not be read without the index).
    static func openReadOnly(_ path: String) throws -> DatabaseQueue {
        var config = Configuration()
        config.readonly = true
        // Another process (a server, a second report) may hold the write lock for a moment.
        config.busyMode = .timeout(5)
        do {
            let queue = try DatabaseQueue(path: path, configuration: config)
            _ = try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
            return queue
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CANTOPEN || error.resultCode == .SQLITE_READONLY {
            if fileSize(path + "-wal") > 0 {
                throw StoreError.unavailable(path, reason: "its folder is read-only and its write-ahead log (\(path)-wal) holds writes "
                                             + "not yet in the database file; they cannot be read without the log's index")
            }
            var components = URLComponents()
            components.scheme = "file"
            components.path = URL(fileURLWithPath: path).standardizedFileURL.path
            components.queryItems = [URLQueryItem(name: "immutable", value: "1")]
            let queue = try DatabaseQueue(path: components.string ?? path, configuration: config)
            _ = try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
            return queue
        }
    }

    /// A GRDB error met while opening, as a store error.
    static func storeError(_ error: DatabaseError, path: String) -> StoreError {
        switch error.resultCode {
        case .SQLITE_NOTADB: .notADatabase(path)
        case .SQLITE_READONLY: .readOnly(path)
        case .SQLITE_CORRUPT: .corrupt("\(path): \(error.message ?? "the database file is damaged")")
        default: .unavailable(path, reason: error.message ?? "\(error)")
        }
    }

    static func prepare(_ writer: any DatabaseWriter, path: String) throws {
        if case .current = try writer.read({ try inspectSchema($0, path: path) }) { return }
        try migrator.migrate(writer)
    }

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1-cases") { db in
            try db.create(table: "definition") { t in
                t.primaryKey("hash", .text)
                t.column("sop_id", .text).notNull()
                t.column("json", .blob).notNull()
            }
            try db.create(table: "calendar") { t in
                t.primaryKey("id", .text)
                t.column("json", .blob).notNull()
            }
            // One row per event, one typed column per field (see CaseEvent+Columns.swift).
            try db.create(table: "event") { t in
                t.column("case_id", .text).notNull()
                t.column("seq", .integer).notNull()
                t.column("at", .integer).notNull()
                t.column("type", .text).notNull()
                t.column("actor", .text)
                t.column("role", .text)
                t.column("step", .text)
                t.column("outcome", .text)
                t.column("due", .integer)
                t.column("round", .integer)
                t.column("office_seconds", .integer)
                t.column("working_days", .integer)
                t.column("on_time", .boolean)
                t.column("document", .text)
                t.column("sha256", .text)
                t.column("name", .text)
                t.column("media_type", .text)
                t.column("size", .integer)
                t.column("from_step", .text)
                t.column("to_step", .text)
                t.column("sop_id", .text)
                t.column("definition_hash", .text)
                t.column("calendar_id", .text)
                t.column("text", .text)
                t.primaryKey(["case_id", "seq"])
            }
            try db.create(table: "document") { t in
                t.primaryKey("sha256", .text)
                t.column("media_type", .text).notNull()
                t.column("size", .integer).notNull()
                t.column("bytes", .blob).notNull()
            }
            try db.create(table: "case_summary") { t in
                t.primaryKey("case_id", .text)
                t.column("sop_id", .text).notNull()
                t.column("definition_hash", .text).notNull()
                t.column("status", .text).notNull()
                t.column("active_step", .text)
                t.column("active_role", .text)
                t.column("active_due", .integer)
                t.column("opened_at", .integer).notNull()
                t.column("closed_at", .integer)
                t.column("due", .integer)
                t.column("version", .integer).notNull()
                t.column("revision_rounds", .integer).notNull()
            }
            try db.create(index: "case_summary_queue", on: "case_summary", columns: ["status", "active_role", "active_due"])
            // The event log is append-only: the database refuses changes to recorded events.
            try db.execute(sql: """
                CREATE TRIGGER event_no_update BEFORE UPDATE ON event BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
                CREATE TRIGGER event_no_delete BEFORE DELETE ON event BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
                """)
        }
        m.registerMigration("v2-calendar-revision") { db in
            try db.alter(table: "calendar") { t in
                t.add(column: "revision", .integer).notNull().defaults(to: 1)
            }
        }
        // The log clustered by case (WITHOUT ROWID on the primary key): a case's events sit
        // together on disk, so replays, exports and reports read it in order instead of
        // jumping from the index to scattered rows.
        m.registerMigration("v3-event-clustered-by-case") { db in
            let definitions = try String.fetchAll(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'event'")
            try db.execute(sql: "DROP TRIGGER IF EXISTS event_no_update; DROP TRIGGER IF EXISTS event_no_delete")
            try db.create(table: "event_clustered", options: [.withoutRowID]) { t in
                t.column("case_id", .text).notNull()
                t.column("seq", .integer).notNull()
                t.column("at", .integer).notNull()
                t.column("type", .text).notNull()
                for column in RecordedEvent.columns.dropFirst(4) {
                    t.column(column, RecordedEvent.integerColumns.contains(column) ? .integer : column == "on_time" ? .boolean : .text)
                }
                t.primaryKey(["case_id", "seq"])
            }
            let columns = RecordedEvent.columns.joined(separator: ", ")
            try db.execute(sql: "INSERT INTO event_clustered (\(columns)) SELECT \(columns) FROM event ORDER BY case_id, seq")
            try db.drop(table: "event")
            try db.rename(table: "event_clustered", to: "event")
            for sql in definitions { try db.execute(sql: sql) }
        }
        // The tamper-evident history: every event gets the link of its case's chain
        // (EventChain), filled here for the events already stored, case by case.
        m.registerMigration("v4-event-chain") { db in
            let definitions = try String.fetchAll(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'event'")
            try db.execute(sql: "DROP TRIGGER IF EXISTS event_no_update; DROP TRIGGER IF EXISTS event_no_delete")
            try db.alter(table: "event") { t in t.add(column: "chain", .text) }
            try fillChain(db)
            for sql in definitions { try db.execute(sql: sql) }
        }
        m.registerMigration("v5-several-active-steps", migrate: migrateSeveralActiveSteps)
        m.registerMigration("v6-web-sessions", migrate: createSessionTable)
        m.registerMigration("v7-notifications", migrate: createNotificationTables)
        return m
    }

    /// Links every stored event, one case at a time (memory: one case's events).
    static func fillChain(_ db: Database) throws {
        let ids = try String.fetchAll(db, sql: "SELECT DISTINCT case_id FROM event ORDER BY case_id")
        let select = try db.makeStatement(sql: "SELECT \(RecordedEvent.selectColumns) FROM event WHERE case_id = ? ORDER BY seq")
        let update = try db.makeStatement(sql: "UPDATE event SET chain = ? WHERE case_id = ? AND seq = ?")
        for id in ids {
            let rows = try Row.fetchAll(select, arguments: [id])
            guard let first = rows.first else { continue }
            var hash = ""
            if case .text(let h) = StoredValue(first[RecordedEvent.definitionHashField] as DatabaseValue) { hash = h }
            var link = EventChain.genesis(caseID: id, definitionHash: hash)
            for row in rows {
                link = EventChain.link(link, (0..<row.count).map { StoredValue(row[$0] as DatabaseValue) })
                try update.execute(arguments: [EventChain.hex(link), id, row[1] as DatabaseValue])
            }
        }
    }

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }()

    // MARK: Definitions and calendars

    public func saveDefinition(_ definition: SOPDefinition, hash: String) throws {
        let json = try Self.encoder.encode(definition)
        try writer.write { db in try Self.insertDefinition(db, definition.id, hash, json) }
    }

    static func insertDefinition(_ db: Database, _ sopID: String, _ hash: String, _ json: Data) throws {
        try db.execute(sql: "INSERT OR IGNORE INTO definition (hash, sop_id, json) VALUES (?, ?, ?)", arguments: [hash, sopID, json])
    }

    static func upsertCalendar(_ db: Database, _ id: String, _ json: Data) throws {
        try db.execute(sql: """
            INSERT INTO calendar (id, json) VALUES (?, ?)
            ON CONFLICT(id) DO UPDATE SET json = excluded.json, revision = revision + 1 WHERE json != excluded.json
            """, arguments: [id, json])
    }

    public func definition(hash: String) throws -> SOPDefinition? {
        if let cached = lock.withLock({ definitions[hash] }) { return cached }
        let data = try writer.read { db in
            try Row.fetchOne(db, sql: "SELECT json FROM definition WHERE hash = ?", arguments: [hash])
                .map { try StoredRow($0, table: "definition", key: hash, names: ["json"]).requiredJSON(0) }
        }
        guard let definition = try data.map({ try decode(SOPDefinition.self, $0, "definition \(hash)") }) else { return nil }
        lock.withLock { definitions[hash] = definition }
        return definition
    }

    public func saveCalendar(_ calendar: CalendarDefinition) throws {
        let json = try Self.encoder.encode(calendar)
        try writer.write { db in try Self.upsertCalendar(db, calendar.id, json) }
    }

    public func calendar(id: String) throws -> StoredCalendar? {
        guard let revision = try writer.read({ db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT revision FROM calendar WHERE id = ?"), arguments: [id])
                .map { try StoredRow($0, table: "calendar", key: id, names: ["revision"]).requiredInt(0) }
        }) else { return nil }
        if let cached = lock.withLock({ calendars[id] }), cached.revision == revision { return cached }
        let row = try writer.read { db in try Row.fetchOne(db, sql: "SELECT json, revision FROM calendar WHERE id = ?", arguments: [id]) }
        guard let row else { return nil }
        let r = StoredRow(row, table: "calendar", key: id, names: ["json", "revision"])
        let stored = StoredCalendar(definition: try decode(CalendarDefinition.self, try r.requiredJSON(0), "calendar \(id)"), revision: try r.requiredInt(1))
        lock.withLock { calendars[id] = stored }
        return stored
    }

    // MARK: Events

    /// One case's write, group-committed with the writes other threads make meanwhile (see
    /// ``GroupCommit``): refused or committed on its own, acknowledged once durable.
    public func append(_ append: CaseAppend) throws {
        let json = try encodeStatic(append)
        try recordingWrites { try group.run(writer) { db in try Self.write(append, json, to: db) } }
    }

    public func appendBatch(_ batch: [CaseAppend]) throws {
        let encoded = try batch.map(encodeStatic)
        try recordingWrites {
            try writer.write { db in
                for (k, item) in batch.enumerated() { try Self.write(item, encoded[k], to: db) }
            }
        }
    }

    public func update(caseID: String, knownVersion: Int?, _ decide: (CaseSnapshot) throws -> CaseAppend) throws {
        try recordingWrites {
            try group.run(writer) { db in
                let snapshot = try Self.snapshot(db, caseID: caseID, knownVersion: knownVersion)
                let item = try decide(snapshot)
                try Self.write(item, try encodeStatic(item), to: db, version: snapshot.version ?? 0)
            }
        }
    }

    public func updateEach(_ cases: [(caseID: String, knownVersion: Int?)], _ decide: (String, CaseSnapshot) throws -> CaseAppend?) throws -> [String: any Error] {
        var refused: [String: any Error] = [:]
        try recordingWrites {
            try writer.write { db in
                // The cases' versions, and the events of those whose known version is stale, in
                // a few statements for the whole batch rather than two per case.
                let read = try Self.snapshots(db, cases)
                var seen = Set<String>()
                for (caseID, known) in cases {
                    do {
                        // Nothing is written before a case's write has passed its checks (version,
                        // chain), so a refused case leaves nothing behind and the others stay; a
                        // database error ends the whole transaction. A case listed twice is read
                        // again the second time, after the first one's write.
                        var snapshot = read[caseID] ?? CaseSnapshot(version: nil, events: nil, calendarRevision: nil)
                        if !seen.insert(caseID).inserted { snapshot = try Self.snapshot(db, caseID: caseID, knownVersion: known) }
                        guard let item = try decide(caseID, snapshot) else { continue }
                        try Self.write(item, try encodeStatic(item), to: db, version: snapshot.version ?? 0,
                                       link: item.expectedVersion == snapshot.version ? snapshot.chainLink : nil)
                    } catch let error as DatabaseError {
                        throw error
                    } catch {
                        refused[caseID] = error
                    }
                }
            }
        }
        return refused
    }

    /// A write refused because the database became read-only is said so, with the path.
    private func recordingWrites(_ body: () throws -> Void) throws {
        do { try body() } catch let error as DatabaseError where error.resultCode == .SQLITE_READONLY {
            throw StoreError.readOnly(path)
        }
    }

    /// The JSON of a definition or calendar that comes with an opening.
    private typealias EncodedStatic = (definition: (String, String, Data)?, calendar: (String, Data)?)

    private func encodeStatic(_ item: CaseAppend) throws -> EncodedStatic {
        (try item.definition.map { d in (d.definition.id, d.hash, try encoded.definition(d.hash) { try Self.encoder.encode(d.definition) }) },
         try item.calendar.map { c in (c.id, try encoded.calendar(c) { try Self.encoder.encode(c) }) })
    }

    /// One append inside a write transaction: version check, documents, events, read model.
    /// `version`: the case's stored version when the caller read it in this transaction (a
    /// read, decide and append in one write), so it is not read again.
    /// `link`: the chain link of the event at that version, when the caller read it too.
    /// Every check that can refuse the write (version, chain) comes before the first change.
    private static func write(_ item: CaseAppend, _ encoded: EncodedStatic, to db: Database, version: Int? = nil,
                              link known: EventChain.Link? = nil) throws {
        let current = try version ?? storedVersion(db, caseID: item.summary.caseID) ?? 0
        guard current == item.expectedVersion else {
            if item.expectedVersion == 0 { throw CaseError.caseExists(item.summary.caseID) }
            throw CaseError.conflict(caseID: item.summary.caseID, expected: item.expectedVersion, actual: current)
        }
        let link = try known ?? previousLink(item, db)
        if let (sopID, hash, json) = encoded.definition { try insertDefinition(db, sopID, hash, json) }
        if let (id, json) = encoded.calendar { try upsertCalendar(db, id, json) }
        for d in item.documents {
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO document (sha256, media_type, size, bytes) VALUES (?, ?, ?, ?)")
                .execute(arguments: [d.sha256, d.mediaType, d.bytes.count, Data(d.bytes)])
        }
        let insert = try db.cachedStatement(sql: RecordedEvent.insertChainedSQL)
        let rows = item.chained.flatMap { $0.after == link ? $0.rows : nil } ?? CaseAppend.chainedRows(item.events, after: link)
        for row in rows { try insert.run(row, db) }
        try writeNotices(item.events, to: db)
        try upsertSummary(item.summary, item.activity ?? CaseActivity(item.summary), firstWrite: item.expectedVersion == 0, to: db)
    }

    /// The chain link the item's first event follows: the genesis for a new case, else the
    /// link of the event at the version the item was decided on.
    private static func previousLink(_ item: CaseAppend, _ db: Database) throws -> EventChain.Link {
        let caseID = item.summary.caseID
        if item.expectedVersion == 0 {
            var hash = item.summary.definitionHash
            if case .opened(let o) = item.events.first?.event { hash = o.definitionHash }
            return EventChain.genesis(caseID: caseID, definitionHash: hash)
        }
        let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT chain FROM event WHERE case_id = ? AND seq = ?"),
                                   arguments: [caseID, item.expectedVersion])
        guard let row, case .string(let stored) = (row[0] as DatabaseValue).storage, let link = EventChain.link(hex: stored) else {
            throw StoreError.corrupt("event \(caseID)#\(item.expectedVersion) has no valid chain hash")
        }
        return link
    }

    public func events(caseID: String) throws -> [RecordedEvent] {
        try writer.read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT \(RecordedEvent.selectColumns) FROM event WHERE case_id = ? ORDER BY seq"), arguments: [caseID])
                .map(RecordedEvent.init(row:))
        }
    }

    public func version(caseID: String) throws -> Int? {
        try writer.read { db in try Self.storedVersion(db, caseID: caseID) }
    }

    /// The read model's version of a case (nil: no such case), checked to be an integer.
    static func storedVersion(_ db: Database, caseID: String) throws -> Int? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT version FROM case_summary WHERE case_id = ?"), arguments: [caseID])
            .map { try StoredRow($0, table: "case_summary", key: caseID, names: ["version"]).requiredInt(0) }
    }

    public func snapshot(caseID: String, knownVersion: Int?) throws -> CaseSnapshot {
        try writer.read { db in try Self.snapshot(db, caseID: caseID, knownVersion: knownVersion) }
    }

    private static func snapshot(_ db: Database, caseID: String, knownVersion: Int?) throws -> CaseSnapshot {
        let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT s.version, c.revision FROM case_summary s
            LEFT JOIN event e ON e.case_id = s.case_id AND e.seq = 1
            LEFT JOIN calendar c ON c.id = e.calendar_id
            WHERE s.case_id = ?
            """), arguments: [caseID])
        guard let row else { return CaseSnapshot(version: nil, events: nil, calendarRevision: nil) }
        let r = StoredRow(row, table: "case_summary", key: caseID, names: ["version", "revision"])
        let version = try r.requiredInt(0)
        var events: [RecordedEvent]?
        if version != knownVersion {
            events = try Row.fetchAll(db.cachedStatement(sql: "SELECT \(RecordedEvent.selectColumns) FROM event WHERE case_id = ? ORDER BY seq"), arguments: [caseID])
                .map(RecordedEvent.init(row:))
        }
        let revisionValue: DatabaseValue = row[1]
        var revision: Int?
        switch revisionValue.storage {
        case .null: revision = nil
        case .int64(let n): revision = Int(truncatingIfNeeded: n)
        default: throw StoreError.corrupt("calendar of case \(caseID): column 'revision' holds \(StoredRow.kind(revisionValue)), not an integer")
        }
        return CaseSnapshot(version: version, events: events, calendarRevision: revision)
    }

    public func snapshots(_ cases: [(caseID: String, knownVersion: Int?)]) throws -> [String: CaseSnapshot] {
        try writer.read { db in try Self.snapshots(db, cases) }
    }

    /// What ``snapshot(_:caseID:knownVersion:)`` reads, for a batch of cases in a few statements
    /// (up to 500 cases each), with the chain link of the last event read: cases not stored are
    /// left out.
    static func snapshots(_ db: Database, _ cases: [(caseID: String, knownVersion: Int?)]) throws -> [String: CaseSnapshot] {
        var result: [String: CaseSnapshot] = [:]
        result.reserveCapacity(cases.count)
        var known: [String: Int?] = [:]
        for (id, version) in cases { known[id] = version }
        let ids = Array(known.keys).sorted()
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = Array(ids[start..<min(ids.count, start + 500)])
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
            var stale: [String] = []
            // A cursor reads each row in place (no copy of every row as fetchAll makes).
            let summaries = try Row.fetchCursor(db, sql: """
                SELECT s.case_id, s.version, c.revision,
                       (SELECT chain FROM event l WHERE l.case_id = s.case_id AND l.seq = s.version) FROM case_summary s
                LEFT JOIN event e ON e.case_id = s.case_id AND e.seq = 1
                LEFT JOIN calendar c ON c.id = e.calendar_id
                WHERE s.case_id IN (\(marks))
                """, arguments: StatementArguments(chunk))
            while let row = try summaries.next() {
                let caseID = try keyText(row[0], table: "case_summary", column: "case_id")
                let r = StoredRow(row, table: "case_summary", key: caseID, names: ["case_id", "version", "revision", "chain"])
                let version = try r.requiredInt(1)
                let revision = try r.int(2)
                // A missing or malformed link is left to the write, which reads it again and says so.
                let link = (try? r.text(3)).flatMap { $0.flatMap(EventChain.link(hex:)) }
                result[caseID] = CaseSnapshot(version: version, events: nil, calendarRevision: revision, chainLink: link)
                if version != known[caseID] ?? nil { stale.append(caseID) }
            }
            guard !stale.isEmpty else { continue }
            var events: [String: [RecordedEvent]] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT \(RecordedEvent.selectColumns) FROM event
                WHERE case_id IN (\(Array(repeating: "?", count: stale.count).joined(separator: ", "))) ORDER BY case_id, seq
                """, arguments: StatementArguments(stale))
            while let row = try rows.next() {
                let e = try RecordedEvent(row: row)
                events[e.caseID, default: []].append(e)
            }
            for caseID in stale { result[caseID]?.events = events[caseID] ?? [] }
        }
        return result
    }

    public func summary(caseID: String) throws -> CaseSummary? {
        try writer.read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.summaryColumns) FROM case_summary WHERE case_id = ?", arguments: [caseID]).map(Self.summary)
        }
    }

    public func cases(_ query: CaseQuery) throws -> [CaseSummary] {
        let (sql, args) = Self.casesSQL(query)
        return try writer.read { db in
            try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)).map(Self.summary)
        }
    }

    public func caseIDs() throws -> [String] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT case_id FROM case_summary ORDER BY case_id")
                .map { try Self.keyText($0[0], table: "case_summary", column: "case_id") }
        }
    }

    /// The read-model columns, in the order ``summary(_:)`` reads them by position (reading a
    /// GRDB row by name searches and case-folds the column names each time).
    static let summaryColumns = "case_id, sop_id, definition_hash, status, active_step, active_role, active_due, opened_at, closed_at, due, version, revision_rounds"

    static let summaryColumnNames = summaryColumns.components(separatedBy: ", ")

    /// The read-model row selected as ``summaryColumns``; throws ``StoreError/corrupt(_:)``
    /// for a value of the wrong storage class or an unknown status (never a trap, issue 16).
    static func summary(_ row: Row) throws -> CaseSummary {
        let caseID = try keyText(row[0], table: "case_summary", column: "case_id")
        let r = StoredRow(row, table: "case_summary", key: caseID, names: summaryColumnNames)
        func instant(_ column: Int) throws -> Instant? { try r.int64(column).map(Instant.init(secondsSinceEpoch:)) }
        guard let status = CaseState.Status(rawValue: try r.requiredText(3)) else {
            throw StoreError.corrupt("case_summary of case \(caseID): column 'status' holds no known status")
        }
        return CaseSummary(caseID: caseID, sopID: try r.requiredText(1), definitionHash: try r.requiredText(2),
                           status: status, activeStep: try r.text(4), activeRole: try r.text(5), activeDue: try instant(6),
                           openedAt: Instant(secondsSinceEpoch: try r.requiredInt64(7)), closedAt: try instant(8),
                           due: try instant(9), version: try r.requiredInt(10), revisionRounds: try r.requiredInt(11))
    }

    // MARK: Documents

    public func document(sha256: String) throws -> [UInt8]? {
        try writer.read { db in
            try Row.fetchOne(db, sql: "SELECT bytes FROM document WHERE sha256 = ?", arguments: [sha256]).map { row in
                let value: DatabaseValue = row[0]
                guard case .blob(let data) = value.storage else {
                    throw StoreError.corrupt("document \(sha256): column 'bytes' holds \(StoredRow.kind(value)), not a blob")
                }
                return [UInt8](data)
            }
        }
    }

    /// Number of stored documents (distinct contents).
    public func documentCount() throws -> Int {
        try writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM document") ?? 0 }
    }

    func decode<T: Decodable>(_ type: T.Type, _ data: Data, _ what: String) throws -> T {
        do { return try JSONDecoder().decode(type, from: data) } catch { throw StoreError.corrupt("\(what): \(Self.describe(error))") }
    }
}

