import Foundation
import GRDB
import SOPCore
import Testing
@testable import SOPStore
@testable import SOPStoreSQLite

/// Issue 16, finding 14: what opening a database may and may not do.
@Suite struct StoreOpeningTests {
    func contents(_ path: String) throws -> (Data, Date?) {
        let mtime = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
        return (try Data(contentsOf: URL(fileURLWithPath: path)), mtime)
    }

    /// A finished database file, closed (no WAL left beside it).
    func database(cases: [String] = ["X"]) async throws -> String {
        let path = CaseFixtures.temporaryDatabase()
        let store = try SQLiteCaseStore(path: path)
        for id in cases { try await CaseFixtures.runSerdang(CaseFixtures.service(store), id: id) }
        try (store.writer as? DatabasePool)?.close()
        return path
    }

    // 14a: readers never write, not even a schema into an empty file.
    @Test func anEmptyFileIsNotADatabaseOfSopEngineAndStaysEmpty() throws {
        let path = CaseFixtures.temporaryDatabase()
        FileManager.default.createFile(atPath: path, contents: Data())
        let before = try contents(path)
        for access in [SQLiteCaseStore.Access.read, .write] {
            #expect(throws: StoreError.notSOPDatabase(path)) { try SQLiteCaseStore(path: path, access: access) }
        }
        let after = try contents(path)
        #expect(after.0.isEmpty)
        #expect(after == before)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        // A command that creates databases may adopt it.
        _ = try SQLiteCaseStore(path: path, access: .create)
        #expect(try contents(path).0.count > 0)
    }

    @Test func aReaderDoesNotWriteIntoADatabase() async throws {
        let path = try await database()
        let before = try contents(path)
        let store = try SQLiteCaseStore(path: path, access: .read)
        await #expect(try store.events(caseID: "X").count > 10)
        await #expect(try store.cases(CaseQuery()).map(\.caseID) == ["X"])
        await #expect(throws: (any Error).self) { try await store.saveCalendar(CaseFixtures.serdang.calendar) }
        #expect(try contents(path) == before)
    }

    @Test func aReaderRefusesAnOlderSchemaUnchangedAndAWriterMigratesIt() throws {
        let path = CaseFixtures.temporaryDatabase()
        let old = try DatabaseQueue(path: path)
        try SQLiteCaseStore.migrator.migrate(old, upTo: "v3-event-clustered-by-case")
        try old.close()
        let before = try contents(path)
        #expect(throws: StoreError.olderSchema(path, pendingMigrations: ["v4-event-chain", "v5-several-active-steps", "v6-web-sessions", "v7-notifications"])) { try SQLiteCaseStore(path: path, access: .read) }
        #expect(try contents(path) == before)
        _ = try SQLiteCaseStore(path: path, access: .write)
        _ = try SQLiteCaseStore(path: path, access: .read)
    }

    // 14c: a damaged migrations table is not "a newer sop-engine".
    func damaged(_ sql: String) async throws -> (String, Data) {
        let path = try await database()
        let queue = try DatabaseQueue(path: path)
        try await queue.write { try $0.execute(sql: sql) }
        try queue.close()
        return (path, try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    func expectDamaged(_ sql: String, saying words: String) async throws {
        let (path, before) = try await damaged(sql)
        for access in [SQLiteCaseStore.Access.read, .write, .create] {
            do {
                _ = try SQLiteCaseStore(path: path, access: access)
                Issue.record("\(sql): opened")
            } catch let e as StoreError {
                guard case .damagedSchema(let p, let reason) = e else { Issue.record("\(sql): \(e)"); continue }
                #expect(p == path)
                #expect(reason.contains(words), "\(reason)")
                #expect(!e.description.contains("newer"))
            }
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func garbledMigrationNamesAreDamageNotANewerRelease() async throws {
        try await expectDamaged("INSERT INTO grdb_migrations (identifier) VALUES ('ÿÿ garbage')", saying: "ÿÿ garbage")
        try await expectDamaged("INSERT INTO grdb_migrations (identifier) VALUES ('v2-calendar-revisoin')", saying: "v2-calendar-revisoin")
        try await expectDamaged("UPDATE grdb_migrations SET identifier = 'x' || identifier WHERE identifier = 'v4-event-chain'", saying: "xv4-event-chain")
        try await expectDamaged("DELETE FROM grdb_migrations WHERE identifier = 'v2-calendar-revision'", saying: "without v2-calendar-revision")
        try await expectDamaged("""
            DROP TABLE grdb_migrations; CREATE TABLE grdb_migrations (identifier TEXT, applied_at TEXT);
            INSERT INTO grdb_migrations VALUES ('v1-cases', 'now')
            """, saying: "identifier, applied_at")
        try await expectDamaged("DROP TABLE case_summary", saying: "case_summary")
    }

    @Test func aMissingMigrationsTableIsAnotherProgramsDatabase() async throws {
        let (path, before) = try await damaged("DROP TABLE grdb_migrations")
        #expect(throws: StoreError.foreignDatabase(path)) { try SQLiteCaseStore(path: path, access: .read) }
        #expect(throws: StoreError.foreignDatabase(path)) { try SQLiteCaseStore(path: path) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func newerMigrationsNamedLikeOursAreANewerRelease() async throws {
        let (path, before) = try await damaged("INSERT INTO grdb_migrations (identifier) VALUES ('v8-something-later'), ('v12-even-later')")
        for access in [SQLiteCaseStore.Access.read, .write] {
            #expect(throws: StoreError.newerSchema(path, unknownMigrations: ["v12-even-later", "v8-something-later"])) {
                try SQLiteCaseStore(path: path, access: access)
            }
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    // 14d: an acknowledged write is on stable storage.
    @Test func aFileStoreSyncsEveryCommit() throws {
        let store = try SQLiteCaseStore(path: CaseFixtures.temporaryDatabase())
        #expect(try store.writer.write { try Int.fetchOne($0, sql: "PRAGMA synchronous") } == 2)
        let bulk = try SQLiteCaseStore(path: CaseFixtures.temporaryDatabase(), access: .create, durability: .normal)
        #expect(try bulk.writer.write { try Int.fetchOne($0, sql: "PRAGMA synchronous") } == 1)
    }
}
