import Foundation
import GRDB
import SOPCore
import Testing
@testable import SOPStore
@testable import SOPStoreSQLite

/// `sop backup` / `sop restore` through the store: an online copy taken while cases are
/// written, checked before it gets its name; a restore that refuses damaged backups and keeps
/// what it replaces.
@Suite struct BackupTests {
    func database(cases: [String]) async throws -> (path: String, store: SQLiteCaseStore) {
        let path = CaseFixtures.temporaryDatabase()
        let store = try SQLiteCaseStore(path: path)
        for id in cases { try await CaseFixtures.runSerdang(CaseFixtures.service(store), id: id, reject: id.hasSuffix("R")) }
        return (path, store)
    }

    func replayed(_ store: SQLiteCaseStore) throws -> [String: CaseState] {
        var states: [String: CaseState] = [:]
        for id in try store.caseIDs() { states[id] = CaseState.fold(try store.events(caseID: id)) }
        return states
    }

    @Test func aBackupTakenWhileCasesAreWrittenHoldsWholeCasesAndReplaysTheSame() async throws {
        let (_, store) = try await database(cases: ["A", "BR", "C"])
        let target = CaseFixtures.temporaryDatabase()
        // Cases go on being written while the backup copies the pages.
        let writer = Task.detached {
            for n in 0..<40 { try await CaseFixtures.runSerdang(CaseFixtures.service(store), id: "W\(n)") }
        }
        let report = try store.backup(to: target)
        try await writer.value
        let copy = try SQLiteCaseStore(path: target, access: .read)
        #expect(try copy.verifyChain().intact)
        let copied = try replayed(copy)
        let original = try replayed(store)
        #expect(report.cases == copied.count && copied.count >= 3)
        #expect(report.events == copied.values.map(\.version).reduce(0, +))
        // Each case in the copy is the stored case at one of its versions (a prefix of its
        // events, read model agreeing), never a torn write; the copy is one file (no WAL beside it).
        for id in copied.keys {
            let events = try await copy.events(caseID: id)
            await #expect(events == Array(try store.events(caseID: id).prefix(events.count)))
        }
        for id in ["A", "BR", "C"] { #expect(copied[id] == original[id]) }
        let summaries = try await copy.cases(CaseQuery(limit: 1000))
        #expect(Dictionary(uniqueKeysWithValues: summaries.map { ($0.caseID, $0.version) }) == copied.mapValues(\.version))
        #expect(!FileManager.default.fileExists(atPath: target + "-wal"))
    }

    @Test func aBackupNeverWritesOverAFile() async throws {
        let (_, store) = try await database(cases: ["A"])
        let target = CaseFixtures.temporaryDatabase()
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: target))
        #expect(throws: StoreError.fileExists(target)) { try store.backup(to: target) }
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep me")
    }

    @Test func aRestoreRefusesAnExistingDatabaseUnlessForcedAndThenKeepsItAside() async throws {
        let (source, _) = try await database(cases: ["A", "BR"])
        let backup = CaseFixtures.temporaryDatabase()
        _ = try SQLiteCaseStore(path: source, access: .read).backup(to: backup)
        let (target, live) = try await database(cases: ["X"])
        let before = try replayed(live)
        #expect(throws: StoreError.fileExists(target)) { try SQLiteCaseStore.restore(from: backup, to: target) }
        #expect(try replayed(SQLiteCaseStore(path: target, access: .read)) == before)

        let report = try SQLiteCaseStore.restore(from: backup, to: target, force: true)
        #expect(report.cases == 2)
        let restored = try SQLiteCaseStore(path: target, access: .read)
        await #expect(Set(try restored.caseIDs()) == ["A", "BR"])
        #expect(try restored.verifyChain().intact)
        // What was there is kept, whole, with what its WAL held.
        let aside = try #require(report.keptAside)
        #expect(aside == target + ".before-restore-1")
        #expect(try replayed(SQLiteCaseStore(path: aside, access: .read)) == before)
    }

    @Test func aDamagedBackupIsRefusedAndNothingChanges() async throws {
        let (source, _) = try await database(cases: ["A", "B"])
        let backup = CaseFixtures.temporaryDatabase()
        _ = try SQLiteCaseStore(path: source, access: .read).backup(to: backup)
        // An event changed in the backup after it was written.
        let raw = try DatabaseQueue(path: backup)
        try await raw.write { db in
            try db.execute(sql: "DROP TRIGGER event_no_update")
            try db.execute(sql: "UPDATE event SET at = at + 60 WHERE case_id = 'B' AND seq = 3")
        }
        try raw.close()
        let (target, live) = try await database(cases: ["X"])
        let before = try replayed(live)
        #expect {
            try SQLiteCaseStore.restore(from: backup, to: target, force: true)
        } throws: { error in
            guard case StoreError.damagedBackup(let path, let reason) = error else { return false }
            return path == backup && reason.contains("B at event 3")
        }
        #expect(try replayed(SQLiteCaseStore(path: target, access: .read)) == before)
        #expect(!FileManager.default.fileExists(atPath: target + ".before-restore-1"))

        // Not a database at all.
        let text = CaseFixtures.temporaryDatabase()
        try Data("no".utf8).write(to: URL(fileURLWithPath: text))
        #expect(throws: StoreError.notADatabase(text)) { try SQLiteCaseStore.restore(from: text, to: target, force: true) }
        #expect(throws: StoreError.missing(text + ".none")) { try SQLiteCaseStore.restore(from: text + ".none", to: target) }
    }
}
