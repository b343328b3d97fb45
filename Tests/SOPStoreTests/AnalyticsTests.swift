import Foundation
import SOPCore
import Testing
@testable import SOPStore
@testable import SOPStoreSQLite

/// The report over executed cases, the simulator and the comparison, on the seed SOPs.
@Suite struct AnalyticsTests {
    static let limits = LegalLimit.undangUndang25of2009()

    @Test func nearestRankStatistics() throws {
        let s = try #require(CaseReport.Builder.stats([40, 10, 30, 20], [4, 1, 3, 2], withStandard: 4, onTime: 3))
        #expect(s.count == 4)
        #expect(s.medianOfficeSeconds == 20) // rank ceil(0.5 × 4) = 2
        #expect(s.p90OfficeSeconds == 40)    // rank ceil(0.9 × 4) = 4
        #expect(s.maxOfficeSeconds == 40)
        #expect(s.medianWorkingDays == 2)
        #expect(s.onTimeRate == 0.75)
        let ten = try #require(CaseReport.Builder.stats((1...10).map { Int64($0) }, Array(repeating: 0, count: 10), withStandard: 0, onTime: 0))
        #expect(ten.medianOfficeSeconds == 5 && ten.p90OfficeSeconds == 9)
        #expect(ten.onTimeRate == nil)
        #expect(CaseReport.Builder.stats([], [], withStandard: 0, onTime: 0) == nil)
    }

    /// Three Lamandau cases checked by hand against UU 25/2009's 14 working days to respond:
    /// one answered in time, one answered late, one still waiting past the limit.
    @Test func legalLimitsSeparateLateAnswersFromOpenCases() async throws {
        let store = try SQLiteCaseStore()
        let service = CaseFixtures.service(store)
        let a = CaseFixtures.lamandau
        func open(_ id: String) async throws {
            try await service.open(definition: a.definition, hash: a.hash, calendar: a.calendar, caseID: id, at: CaseFixtures.at("2026-02-02T09:00"))
        }
        // Steps 1–5 at once, then the reply (step 6) at the given time.
        func runToReply(_ id: String, replyAt: String) async throws {
            let steps: [(String, String, [String])] = [
                ("sampaikan-permasalahan", "pemohon", ["pengaduan"]), ("catat-permasalahan", "help-desk", ["catatan-pengaduan"]),
                ("kaji-pengaduan", "kabid-perizinan", ["hasil-kajian"]), ("rapat-pembahasan", "kepala-dinas", []),
                ("buat-berita-acara", "kabid-perizinan", ["berita-acara-rapat"]),
            ]
            var minute = 10
            for (step, role, docs) in steps {
                try await service.complete(caseID: id, step: step, role: role, uploads: docs.map { CaseFixtures.upload($0) },
                                           at: CaseFixtures.at("2026-02-02T09:\(minute)"))
                minute += 5
            }
            try await service.complete(caseID: id, step: "sampaikan-tanggapan", role: "help-desk",
                                       uploads: [CaseFixtures.upload("tanggapan-tertulis")], at: CaseFixtures.at(replyAt))
        }
        try await open("ON-TIME"); try await runToReply("ON-TIME", replyAt: "2026-02-10T10:00")
        // 14 working days from Mon 2 Feb 2026 (16 Feb Imlek off, 17 Feb cuti bersama? the calendar decides) is past 27 Feb.
        try await open("LATE"); try await runToReply("LATE", replyAt: "2026-03-16T10:00")
        try await open("WAITING")
        let report = try await store.report(limits: Self.limits, now: CaseFixtures.at("2026-03-31T12:00"))
        let row = try #require(report.sops.first { $0.sopID == "lamandau-pengaduan" })
        let respond = try #require(row.limits.first { $0.limit == "respond" })
        #expect(respond.reachedLate == 1)
        #expect(respond.openPastLimit == 1)
        #expect(respond.examples == ["WAITING"])
        // Nobody has closed: the 60-day decide limit is not past yet at the end of March.
        let decide = try #require(row.limits.first { $0.limit == "decide" })
        #expect(decide.reachedLate == 0 && decide.openPastLimit == 0)
        #expect(row.cases == 3 && row.closed == 0)
        // Per step: five completions of step 1 by the complainant? No: three cases, two went past step 1.
        #expect(report.steps.first { $0.step == "sampaikan-permasalahan" }?.stats.count == 2)
    }

    /// The log read in parts on several threads gives the same report as one pass, including
    /// cases whose opening and later events fall in different parts.
    @Test func reportInPartsEqualsOnePass() throws {
        let store = try SQLiteCaseStore()
        let start = CaseFixtures.at("2026-01-05T08:00")
        // 60 simulated cases, stored the way a live office writes them: one action of each case
        // in turn, so every case's events are spread across the log.
        var rng = SeededGenerator(seed: 9)
        var parameters = CaseSimulator.Parameters()
        parameters.rejection = 0.3
        var chunks: [(CaseFixtures.Agency, [[RecordedEvent]])] = []
        for n in 0..<60 {
            let a = n % 2 == 0 ? CaseFixtures.serdang : CaseFixtures.lamandau
            let sim = CaseSimulator(machine: CaseMachine(definition: a.definition, definitionHash: a.hash,
                                                         calendar: WorkingCalendar(a.calendar)), parameters: parameters)
            let events = try sim.run(caseID: "C\(n)", opened: start.adding(seconds: Int64(n) * 7200),
                                     until: start.adding(seconds: 200 * 86_400), using: &rng)
            // One chunk per machine call: consecutive events at the same instant.
            var split: [[RecordedEvent]] = []
            for e in events {
                if let last = split.last?.last, last.at == e.at { split[split.count - 1].append(e) } else { split.append([e]) }
            }
            chunks.append((a, split))
        }
        for round in 0..<(chunks.map(\.1.count).max() ?? 0) {
            for (a, split) in chunks where round < split.count {
                let before = split[..<round].flatMap { $0 }
                let state = CaseState.fold(before + split[round])!
                try store.append(CaseAppend(events: split[round], expectedVersion: before.count,
                                            summary: CaseSummary(state, definition: a.definition),
                                            definition: round == 0 ? (a.definition, a.hash) : nil, calendar: round == 0 ? a.calendar : nil))
            }
        }
        let now = CaseFixtures.at("2026-03-20T12:00")
        let one = try store.report(limits: Self.limits, now: now, parts: 1)
        #expect(one.sops.map(\.cases) == [30, 30])
        #expect(one.sops.map(\.revisionRounds).reduce(0, +) > 0)
        for parts in [2, 3, 5] {
            #expect(try store.report(limits: Self.limits, now: now, parts: parts) == one)
        }
    }

    /// Two revisions of one SOP, the second with a step the first lacks: completions of both
    /// count under the SOP, and a case closed without a reply step is not "open past the limit".
    @Test func revisionsAreReportedTogetherAndClosedCasesAreNotOpen() throws {
        let a = CaseFixtures.lamandau
        var revised = a.definition
        // Revision 2: the examination becomes two steps.
        let k = try #require(revised.steps.firstIndex { $0.id == "kaji-pengaduan" })
        var check = revised.steps[k]
        check.id = "periksa-berkas"
        check.time = StandardTime(1, .workingDays)
        check.next = "kaji-pengaduan"
        revised.steps[k - 1].next = "periksa-berkas"
        revised.steps.insert(check, at: k)
        for i in revised.steps.indices { revised.steps[i].number = i + 1 }
        let store = try SQLiteCaseStore()
        for (n, (sop, hash)) in [(a.definition, a.hash), (revised, "rev2")].enumerated() {
            let machine = CaseMachine(definition: sop, definitionHash: hash, calendar: WorkingCalendar(a.calendar))
            var rng = SeededGenerator(seed: UInt64(n))
            let events = try CaseSimulator(machine: machine).run(caseID: "R\(n)", opened: CaseFixtures.at("2026-01-05T09:00"),
                                                                until: CaseFixtures.at("2026-06-01T09:00"), using: &rng)
            try store.append(CaseAppend(events: events, expectedVersion: 0, summary: CaseSummary(CaseState.fold(events)!, definition: sop),
                                        definition: (sop, hash), calendar: a.calendar))
        }
        let report = try store.report(limits: Self.limits, now: CaseFixtures.at("2026-12-01T12:00"))
        #expect(report.sops.map(\.cases) == [2])
        #expect(report.steps.first { $0.step == "periksa-berkas" }?.stats.count == 1)
        #expect(report.steps.first { $0.step == "kaji-pengaduan" }?.stats.count == 2)
        #expect(report.sops[0].limits.allSatisfy { $0.openPastLimit == 0 })
    }

    @Test func simulatorIsSeededAndRealistic() throws {
        let a = CaseFixtures.serdang
        let machine = CaseMachine(definition: a.definition, definitionHash: a.hash, calendar: WorkingCalendar(a.calendar))
        let sim = CaseSimulator(machine: machine)
        let start = CaseFixtures.at("2026-01-05T09:00"), until = CaseFixtures.at("2027-06-30T12:00")
        func run(_ seed: UInt64) throws -> [[RecordedEvent]] {
            var rng = SeededGenerator(seed: seed)
            return try (0..<200).map { try sim.run(caseID: "C\($0)", opened: start.adding(seconds: Int64($0) * 3600), until: until, using: &rng) }
        }
        let first = try run(42)
        #expect(try run(42) == first)
        #expect(try run(43) != first)
        let states = first.map { CaseState.fold($0)! }
        // Every case closes well before the horizon; some were sent back, some steps were late, most on time.
        #expect(states.allSatisfy { $0.status == .closed })
        let revised = states.filter { $0.revisionRounds > 0 }.count
        #expect(revised > 10 && revised < 100)
        let records = states.flatMap(\.history).compactMap(\.onTime)
        let late = records.filter { !$0 }.count
        #expect(late > 0 && Double(late) / Double(records.count) < 0.3)
        // Replays through the machine's own rules: every case's events fold to the same state twice.
        #expect(states == first.map { CaseState.fold($0)! })
    }

    @Test func comparisonAlignsStepsByPurpose() throws {
        let s = CaseFixtures.serdang, l = CaseFixtures.lamandau
        let c = try SOPComparison([(s.definition, WorkingCalendar(s.calendar)), (l.definition, WorkingCalendar(l.calendar))],
                                  localStart: (CivilDate(year: 2026, month: 3, day: 2)!, 9, 0))
        let meet = try #require(c.rows.first { $0.purpose == .meet })
        #expect(meet.entries[0].isEmpty)
        #expect(meet.entries[1].map(\.step.id) == ["rapat-pembahasan", "buat-berita-acara"])
        #expect(c.rows.first { $0.purpose == .archive }?.entries.map { $0.map(\.step.id) } == [[], ["arsipkan-berkas"]])
        #expect(c.agencies.map(\.handOffs) == [5, 7])
        // Office time per purpose adds up to the whole timeline.
        for k in 0..<2 {
            #expect(c.rows.reduce(Int64(0)) { $0 + $1.officeSeconds[k] } == c.agencies[k].timeline.elapsed.officeSeconds)
        }
    }

    @Test func purposeIsReadFromTheActivityWhenNotDeclared() {
        func purpose(_ kind: Step.Kind, _ activity: String) -> Step.Purpose {
            Step(number: 1, id: "x", kind: kind, actor: "a", activity: activity).effectivePurpose
        }
        #expect(purpose(.task, "Mencatat pengaduan pada buku agenda") == .record)
        #expect(purpose(.task, "Menelaah pengaduan dan membuat draft jawaban") == .examine)
        #expect(purpose(.task, "Memeriksa draft jawaban") == .review)
        #expect(purpose(.task, "Menandatangani surat jawaban") == .approve)
        #expect(purpose(.task, "Mengirimkan surat jawaban kepada pengadu") == .reply)
        #expect(purpose(.end, "Mengarsipkan berkas pengaduan") == .archive)
        #expect(purpose(.meeting, "Membahas pengaduan") == .meet)
        #expect(purpose(.start, "Apa saja") == .receive)
        let declared = Step(number: 1, id: "x", kind: .task, actor: "a", activity: "Mencatat", purpose: .examine)
        #expect(declared.effectivePurpose == .examine && !declared.purposeIsInferred)
    }
}

extension AnalyticsTests {
    /// The keyword table agrees with the purposes declared in both seeds, step by step, so an
    /// agency that leaves `purpose` out gets the same alignment.
    @Test func inferenceAgreesWithTheSeeds() {
        for a in [CaseFixtures.serdang, CaseFixtures.lamandau] {
            var bare = a.definition
            for i in bare.steps.indices { bare.steps[i].purpose = nil }
            for (step, declared) in zip(bare.steps, a.definition.steps) {
                #expect(bare.purpose(of: step) == declared.purpose, "\(a.definition.id) step \(step.number): \(step.activity)")
            }
        }
    }
}
