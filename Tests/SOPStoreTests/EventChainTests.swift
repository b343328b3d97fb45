import Foundation
import GRDB
import SOPCore
import Testing
@testable import SOPStore
@testable import SOPStoreSQLite

/// The tamper-evident history: each event's stored link covers its stored fields and the
/// link before it.
@Suite struct EventChainTests {
    /// A database with three finished cases, and a raw connection that can do what the
    /// engine never does (the append-only triggers dropped).
    func tampered(_ sql: String) async throws -> SQLiteCaseStore {
        let path = CaseFixtures.temporaryDatabase()
        let store = try SQLiteCaseStore(path: path)
        for id in ["A", "B", "C"] { try await CaseFixtures.runSerdang(CaseFixtures.service(store), id: id, reject: id == "B") }
        #expect(try store.verifyChain().intact)
        let raw = try DatabaseQueue(path: path)
        try await raw.write { db in
            try db.execute(sql: "DROP TRIGGER event_no_update; DROP TRIGGER event_no_delete")
            try db.execute(sql: sql)
        }
        try raw.close()
        return try SQLiteCaseStore(path: path, access: .read)
    }

    @Test func everyStoredEventCarriesItsLink() async throws {
        let store = try SQLiteCaseStore()
        let state = try await CaseFixtures.runSerdang(CaseFixtures.service(store), id: "L", reject: true)
        let events = try await store.events(caseID: "L")
        #expect(events.count == state.version)
        let stored = try await store.writer.read { try String.fetchAll($0, sql: "SELECT chain FROM event WHERE case_id = 'L' ORDER BY seq") }
        let expected = EventChain.links(EventChain.genesis(caseID: "L", definitionHash: CaseFixtures.serdang.hash), events).map(EventChain.hex)
        #expect(stored == expected)
        #expect(Set(stored).count == stored.count)
        let report = try store.verifyChain()
        #expect(report == ChainReport(cases: 1, events: events.count, breaks: []))
    }

    @Test func aChangedTimeIsReportedAtThatEvent() async throws {
        let store = try await tampered("UPDATE event SET at = at + 1 WHERE case_id = 'B' AND seq = 7")
        let report = try store.verifyChain()
        #expect(report.breaks.map { [$0.caseID, String($0.sequence), $0.problem.rawValue] } == [["B", "7", "changed"]])
        #expect(report.cases == 3)
    }

    @Test func aChangedByteOfAPayloadIsReportedAtThatEvent() async throws {
        let store = try await tampered("""
            UPDATE event SET name = 'X' || substr(name, 2) WHERE case_id = 'C'
              AND seq = (SELECT min(seq) FROM event WHERE case_id = 'C' AND type = 'document-attached' AND seq > 5)
            """)
        let seq = try await store.writer.read {
            try Int.fetchOne($0, sql: "SELECT seq FROM event WHERE case_id = 'C' AND name LIKE 'X%'")
        }
        let report = try store.verifyChain()
        #expect(report.breaks.map(\.caseID) == ["C"])
        #expect(report.breaks.first?.sequence == seq)
        #expect(report.breaks.first?.problem == .changed)
        // A field the event's type does not use is stored, so it is covered too.
        let extra = try await tampered("UPDATE event SET text = 'ditambahkan' WHERE case_id = 'A' AND seq = 2")
        #expect(try extra.verifyChain().breaks.map { "\($0.caseID)#\($0.sequence)" } == ["A#2"])
    }

    @Test func aDeletedEventInTheMiddleIsReported() async throws {
        let store = try await tampered("DELETE FROM event WHERE case_id = 'A' AND seq = 5")
        let report = try store.verifyChain()
        #expect(report.breaks.count == 1)
        #expect(report.breaks[0].caseID == "A" && report.breaks[0].sequence == 5 && report.breaks[0].problem == .missing)
        #expect(report.breaks[0].detail.contains("after event 4 comes event 6"))
    }

    @Test func aDeletedLastEventOrOpeningIsReported() async throws {
        let tail = try await tampered("DELETE FROM event WHERE case_id = 'A' AND seq = (SELECT max(seq) FROM event WHERE case_id = 'A')")
        #expect(try tail.verifyChain().breaks.map { "\($0.caseID):\($0.problem.rawValue)" } == ["A:missing"])
        let head = try await tampered("DELETE FROM event WHERE case_id = 'C' AND seq = 1")
        #expect(try head.verifyChain().breaks.map { "\($0.caseID)#\($0.sequence):\($0.problem.rawValue)" } == ["C#1:missing"])
        let all = try await tampered("DELETE FROM event WHERE case_id = 'B'")
        #expect(try all.verifyChain().breaks.map { "\($0.caseID)#\($0.sequence)" } == ["B#1"])
    }

    @Test func aRecomputedLinkBreaksTheNextEvent() async throws {
        // Changing an event and its own link still breaks the chain at the next event.
        let path = CaseFixtures.temporaryDatabase()
        let store = try SQLiteCaseStore(path: path)
        try await CaseFixtures.runSerdang(CaseFixtures.service(store), id: "A")
        var events = try await store.events(caseID: "A")
        events[2].actor = "pemalsu"
        let links = EventChain.links(EventChain.genesis(caseID: "A", definitionHash: CaseFixtures.serdang.hash), events)
        let raw = try DatabaseQueue(path: path)
        try await raw.write { db in
            try db.execute(sql: "DROP TRIGGER event_no_update")
            try db.execute(sql: "UPDATE event SET actor = 'pemalsu', chain = ? WHERE case_id = 'A' AND seq = 3", arguments: [EventChain.hex(links[2])])
        }
        try raw.close()
        #expect(try SQLiteCaseStore(path: path, access: .read).verifyChain().breaks.map(\.sequence) == [4])
    }

    @Test func verifyingOneCaseReadsOnlyIt() async throws {
        let store = try await tampered("UPDATE event SET at = at + 1 WHERE case_id = 'B' AND seq = 3")
        await #expect(try store.verifyChain(caseID: "A") == ChainReport(cases: 1, events: try store.events(caseID: "A").count, breaks: []))
        #expect(try store.verifyChain(caseID: "B").breaks.map(\.sequence) == [3])
    }

    /// A database of the release before the chain (schema v3) gets its events linked on
    /// opening, verifies, and goes on being chained.
    @Test func aVersion3DatabaseMigratesAndVerifies() async throws {
        let path = CaseFixtures.temporaryDatabase()
        let old = try DatabaseQueue(path: path)
        try SQLiteCaseStore.migrator.migrate(old, upTo: "v3-event-clustered-by-case")
        let a = CaseFixtures.serdang
        let machine = CaseMachine(definition: a.definition, definitionHash: a.hash, calendar: WorkingCalendar(a.calendar))
        var rng = SeededGenerator(seed: 9)
        var simulated: [[RecordedEvent]] = []
        for n in 0..<6 {
            simulated.append(try CaseSimulator(machine: machine).run(caseID: "V3-\(n)", opened: CaseFixtures.at("2026-01-05T09:00"),
                                                                   until: CaseFixtures.at("2026-12-01T09:00"), using: &rng))
        }
        let recorded = simulated
        try await old.write { db in
            try SQLiteCaseStore.insertDefinition(db, a.definition.id, a.hash, try SQLiteCaseStore.encoder.encode(a.definition))
            try SQLiteCaseStore.upsertCalendar(db, a.calendar.id, try SQLiteCaseStore.encoder.encode(a.calendar))
            for events in recorded {
                for e in events { try db.execute(sql: RecordedEvent.insertSQL, arguments: e.arguments) }
                let s = CaseSummary(CaseState.fold(events)!, definition: a.definition)
                try db.execute(sql: """
                    INSERT INTO case_summary (case_id, sop_id, definition_hash, status, active_step, active_role, opened_at, version, revision_rounds)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [s.caseID, s.sopID, s.definitionHash, s.status.rawValue, s.activeStep, s.activeRole,
                                     s.openedAt.secondsSinceEpoch, s.version, s.revisionRounds])
            }
        }
        try old.close()
        let store = try SQLiteCaseStore(path: path)
        let report = try store.verifyChain()
        #expect(report == ChainReport(cases: 6, events: recorded.map(\.count).reduce(0, +), breaks: []))
        for events in recorded {
            await #expect(try store.events(caseID: events[0].caseID) == events)
            let links = try await store.writer.read {
                try String.fetchAll($0, sql: "SELECT chain FROM event WHERE case_id = ? ORDER BY seq", arguments: [events[0].caseID])
            }
            #expect(links == EventChain.links(EventChain.genesis(caseID: events[0].caseID, definitionHash: a.hash), events).map(EventChain.hex))
        }
        // Still append-only, and new events follow the migrated links.
        await #expect(throws: (any Error).self) { try await store.writer.write { try $0.execute(sql: "UPDATE event SET actor = 'x'") } }
        let service = CaseFixtures.service(store, now: "2026-12-02T09:00")
        if let open = recorded.first(where: { CaseState.fold($0)!.status == .open }) {
            let state = CaseState.fold(open)!
            try await service.note(caseID: state.caseID, text: "setelah migrasi")
        }
        try await CaseFixtures.runSerdang(service, id: "NEW")
        #expect(try store.verifyChain().intact)
    }

    @Test func theCanonicalFormTellsEveryFieldListApart() {
        let lists: [[StoredValue]] = [
            [], [.null], [.text("")], [.integer(0)], [.real(0)], [.blob([])], [.text("ab")], [.text("a"), .text("b")],
            [.text("a"), .null], [.null, .text("a")], [.integer(1)], [.text("1")], [.blob([0x31])],
        ]
        let forms = lists.map(EventChain.canonicalBytes)
        #expect(Set(forms).count == lists.count)
        #expect(EventChain.link(hex: EventChain.hex(Array(0..<32))) == Array(0..<32))
        #expect(EventChain.link(hex: String(repeating: "g", count: 64)) == nil)
        #expect(EventChain.genesis(caseID: "a", definitionHash: "bc") != EventChain.genesis(caseID: "ab", definitionHash: "c"))
    }
}
