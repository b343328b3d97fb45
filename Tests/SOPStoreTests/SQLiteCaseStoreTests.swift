import Foundation
import GRDB
import SOPCore
import Testing
@testable import SOPStore
@testable import SOPStoreSQLite

@Suite struct SQLiteCaseStoreTests {
    /// A Serdang Bedagai case in a new database file, waiting at step 2 (catat-pengaduan).
    func caseWaitingAtStep2(_ id: String) async throws -> (String, CaseService) {
        let path = CaseFixtures.temporaryDatabase()
        let a = CaseFixtures.serdang
        let setup = CaseFixtures.service(try SQLiteCaseStore(path: path))
        try await setup.open(definition: a.definition, hash: a.hash, calendar: a.calendar, caseID: id, at: CaseFixtures.at("2026-03-02T09:00"))
        try await setup.complete(caseID: id, step: "sampaikan-pengaduan", role: "pengadu", uploads: [CaseFixtures.upload("pengaduan-tercatat")],
                                 at: CaseFixtures.at("2026-03-02T09:03"))
        return (path, setup)
    }

    @Test func twoOfficersCompletingTheSameStepExactlyOneWins() async throws {
        let (path, _) = try await caseWaitingAtStep2("RACE")
        let a = CaseFixtures.serdang
        // Two processes' worth of stores on one file, both deciding on the same version.
        let first = CaseFixtures.service(try SQLiteCaseStore(path: path))
        let second = CaseFixtures.service(try SQLiteCaseStore(path: path))
        let (state1, machine1) = try await first.load("RACE")
        let (state2, machine2) = try await second.load("RACE")
        let up = [DocumentAttachment(document: "pengaduan-tercatat", sha256: String(repeating: "0", count: 64), name: "a", mediaType: "text/plain", size: 1)]
        let e1 = try machine1.complete(state1, step: "catat-pengaduan", role: "pranata-humas", attachments: up, at: CaseFixtures.at("2026-03-02T10:00"))
        let e2 = try machine2.complete(state2, step: "catat-pengaduan", role: "pranata-humas", attachments: up, at: CaseFixtures.at("2026-03-02T10:01"))
        func summary(_ s: CaseState, _ e: [RecordedEvent]) -> CaseSummary {
            var n = s; for x in e { n.apply(x) }; return CaseSummary(n, definition: a.definition)
        }
        try await first.store.append(CaseAppend(events: e1, expectedVersion: state1.version, summary: summary(state1, e1)))
        await #expect(throws: CaseError.conflict(caseID: "RACE", expected: state2.version, actual: state2.version + e1.count)) {
            try await second.store.append(CaseAppend(events: e2, expectedVersion: state2.version, summary: summary(state2, e2)))
        }
        await #expect(try first.store.events(caseID: "RACE").suffix(e1.count) == e1[...])
    }

    @Test func concurrentCompletionsThroughTheServiceLeaveOneWinner() async throws {
        let (path, setup) = try await caseWaitingAtStep2("RACE2")
        let services = try (0..<2).map { _ in CaseFixtures.service(try SQLiteCaseStore(path: path), now: "2026-03-02T10:00") }
        let outcomes = Outcomes()
        await withTaskGroup(of: Void.self) { group in
            for i in 0..<2 {
                group.addTask {
                    do {
                        try await services[i].complete(caseID: "RACE2", step: "catat-pengaduan", role: "pranata-humas",
                                                       uploads: [CaseFixtures.upload("pengaduan-tercatat", "officer \(i)")])
                        outcomes.add(nil)
                    } catch {
                        outcomes.add(error as? CaseError)
                    }
                }
            }
        }
        let results = outcomes.all
        #expect(results.filter { $0 == nil }.count == 1)
        let loser = results.compactMap { $0 }
        #expect(loser.count == 1)
        #expect(loser.allSatisfy { if case .conflict = $0 { true } else if case .stepNotActive = $0 { true } else { false } })
        let events = try await setup.store.events(caseID: "RACE2")
        #expect(events.filter { if case .stepCompleted(let c) = $0.event { c.step == "catat-pengaduan" } else { false } }.count == 1)
    }

    @Test func everyKindOfEventSurvivesTheDatabase() async throws {
        let store = try SQLiteCaseStore()
        let service = CaseFixtures.service(store)
        try await CaseFixtures.runSerdang(service, id: "ALL", reject: true)
        let a = CaseFixtures.serdang
        try await service.open(definition: a.definition, hash: a.hash, calendar: a.calendar, caseID: "NOTE", at: CaseFixtures.at("2026-03-02T09:00"))
        let noted = try await service.note(caseID: "NOTE", text: "Pengadu menelepon menanyakan status", actor: "humas-1", role: "pranata-humas")
        for (id, expected) in [("ALL", try await service.state(caseID: "ALL")), ("NOTE", noted)] {
            let events = try await store.events(caseID: id)
            #expect(CaseState.fold(events) == expected)
        }
        let all = try await store.events(caseID: "ALL"), notes = try await store.events(caseID: "NOTE")
        let types = Set(all.map(\.event.type) + notes.map(\.event.type))
        // The complainant is the applicant side: the agency's clock stops at the complaint and
        // at the reply, and the reply's automatic completion is set.
        #expect(types == ["case-opened", "step-activated", "document-attached", "step-completed", "step-sent-back", "case-closed", "note",
                          "clock-stopped", "clock-resumed", "due-shifted", "timer-set"])
    }

    @Test func eventsAreAppendOnly() async throws {
        let path = CaseFixtures.temporaryDatabase()
        let store = try SQLiteCaseStore(path: path)
        try await CaseFixtures.runSerdang(CaseFixtures.service(store), id: "X")
        let queue = try DatabaseQueue(path: path)
        #expect(throws: (any Error).self) { try queue.write { try $0.execute(sql: "UPDATE event SET actor = 'someone'") } }
        #expect(throws: (any Error).self) { try queue.write { try $0.execute(sql: "DELETE FROM event") } }
    }

    /// A database written before the log was clustered by case (schema v2) is migrated on
    /// opening: every event kept, in order, and still append-only.
    @Test func aVersion2DatabaseIsMigratedWithEveryEvent() throws {
        let path = CaseFixtures.temporaryDatabase()
        let old = try DatabaseQueue(path: path)
        try SQLiteCaseStore.migrator.migrate(old, upTo: "v2-calendar-revision")
        let a = CaseFixtures.serdang
        let machine = CaseMachine(definition: a.definition, definitionHash: a.hash, calendar: WorkingCalendar(a.calendar))
        var rng = SeededGenerator(seed: 4)
        var recorded: [[RecordedEvent]] = []
        for n in 0..<5 {
            recorded.append(try CaseSimulator(machine: machine).run(caseID: "OLD-\(n)", opened: CaseFixtures.at("2026-01-05T09:00"),
                                                                   until: CaseFixtures.at("2026-12-01T09:00"), using: &rng))
        }
        try old.write { db in
            // Interleaved, as a live office writes them.
            for k in 0..<(recorded.map(\.count).max() ?? 0) {
                for events in recorded where k < events.count {
                    try db.execute(sql: RecordedEvent.insertSQL, arguments: events[k].arguments)
                }
            }
            for events in recorded {
                let s = CaseSummary(CaseState.fold(events)!, definition: a.definition)
                try db.execute(sql: """
                    INSERT INTO case_summary (case_id, sop_id, definition_hash, status, opened_at, version, revision_rounds)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [s.caseID, s.sopID, s.definitionHash, s.status.rawValue, s.openedAt.secondsSinceEpoch, s.version, s.revisionRounds])
            }
        }
        try old.close()
        let store = try SQLiteCaseStore(path: path)
        for events in recorded { #expect(try store.events(caseID: events[0].caseID) == events) }
        #expect(throws: (any Error).self) {
            try store.writer.write { try $0.execute(sql: "DELETE FROM event WHERE case_id = 'OLD-1'") }
        }
        let withoutRowID = try store.writer.read { db in
            try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'event'")
        }
        #expect(withoutRowID?.contains("WITHOUT ROWID") == true)
    }

    @Test func aFileThatIsNotSQLiteIsRefusedUntouched() throws {
        let path = CaseFixtures.temporaryDatabase()
        let bytes = Data("format: sop/v1\nthis is not a database\n".utf8)
        try bytes.write(to: URL(fileURLWithPath: path))
        #expect(throws: StoreError.notADatabase(path)) { try SQLiteCaseStore(path: path) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
    }

    @Test func aDatabaseFromANewerVersionIsRefusedUntouched() async throws {
        let path = CaseFixtures.temporaryDatabase()
        try await CaseFixtures.runSerdang(CaseFixtures.service(try SQLiteCaseStore(path: path)), id: "X")
        let queue = try DatabaseQueue(path: path)
        try await queue.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v9-future')") }
        try queue.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(throws: StoreError.newerSchema(path, unknownMigrations: ["v9-future"])) { try SQLiteCaseStore(path: path) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func readersNeverCreateOrAdoptADatabase() throws {
        let missing = CaseFixtures.temporaryDatabase()
        #expect(throws: StoreError.missing(missing)) { try SQLiteCaseStore(path: missing, create: false) }
        #expect(!FileManager.default.fileExists(atPath: missing))
        // Another program's SQLite database is refused, not migrated.
        let foreign = CaseFixtures.temporaryDatabase()
        let queue = try DatabaseQueue(path: foreign)
        try queue.write { try $0.execute(sql: "CREATE TABLE pegawai (nip TEXT PRIMARY KEY)") }
        try queue.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: foreign))
        #expect(throws: StoreError.foreignDatabase(foreign)) { try SQLiteCaseStore(path: foreign) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: foreign)) == before)
        #expect(throws: StoreError.self) { try SQLiteCaseStore(path: FileManager.default.temporaryDirectory.path) }
    }

    @Test func theReadModelAnswersQueues() async throws {
        let store = try SQLiteCaseStore()
        let service = CaseFixtures.service(store)
        try await CaseFixtures.runSerdang(service, id: "DONE")
        let a = CaseFixtures.serdang
        try await service.open(definition: a.definition, hash: a.hash, calendar: a.calendar, caseID: "OPEN", at: CaseFixtures.at("2026-03-02T09:00"))
        await #expect(try store.cases(CaseQuery(status: .closed)).map(\.caseID) == ["DONE"])
        await #expect(try store.cases(CaseQuery(status: .open)).map(\.caseID) == ["OPEN"])
        await #expect(try store.cases(CaseQuery(role: "pengadu")).map(\.caseID) == ["OPEN"])
        await #expect(try store.caseIDs() == ["DONE", "OPEN"])
    }
}

final class Outcomes: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [CaseError?] = []
    func add(_ e: CaseError?) { lock.withLock { values.append(e) } }
    var all: [CaseError?] { lock.withLock { values } }
}
