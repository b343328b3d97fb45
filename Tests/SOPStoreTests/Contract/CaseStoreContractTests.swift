import Foundation
import SOPCore
import Synchronization
import Testing
@testable import SOPStore
import SOPStoreSQLite
import SOPStorePostgres

/// What every ``CaseStore`` must do, whatever database is under it: the same tests run against
/// each store (SQLite in memory and on disk, PostgreSQL), through the protocol only, so a
/// store passes them or it is not a store.
@Suite struct CaseStoreContractTests {
    /// A store under test, made fresh for each test.
    enum Kind: String, CaseIterable, CustomTestStringConvertible, Sendable {
        case sqliteInMemory = "SQLite in memory"
        case sqliteFile = "SQLite file (WAL, FULL)"
        case postgres = "PostgreSQL"

        var testDescription: String { rawValue }

        /// Every store, PostgreSQL when a server is given (`.ci/run` always starts one).
        static var allCases: [Kind] { PostgresFixtures.serverURL == nil ? [.sqliteInMemory, .sqliteFile] : [.sqliteInMemory, .sqliteFile, .postgres] }

        func make() async throws -> any CaseStore & EventLog & WebSessionStore & NotificationStore {
            switch self {
            case .sqliteInMemory: try SQLiteCaseStore()
            case .sqliteFile: try SQLiteCaseStore(path: CaseFixtures.temporaryDatabase(), access: .create, durability: .full)
            case .postgres: try await PostgresFixtures.freshStore()
            }
        }

        /// Two stores on one database, as two nodes have (their own connections and caches;
        /// the in-memory database has one store, shared).
        func makeTwo() async throws -> (any CaseStore, any CaseStore) {
            switch self {
            case .sqliteInMemory:
                let store = try SQLiteCaseStore()
                return (store, store)
            case .sqliteFile:
                let path = CaseFixtures.temporaryDatabase()
                return (try SQLiteCaseStore(path: path, access: .create), try SQLiteCaseStore(path: path))
            case .postgres:
                let first = try await PostgresFixtures.freshStore()
                return (first, try await PostgresCaseStore(url: first.url, maximumConnections: 4))
            }
        }
    }


    static let a = CaseFixtures.serdang
    static let machine = CaseMachine(definition: a.definition, definitionHash: a.hash, calendar: WorkingCalendar(a.calendar))
    static let t0 = CaseFixtures.at("2026-03-02T09:00")

    /// The opening of case `id`, with its definition and calendar, as the service writes it.
    static func opening(_ id: String, at: Instant = t0) throws -> (CaseAppend, CaseState) {
        let events = try machine.open(caseID: id, at: at)
        let state = CaseState.fold(events)!
        return (CaseAppend(events: events, expectedVersion: 0, state: state, machine: machine,
                           definition: (a.definition, a.hash), calendar: a.calendar), state)
    }

    /// `body` run `count` times at once: each run's outcome, "ok" or the refusal's code.
    static func atOnce(_ count: Int, _ body: @escaping @Sendable (Int) async throws -> Void) async -> [String] {
        await withTaskGroup(of: String.self) { group in
            for k in 0..<count {
                group.addTask {
                    do {
                        try await body(k)
                        return "ok"
                    } catch let e as CaseError {
                        return e.code
                    } catch {
                        return "\(error)"
                    }
                }
            }
            var all: [String] = []
            for await r in group { all.append(r) }
            return all
        }
    }

    /// A note on `state` (the simplest change of a case), as the append after it.
    static func noting(_ state: CaseState, _ text: String = "catatan") throws -> (CaseAppend, CaseState) {
        let events = try machine.note(state, text: text, at: t0.adding(seconds: 60 * Int64(state.version)))
        var next = state
        next.apply(contentsOf: events)
        return (CaseAppend(events: events, expectedVersion: state.version, state: next, machine: machine), next)
    }

    @Test(arguments: Kind.allCases)
    func anAppendedCaseReadsBackEventForEvent(_ kind: Kind) async throws {
        let store = try await kind.make()
        let (open, opened) = try Self.opening("K-1")
        try await store.append(open)
        #expect(try await store.events(caseID: "K-1") == open.events)
        #expect(try await store.version(caseID: "K-1") == opened.version)
        #expect(try await store.summary(caseID: "K-1") == CaseSummary(opened, definition: Self.a.definition))
        #expect(try await store.definition(hash: Self.a.hash) == Self.a.definition)
        #expect(try await store.calendar(id: Self.a.calendar.id)?.definition == Self.a.calendar)
        #expect(try await store.caseIDs() == ["K-1"])
        // Unknown cases are nil and empty, never an error.
        #expect(try await store.version(caseID: "K-9") == nil)
        #expect(try await store.summary(caseID: "K-9") == nil)
        #expect(try await store.events(caseID: "K-9").isEmpty)
        #expect(try await store.snapshot(caseID: "K-9", knownVersion: nil).version == nil)
    }

    @Test(arguments: Kind.allCases)
    func aLongHistoryIsWrittenInOneAppend(_ kind: Kind) async throws {
        // An opening and 3,000 notes in one append (a case copied whole from another store).
        let store = try await kind.make()
        var events = try Self.machine.open(caseID: "K-L", at: Self.t0)
        var state = CaseState.fold(events)!
        for n in 0..<3000 {
            let note = try Self.machine.note(state, text: "catatan \(n)", at: Self.t0.adding(seconds: Int64(n)))
            state.apply(contentsOf: note)
            events += note
        }
        try await store.append(CaseAppend(events: events, expectedVersion: 0, state: state, machine: Self.machine,
                                          definition: (Self.a.definition, Self.a.hash), calendar: Self.a.calendar))
        #expect(try await store.events(caseID: "K-L") == events)
        #expect(try await store.version(caseID: "K-L") == events.count)
    }

    @Test(arguments: Kind.allCases)
    func aSnapshotCarriesEventsOnlyWhenTheKnownVersionIsStale(_ kind: Kind) async throws {
        let store = try await kind.make()
        let (open, opened) = try Self.opening("K-1")
        try await store.append(open)
        let stale = try await store.snapshot(caseID: "K-1", knownVersion: nil)
        #expect(stale.version == opened.version && stale.events == open.events && stale.calendarRevision != nil)
        let current = try await store.snapshot(caseID: "K-1", knownVersion: opened.version)
        #expect(current.version == opened.version && current.events == nil)
        let both = try await store.snapshots([("K-1", opened.version), ("K-9", nil)])
        #expect(Array(both.keys) == ["K-1"] && both["K-1"]?.events == nil)
    }

    @Test(arguments: Kind.allCases)
    func aWriteOnAStaleVersionIsAConflictAndStoresNothing(_ kind: Kind) async throws {
        let store = try await kind.make()
        let (open, opened) = try Self.opening("K-1")
        try await store.append(open)
        await #expect(throws: CaseError.caseExists("K-1")) { try await store.append(open) }
        let (first, _) = try Self.noting(opened, "pertama")
        let (second, _) = try Self.noting(opened, "kedua")
        try await store.append(first)
        await #expect(throws: CaseError.conflict(caseID: "K-1", expected: opened.version, actual: opened.version + first.events.count)) {
            try await store.append(second)
        }
        #expect(try await store.events(caseID: "K-1") == open.events + first.events)
    }

    @Test(arguments: Kind.allCases)
    func aBatchIsStoredWholeOrNotAtAll(_ kind: Kind) async throws {
        let store = try await kind.make()
        let (open1, _) = try Self.opening("K-1"), (open2, _) = try Self.opening("K-2")
        try await store.append(open1)
        // The second opening of K-1 is refused: K-2 is not stored either.
        await #expect(throws: CaseError.caseExists("K-1")) { try await store.appendBatch([open2, open1]) }
        #expect(try await store.version(caseID: "K-2") == nil)
        try await store.appendBatch([open2])
        #expect(try await store.caseIDs() == ["K-1", "K-2"])
    }

    @Test(arguments: Kind.allCases)
    func anUpdateDecidesOnWhatIsStoredAndARefusalChangesNothing(_ kind: Kind) async throws {
        let store = try await kind.make()
        let (open, _) = try Self.opening("K-1")
        try await store.append(open)
        // Decided on a stale known version: the snapshot brings the events.
        let answer = try await store.update(caseID: "K-1", knownVersion: nil) { snapshot in
            let state = CaseState.fold(snapshot.events ?? [])!
            let (item, next) = try Self.noting(state)
            return (item, next.version)
        }
        #expect(try await store.version(caseID: "K-1") == answer)
        let before = try await store.events(caseID: "K-1")
        struct Refused: Error {}
        await #expect(throws: Refused.self) {
            try await store.update(caseID: "K-1", knownVersion: answer) { _ -> (CaseAppend, Int) in throw Refused() }
        }
        #expect(try await store.events(caseID: "K-1") == before)
    }

    @Test(arguments: Kind.allCases)
    func updateEachStoresTheCasesDecidedAndNamesTheRefused(_ kind: Kind) async throws {
        let store = try await kind.make()
        for id in ["K-1", "K-2", "K-3"] { try await store.append(try Self.opening(id).0) }
        struct Refused: Error {}
        let refused = try await store.updateEach([("K-1", nil), ("K-2", nil), ("K-3", nil)]) { caseID, snapshot in
            if caseID == "K-2" { throw Refused() }
            if caseID == "K-3" { return nil }
            return try Self.noting(CaseState.fold(snapshot.events ?? [])!).0
        }
        #expect(Array(refused.keys) == ["K-2"] && refused["K-2"] is Refused)
        let versions = try await [store.version(caseID: "K-1"), store.version(caseID: "K-2"), store.version(caseID: "K-3")]
        let opened = try Self.opening("K-1").1.version
        #expect(versions == [opened + 1, opened, opened])
    }

    @Test(arguments: Kind.allCases)
    func documentsAreStoredOnceByContent(_ kind: Kind) async throws {
        let store = try await kind.make()
        let service = CaseFixtures.service(store)
        try await CaseFixtures.openFiledSerdang(service, id: "K-1")
        try await CaseFixtures.openFiledSerdang(service, id: "K-2")
        let upload = CaseFixtures.upload("pengaduan-tercatat")
        let sha = StoredDocument(bytes: upload.bytes, mediaType: upload.mediaType).sha256
        #expect(try await store.document(sha256: sha) == upload.bytes)
        #expect(try await store.document(sha256: String(repeating: "0", count: 64)) == nil)
    }

    @Test(arguments: Kind.allCases)
    func aCalendarsRevisionRisesOnlyWhenItsContentChanges(_ kind: Kind) async throws {
        let store = try await kind.make()
        var calendar = Self.a.calendar
        try await store.saveCalendar(calendar)
        let first = try #require(try await store.calendar(id: calendar.id)).revision
        try await store.saveCalendar(calendar)
        #expect(try await store.calendar(id: calendar.id)?.revision == first)
        calendar.holidays.removeLast()
        try await store.saveCalendar(calendar)
        let changed = try #require(try await store.calendar(id: calendar.id))
        #expect(changed.revision > first && changed.definition == calendar)
        try await store.saveDefinition(Self.a.definition, hash: Self.a.hash)
        try await store.saveDefinition(Self.a.definition, hash: Self.a.hash)
        #expect(try await store.definition(hash: Self.a.hash) == Self.a.definition)
    }

    @Test(arguments: Kind.allCases)
    func theReadModelListsOldestFirstByStatusRoleAndSOP(_ kind: Kind) async throws {
        let store = try await kind.make()
        let service = CaseFixtures.service(store)
        try await CaseFixtures.runSerdang(service, id: "K-1")
        try await CaseFixtures.openFiledSerdang(service, id: "K-2")
        try await service.open(definition: Self.a.definition, hash: Self.a.hash, calendar: Self.a.calendar, caseID: "K-3",
                               at: CaseFixtures.at("2026-03-03T09:00"))
        #expect(try await store.cases(CaseQuery()).map(\.caseID) == ["K-1", "K-2", "K-3"])
        #expect(try await store.cases(CaseQuery(status: .closed)).map(\.caseID) == ["K-1"])
        #expect(try await store.cases(CaseQuery(status: .open, role: "pranata-humas")).map(\.caseID) == ["K-2"])
        #expect(try await store.cases(CaseQuery(status: .open, role: "pengadu")).map(\.caseID) == ["K-3"])
        #expect(try await store.cases(CaseQuery(sopIDs: ["lain"])).isEmpty)
        #expect(try await store.cases(CaseQuery(limit: 1, offset: 1)).map(\.caseID) == ["K-2"])
        let listing = try #require(try await store.listing(caseID: "K-2"))
        #expect(listing.activity.activeSteps.map(\.step) == ["catat-pengaduan"])
        #expect(try await store.listings(CaseQuery(status: .open)).map(\.summary.caseID) == ["K-2", "K-3"])
        // The audit: who acted in a role, newest first.
        let actions = try await store.actions(sopIDs: [Self.a.definition.id], limit: 3, offset: 0)
        #expect(actions.count == 3 && actions.map(\.event.at) == actions.map(\.event.at).sorted(by: >))
    }

    @Test(arguments: Kind.allCases)
    func casesWithDueTimersComeEarliestFirst(_ kind: Kind) async throws {
        let store = try await kind.make()
        let service = CaseFixtures.service(store)
        // A closed case has no timer.
        try await CaseFixtures.runSerdang(service, id: "K-1")
        let due = try await store.casesWithDueTimers(at: CaseFixtures.at("2027-01-01T09:00"), sopIDs: nil, limit: 10)
        #expect(due.isEmpty, "\(due)")
        // Serdang Bedagai's last step waits for the complainant, with a timer (the reply
        // accepted after 10 working days): two cases brought there, the later one first.
        for (id, day) in [("T-2", "2026-03-03T09:00"), ("T-1", "2026-03-02T09:00")] {
            var t = CaseFixtures.at(day)
            func later(_ minutes: Int) -> Instant { t = t.adding(seconds: Int64(minutes) * 60); return t }
            try await service.open(definition: Self.a.definition, hash: Self.a.hash, calendar: Self.a.calendar, caseID: id, at: t)
            let steps: [(String, String, [String], String?)] = [
                ("sampaikan-pengaduan", "pengadu", ["form-pengaduan", "pengaduan-tercatat"], nil),
                ("catat-pengaduan", "pranata-humas", ["pengaduan-tercatat"], nil),
                ("telaah-pengaduan", "pranata-humas", ["pengaduan-tercatat", "telaahan-staf"], nil),
                ("periksa-draft", "fungsional-muda", ["draft-surat-balasan"], "setuju"),
                ("tandatangani-balasan", "kepala-dinas", ["surat-jawaban"], "setuju"),
                ("kirim-balasan", "pranata-humas", ["surat-jawaban"], nil),
            ]
            for (step, role, docs, outcome) in steps {
                try await service.complete(caseID: id, step: step, role: role, outcome: outcome, uploads: docs.map { CaseFixtures.upload($0) }, at: later(30))
            }
        }
        #expect(try await store.casesWithDueTimers(at: CaseFixtures.at("2027-01-01T09:00"), sopIDs: nil, limit: 10) == ["T-1", "T-2"])
        #expect(try await store.casesWithDueTimers(at: CaseFixtures.at("2027-01-01T09:00"), sopIDs: nil, limit: 1) == ["T-1"])
        #expect(try await store.casesWithDueTimers(at: CaseFixtures.at("2026-03-02T09:00"), sopIDs: nil, limit: 10).isEmpty)
        #expect(try await store.casesWithDueTimers(at: CaseFixtures.at("2027-01-01T09:00"), sopIDs: ["lain"], limit: 10).isEmpty)
    }

    @Test(arguments: Kind.allCases)
    func ofConcurrentCompletionsOfOneStepExactlyOneWins(_ kind: Kind) async throws {
        let store = try await kind.make()
        try await CaseFixtures.openFiledSerdang(CaseFixtures.service(store), id: "K-1")
        // Eight services (each its own cache, as eight nodes would) complete the same step at once.
        let results = await Self.atOnce(8) { k in
            try await CaseFixtures.service(store).complete(
                caseID: "K-1", step: "catat-pengaduan", role: "pranata-humas",
                uploads: [CaseFixtures.upload("pengaduan-tercatat", "petugas \(k)")], at: CaseFixtures.at("2026-03-02T10:00"))
        }
        #expect(results.filter { $0 == "ok" }.count == 1, "\(results)")
        #expect(results.allSatisfy { ["ok", "conflict", "step-not-active"].contains($0) }, "\(results)")
        let completions = try await store.events(caseID: "K-1").filter { if case .stepCompleted(let c) = $0.event { c.step == "catat-pengaduan" } else { false } }
        #expect(completions.count == 1)
    }

    @Test(arguments: Kind.allCases)
    func ofConcurrentOpeningsOfOneIDExactlyOneIsStored(_ kind: Kind) async throws {
        let store = try await kind.make()
        let results = await Self.atOnce(8) { k in
            try await store.append(try Self.opening("K-1", at: Self.t0.adding(seconds: Int64(k))).0)
        }
        #expect(results.filter { $0 == "ok" }.count == 1 && results.filter { $0 == "case-exists" }.count == 7, "\(results)")
        #expect(try await store.caseIDs() == ["K-1"])
    }

    @Test(arguments: Kind.allCases)
    func webSessionsAreKeptByTheHashOfTheirIDAndExpire(_ kind: Kind) async throws {
        let store = try await kind.make()
        func session(_ id: String, opened: Int64, used: Int64) -> WebSession {
            WebSession(idHash: id, officerID: "humas", fingerprint: "f-\(id)", opened: opened, lastUsed: used)
        }
        try await store.saveSession(session("a", opened: 1000, used: 1000))
        try await store.saveSession(session("b", opened: 1000, used: 400))
        try await store.saveSession(session("c", opened: 50, used: 1100))
        #expect(try await store.session(idHash: "a") == session("a", opened: 1000, used: 1000))
        // A touch never moves the last use back.
        try await store.touchSession(idHash: "a", lastUsed: 1200)
        try await store.touchSession(idHash: "a", lastUsed: 1100)
        #expect(try await store.session(idHash: "a")?.lastUsed == 1200)
        // Idle since before 500 (b) or opened before 100 (c).
        #expect(try await store.deleteSessions(idleBefore: 500, openedBefore: 100) == 2)
        #expect(try await store.session(idHash: "b") == nil)
        try await store.deleteSession(idHash: "a")
        #expect(try await store.session(idHash: "a") == nil)
        #expect(try await store.session(idHash: "zz") == nil)
    }

    @Test(arguments: Kind.allCases)
    func twoNodesRunningTimersAtOnceFireEachTimerOnce(_ kind: Kind) async throws {
        let f = LicensingFixture.self
        let (one, two) = try await kind.makeTwo()
        let setup = CaseFixtures.service(one)
        let ids = (1...40).map { "IZ-\($0)" }
        for id in ids { try await f.openWithApplicant(setup, id: id) }
        let due = try #require(try await setup.state(caseID: "IZ-1").openRecord(of: "perbaikan")?.record.timers[0])
        // Each node with its own service (and cache), in batches of different sizes.
        let first = CaseFixtures.service(one), second = CaseFixtures.service(two)
        async let a = first.runTimers(at: due, batch: 7)
        async let b = second.runTimers(at: due, batch: 5)
        let (runA, runB) = try await (a, b)
        #expect(runA.failed.isEmpty && runB.failed.isEmpty, "\(runA.failed) \(runB.failed)")
        #expect((runA.fired + runB.fired).map(\.caseID).sorted() == ids.sorted())
        for id in ids {
            let fired = try await one.events(caseID: id).filter { if case .timerFired = $0.event { true } else { false } }
            #expect(fired.count == 1, "\(id)")
            #expect(try await one.summary(caseID: id)?.status == .closed)
        }
    }

    @Test(arguments: Kind.allCases)
    func aFiredReminderLeavesItsNoticeAndEachDeliveryIsClaimedByOneSender(_ kind: Kind) async throws {
        let f = LicensingFixture.self
        let store = try await kind.make()
        let service = CaseFixtures.service(store)
        try await f.openForked(service, id: "IZ-N1")
        #expect(try await store.pendingNotices(limit: 10).isEmpty)
        // The fee calculation's reminder and escalation fire; each leaves its notice in the same write.
        #expect(try await service.fireDueTimers(at: f.at("2026-02-02T12:00")) == 2)
        let notices = try await store.pendingNotices(limit: 10)
        #expect(notices.map(\.action) == [.remind, .escalate] && notices.allSatisfy { $0.caseID == "IZ-N1" && $0.step == "retribusi" })
        let now = f.at("2026-02-02T12:00")
        func delivery(_ n: Notice, _ to: String) -> Delivery {
            Delivery(caseID: n.caseID, sequence: n.sequence, channel: .email, recipient: to, officer: nil, subject: "s", body: "b", nextAttemptAt: now)
        }
        for n in notices { try await store.expand(n, into: [delivery(n, "a@x.go.id"), delivery(n, "b@x.go.id")]) }
        // Expanding again keeps what is there.
        try await store.expand(notices[0], into: [delivery(notices[0], "a@x.go.id")])
        #expect(try await store.pendingNotices(limit: 10).isEmpty)
        // Two senders at once: the four deliveries are shared, none taken twice.
        async let one = store.claimDeliveries(now: now, lease: 300, limit: 3)
        async let two = store.claimDeliveries(now: now, lease: 300, limit: 3)
        let (a, b) = try await (one, two)
        #expect(Set(a.map(\.key)).isDisjoint(with: b.map(\.key)) && a.count + b.count == 4, "\(a.map(\.key)) \(b.map(\.key))")
        #expect((a + b).allSatisfy { $0.attempts == 1 })
        // Within the lease nothing is due again.
        #expect(try await store.claimDeliveries(now: now.adding(seconds: 60), lease: 300, limit: 10).isEmpty)
        let all = a + b
        try await store.markSent(all[0], at: now)
        try await store.markFailed(all[1], error: "smtp-refused: 550", retryAt: nil, at: now)
        try await store.markFailed(all[2], error: "smtp-timeout", retryAt: now.adding(seconds: 600), at: now)
        let stored = try await store.deliveries(caseID: "IZ-N1")
        #expect(stored.count == 4 && stored.map(\.sequence) == stored.map(\.sequence).sorted())
        let byKey = Dictionary(uniqueKeysWithValues: stored.map { ($0.key, $0) })
        #expect(byKey[all[0].key]?.status == .sent && byKey[all[1].key]?.status == .failed && byKey[all[1].key]?.lastError == "smtp-refused: 550")
        #expect(byKey[all[2].key]?.status == .pending && byKey[all[2].key]?.nextAttemptAt == now.adding(seconds: 600))
    }

    @Test(arguments: Kind.allCases)
    func theEventLogIsReadCaseByCaseInOrder(_ kind: Kind) async throws {
        let store = try await kind.make()
        let service = CaseFixtures.service(store)
        try await CaseFixtures.openFiledSerdang(service, id: "K-2")
        try await CaseFixtures.runSerdang(service, id: "K-1", reject: true)
        var seen: [(String, Int)] = []
        var statuses: [String] = []
        try await store.forEachEventBytes { e in
            seen.append((String(decoding: e.caseID, as: UTF8.self), e.sequence))
            if let s = e.caseStatus { statuses.append(String(decoding: s, as: UTF8.self)) }
        }
        // The case's status comes with its first event only.
        #expect(statuses == ["closed", "open"])
        let expected = try await ["K-1", "K-2"].asyncFlatMap { id in try await store.events(caseID: id).map { (id, $0.sequence) } }
        #expect(seen.map(\.0) == expected.map(\.0) && seen.map(\.1) == expected.map(\.1))
        #expect(try await store.storedDefinitions() == [Self.a.hash: Self.a.definition])
        let report = try await store.report(limits: LegalLimit.undangUndang25of2009(unit: .workingDays), now: CaseFixtures.at("2026-06-01T09:00"))
        let row = try #require(report.sops.first)
        #expect(report.sops.count == 1 && row.cases == 2 && row.closed == 1 && row.open == 1 && row.casesRevised == 1)
    }
}

extension Array {
    /// `transform` applied to each element in order, awaited one after the other.
    func asyncFlatMap<T>(_ transform: (Element) async throws -> [T]) async rethrows -> [T] {
        var out: [T] = []
        for e in self { out += try await transform(e) }
        return out
    }
}
