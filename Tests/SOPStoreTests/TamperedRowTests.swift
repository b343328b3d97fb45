import Foundation
import GRDB
import SOPCore
import Testing
@testable import SOPStore
@testable import SOPStoreSQLite

/// Issue 16: a database edited by hand (values of the wrong storage class, NULLs, garbage
/// JSON) makes every read of the store throw ``StoreError/corrupt(_:)`` naming the table,
/// the case, the event and the column, never quoting the value, and never trap.
@Suite struct TamperedRowTests {
    static let limits = LegalLimit.undangUndang25of2009()
    static let now = CaseFixtures.at("2026-03-31T12:00")

    /// Case A finished (sent back once), case O open at its second step, then `sql` run on a
    /// raw connection without the append-only triggers. Returns the path.
    func tampered(_ sql: String) async throws -> String {
        let path = CaseFixtures.temporaryDatabase()
        let store = try SQLiteCaseStore(path: path)
        let service = CaseFixtures.service(store)
        try await CaseFixtures.runSerdang(service, id: "A", reject: true)
        let a = CaseFixtures.serdang
        try await service.open(definition: a.definition, hash: a.hash, calendar: a.calendar, caseID: "O", at: CaseFixtures.at("2026-03-02T09:00"))
        try await service.complete(caseID: "O", step: "sampaikan-pengaduan", role: "pengadu",
                                   uploads: [CaseFixtures.upload("form-pengaduan"), CaseFixtures.upload("pengaduan-tercatat")],
                                   at: CaseFixtures.at("2026-03-02T09:03"))
        let raw = try DatabaseQueue(path: path)
        try await raw.write { db in
            try db.execute(sql: "DROP TRIGGER event_no_update; DROP TRIGGER event_no_delete")
            try db.execute(sql: sql)
        }
        try raw.close()
        return path
    }

    /// The sequence number of the first event of `type` in case `caseID` (of a fresh fixture).
    static let sequences = Task<[String: Int], Never> {
        let store = try! SQLiteCaseStore()
        let service = CaseFixtures.service(store)
        try! await CaseFixtures.runSerdang(service, id: "A", reject: true)
        var out: [String: Int] = [:]
        for e in try! await store.events(caseID: "A") where out[e.event.type] == nil { out[e.event.type] = e.sequence }
        return out
    }

    static func seq(_ type: String) async -> Int { await sequences.value[type]! }

    /// `body` throws ``StoreError/corrupt(_:)`` whose message has every one of `parts`, and
    /// none of `secret`.
    func expectCorrupt(_ parts: [String], secret: String? = nil, _ what: String,
                       sourceLocation: Testing.SourceLocation = #_sourceLocation, _ body: () async throws -> Void) async {
        do {
            try await body()
            Issue.record("\(what): no error", sourceLocation: sourceLocation)
        } catch StoreError.corrupt(let message) {
            for p in parts { #expect(message.contains(p), "\(what): \(message)", sourceLocation: sourceLocation) }
            if let secret { #expect(!message.contains(secret), "\(what): \(message)", sourceLocation: sourceLocation) }
            #expect(StoreError.corrupt(message).kind == .internal)
        } catch {
            Issue.record("\(what): \(error)", sourceLocation: sourceLocation)
        }
    }

    /// Every read that meets the events of case A.
    func expectEventReadsCorrupt(_ path: String, _ parts: [String], secret: String? = nil, report: Bool = true, export: Bool = true,
                                 sourceLocation: Testing.SourceLocation = #_sourceLocation) async throws {
        let store = try SQLiteCaseStore(path: path, access: .read)
        await expectCorrupt(parts, secret: secret, "events", sourceLocation: sourceLocation) { _ = try store.events(caseID: "A") }
        await expectCorrupt(parts, secret: secret, "snapshot", sourceLocation: sourceLocation) { _ = try store.snapshot(caseID: "A", knownVersion: nil) }
        await expectCorrupt(parts, secret: secret, "replay", sourceLocation: sourceLocation) { _ = try await CaseFixtures.service(store).load("A") }
        await expectCorrupt(parts, secret: secret, "state", sourceLocation: sourceLocation) { _ = try await CaseFixtures.service(store).state(caseID: "A") }
        if report {
            for parts_ in [1, 2] {
                await expectCorrupt(parts, secret: secret, "report in \(parts_)", sourceLocation: sourceLocation) {
                    _ = try store.report(limits: Self.limits, now: Self.now, parts: parts_)
                }
            }
        }
        if export {
            await expectCorrupt(parts, secret: secret, "export", sourceLocation: sourceLocation) { try store.forEachEventBytes { _ in } }
        }
    }

    // MARK: Event columns

    @Test func anIntegerColumnHoldingText() async throws {
        let completed = await Self.seq("step-completed")
        try await expectEventReadsCorrupt(try await tampered("UPDATE event SET at = 'kemarin sore' WHERE case_id = 'A' AND seq = \(completed)"),
                                          ["event A#\(completed)", "column 'at'", "holds text, not an integer"], secret: "kemarin")
        try await expectEventReadsCorrupt(try await tampered("UPDATE event SET office_seconds = 'lama' WHERE case_id = 'A' AND seq = \(completed)"),
                                          ["event A#\(completed)", "column 'office_seconds'", "text"], secret: "lama")
        try await expectEventReadsCorrupt(try await tampered("UPDATE event SET on_time = 'ya' WHERE case_id = 'A' AND seq = \(completed)"),
                                          ["event A#\(completed)", "column 'on_time'"], secret: "ya")
        try await expectEventReadsCorrupt(try await tampered("UPDATE event SET working_days = 1.5 WHERE case_id = 'A' AND seq = \(completed)"),
                                          ["event A#\(completed)", "column 'working_days'", "a real number"])
        // A column the report does not read.
        let activated = await Self.seq("step-activated")
        try await expectEventReadsCorrupt(try await tampered("UPDATE event SET round = 'dua' WHERE case_id = 'A' AND seq = \(activated)"),
                                          ["event A#\(activated)", "column 'round'"], report: false)
    }

    @Test func theSequenceNumberHoldingText() async throws {
        let path = try await tampered("UPDATE event SET seq = 'tiga' WHERE case_id = 'A' AND seq = 3")
        try await expectEventReadsCorrupt(path, ["event of case A", "column 'seq'", "holds text"], secret: "tiga", report: false)
    }

    @Test func aTextColumnHoldingABlobOrNULL() async throws {
        let completed = await Self.seq("step-completed")
        try await expectEventReadsCorrupt(try await tampered("UPDATE event SET step = x'52414841534941' WHERE case_id = 'A' AND seq = \(completed)"),
                                          ["event A#\(completed)", "column 'step'", "holds a blob, not text"], secret: "RAHASIA")
        let activated = await Self.seq("step-activated")
        try await expectEventReadsCorrupt(try await tampered("UPDATE event SET step = NULL WHERE case_id = 'A' AND seq = \(activated)"),
                                          ["event A#\(activated)", "column 'step'", "NULL"], report: false, export: false)
        try await expectEventReadsCorrupt(try await tampered("UPDATE event SET actor = x'2a' WHERE case_id = 'A' AND seq = \(completed)"),
                                          ["event A#\(completed)", "column 'actor'", "a blob, not text"], report: false)
        let opened = await Self.seq("case-opened")
        try await expectEventReadsCorrupt(try await tampered("UPDATE event SET calendar_id = x'00' WHERE case_id = 'A' AND seq = \(opened)"),
                                          ["event A#\(opened)", "column 'calendar_id'", "a blob"], export: false)
        try await expectEventReadsCorrupt(try await tampered("UPDATE event SET sop_id = NULL WHERE case_id = 'A' AND seq = \(opened)"),
                                          ["event A#\(opened)", "column 'sop_id'", "NULL"], report: false, export: false)
    }

    @Test func theTypeHoldingSomethingElse() async throws {
        let completed = await Self.seq("step-completed")
        try await expectEventReadsCorrupt(try await tampered("UPDATE event SET type = 'dihapus-diam-diam' WHERE case_id = 'A' AND seq = \(completed)"),
                                          ["event A#\(completed)", "column 'type'", "no known event type"], secret: "diam", report: false, export: false)
        try await expectEventReadsCorrupt(try await tampered("UPDATE event SET type = x'07' WHERE case_id = 'A' AND seq = \(completed)"),
                                          ["event A#\(completed)", "column 'type'", "a blob"], report: false)
    }

    /// A text column keeps any integer as text (its affinity): a blob is what can go wrong.
    @Test func theCaseIDHoldingABlob() async throws {
        let store = try SQLiteCaseStore(path: try await tampered("UPDATE event SET case_id = x'52414841534941' WHERE case_id = 'A' AND seq = \(Self.seq("step-completed"))"), access: .read)
        for parts in [1, 2] {
            await expectCorrupt(["event row", "column 'case_id'", "a blob, not text"], secret: "RAHASIA", "report") {
                _ = try store.report(limits: Self.limits, now: Self.now, parts: parts)
            }
        }
        await expectCorrupt(["event row", "column 'case_id'", "a blob"], secret: "RAHASIA", "export") { try store.forEachEventBytes { _ in } }
    }

    // MARK: The read model

    @Test func theSummaryStatusOrVersionOfTheWrongType() async throws {
        for (sql, parts, secret) in [
            ("UPDATE case_summary SET status = x'01' WHERE case_id = 'A'", ["case_summary of case A", "column 'status'", "a blob, not text"], nil),
            ("UPDATE case_summary SET status = 'dibatalkan' WHERE case_id = 'A'", ["case_summary of case A", "column 'status'", "no known status"], "dibatalkan"),
            ("UPDATE case_summary SET version = 'sepuluh' WHERE case_id = 'A'", ["case_summary of case A", "column 'version'", "text, not an integer"], "sepuluh"),
            ("UPDATE case_summary SET opened_at = 'pagi' WHERE case_id = 'A'", ["case_summary of case A", "column 'opened_at'", "text"], "pagi"),
            ("UPDATE case_summary SET sop_id = x'00' WHERE case_id = 'A'", ["case_summary of case A", "column 'sop_id'", "a blob"], nil),
            ("UPDATE case_summary SET active_due = 'besok' WHERE case_id = 'A'", ["case_summary of case A", "column 'active_due'"], "besok"),
        ] as [(String, [String], String?)] {
            let store = try SQLiteCaseStore(path: try await tampered(sql), access: .read)
            await expectCorrupt(parts, secret: secret, "summary: \(sql)") { _ = try store.summary(caseID: "A") }
            await expectCorrupt(parts, secret: secret, "cases: \(sql)") { _ = try store.cases(CaseQuery()) }
        }
    }

    @Test func aVersionOfTheWrongTypeStopsAnAction() async throws {
        let path = try await tampered("UPDATE case_summary SET version = 'dua' WHERE case_id = 'O'")
        let store = try SQLiteCaseStore(path: path, access: .write)
        let parts = ["case_summary of case O", "column 'version'", "text, not an integer"]
        await expectCorrupt(parts, "version") { _ = try store.version(caseID: "O") }
        await expectCorrupt(parts, "snapshot") { _ = try store.snapshot(caseID: "O", knownVersion: nil) }
        await expectCorrupt(parts, "complete") {
            try await CaseFixtures.service(store).complete(caseID: "O", step: "catat-pengaduan", role: "pranata-humas",
                                                           uploads: [CaseFixtures.upload("pengaduan-tercatat")], at: CaseFixtures.at("2026-03-02T10:00"))
        }
        // The read model's key.
        let ids = try await SQLiteCaseStore(path: try tampered("UPDATE case_summary SET case_id = x'41' WHERE case_id = 'A'"), access: .read)
        await expectCorrupt(["case_summary row", "column 'case_id'", "a blob"], "caseIDs") { _ = try ids.caseIDs() }
        await expectCorrupt(["case_summary row", "column 'case_id'", "a blob"], "cases") { _ = try ids.cases(CaseQuery()) }
    }

    @Test func aTamperedEventStopsAnActionOnItsCase() async throws {
        let activated = await Self.seq("step-activated")
        let store = try await SQLiteCaseStore(path: try tampered("UPDATE event SET round = x'01' WHERE case_id = 'O' AND seq = \(activated)"), access: .write)
        await expectCorrupt(["event O#\(activated)", "column 'round'", "a blob"], "complete") {
            try await CaseFixtures.service(store).complete(caseID: "O", step: "catat-pengaduan", role: "pranata-humas",
                                                           uploads: [CaseFixtures.upload("pengaduan-tercatat")], at: CaseFixtures.at("2026-03-02T10:00"))
        }
    }

    @Test func theExportedSummaryOfTheWrongType() async throws {
        let store = try SQLiteCaseStore(path: try await tampered("UPDATE case_summary SET revision_rounds = 'satu' WHERE case_id = 'A'"), access: .read)
        await expectCorrupt(["case_summary of case A", "column 'revision_rounds'", "text"], secret: "satu", "export") { try store.forEachEventBytes { _ in } }
    }

    // MARK: JSON payloads

    @Test func aDefinitionOrCalendarOfGarbage() async throws {
        let hash = CaseFixtures.serdang.hash
        let calendarID = CaseFixtures.serdang.calendar.id
        for (sql, parts, secret) in [
            ("UPDATE definition SET json = x'00ff52414841534941'", ["definition \(hash)", "JSON is not valid"], "RAHASIA"),
            ("UPDATE definition SET json = '{\"id\": \"RAHASIA\"}'", ["definition \(hash)", "JSON"], "RAHASIA"),
            ("UPDATE definition SET json = '[\"RAHASIA\"]'", ["definition \(hash)", "JSON"], "RAHASIA"),
            ("UPDATE definition SET json = 12345", ["definition \(hash)", "column 'json'", "an integer, not JSON"], "12345"),
            ("UPDATE calendar SET json = 'RAHASIA'", ["calendar \(calendarID)", "JSON is not valid"], "RAHASIA"),
            ("UPDATE calendar SET json = 4.5", ["calendar \(calendarID)", "column 'json'", "a real number, not JSON"], "4.5"),
        ] as [(String, [String], String?)] {
            let store = try await SQLiteCaseStore(path: try tampered(sql), access: .write)
            await expectCorrupt(parts, secret: secret, "report: \(sql)") { _ = try store.report(limits: Self.limits, now: Self.now) }
            await expectCorrupt(parts, secret: secret, "complete: \(sql)") {
                try await CaseFixtures.service(store).complete(caseID: "O", step: "catat-pengaduan", role: "pranata-humas",
                                                               uploads: [CaseFixtures.upload("pengaduan-tercatat")], at: CaseFixtures.at("2026-03-02T10:00"))
            }
            if sql.contains("definition") {
                await expectCorrupt(parts, secret: secret, "storedDefinitions: \(sql)") { _ = try store.storedDefinitions() }
            }
        }
        let revision = try await SQLiteCaseStore(path: try tampered("UPDATE calendar SET revision = 'baru'"), access: .write)
        await expectCorrupt(["calendar \(calendarID)", "column 'revision'", "text"], secret: "baru", "calendar") { _ = try revision.calendar(id: calendarID) }
        await expectCorrupt(["column 'revision'", "text"], secret: "baru", "snapshot") { _ = try revision.snapshot(caseID: "O", knownVersion: nil) }
    }

    @Test func aDocumentOfTheWrongType() async throws {
        let store = try SQLiteCaseStore(path: try await tampered("UPDATE document SET bytes = 'RAHASIA'"), access: .read)
        let sha = try await #require(try store.writer.read { try String.fetchOne($0, sql: "SELECT sha256 FROM document LIMIT 1") })
        await expectCorrupt(["document \(sha)", "column 'bytes'", "text, not a blob"], secret: "RAHASIA", "document") { _ = try store.document(sha256: sha) }
    }

    /// The untouched fixture reads as before.
    @Test func anUntouchedDatabaseReadsWhole() async throws {
        let store = try SQLiteCaseStore(path: try await tampered("SELECT 1"), access: .read)
        await #expect(try store.events(caseID: "A").count == store.version(caseID: "A"))
        await #expect(try store.cases(CaseQuery()).map(\.caseID) == ["A", "O"])
        #expect(try store.report(limits: Self.limits, now: Self.now, parts: 2) == store.report(limits: Self.limits, now: Self.now, parts: 1))
        var count = 0
        try await store.forEachEventBytes { _ in count += 1 }
        await #expect(count == (try store.events(caseID: "A").count + store.events(caseID: "O").count))
        #expect(try store.verifyChain().intact)
    }
}
