import Benchmark
import Foundation
import SOPCore
import SOPLoader
import SOPStore
import SOPStoreSQLite
import SOPRender

/// The Serdang Bedagai SOP, its hash and calendar, as a case runs them.
struct Agency: @unchecked Sendable {
    let definition: SOPDefinition
    let hash: String
    let calendar: CalendarDefinition
    let machine: CaseMachine

    static func serdang() -> Agency { load("serdang-bedagai-pengaduan.yaml") }
    static func lamandau() -> Agency { load("lamandau-pengaduan.yaml") }

    static func load(_ file: String) -> Agency {
        let path = repository.appendingPathComponent("sops/\(file)").path
        let sop = SOPLoader.load(path: path).validDefinition!
        let calendar = SOPLoader.calendar(for: sop, sopPath: path)!.definition!
        return Agency(definition: sop, hash: sop.contentHash, calendar: calendar,
                      machine: CaseMachine(definition: sop, definitionHash: sop.contentHash, calendar: WorkingCalendar(calendar)))
    }

    /// What each step attaches, decided once.
    func attachments(for step: Step) -> [DocumentAttachment] {
        step.outputs.filter { !$0.isConditional }.map {
            DocumentAttachment(document: $0.document, sha256: String(repeating: "a", count: 64), name: "\($0.document).pdf",
                               mediaType: "application/pdf", size: 1000)
        }
    }
}

let start2026 = Instant(date: CivilDate(year: 2026, month: 3, day: 2)!, hour: 9, minute: 0, utcOffsetSeconds: 7 * 3600)

/// Runs one case through the machine in memory; returns the transitions made.
func runCaseInMemory(_ a: Agency, id: String, steps: [Step], attachments: [[DocumentAttachment]]) -> Int {
    var state = CaseState.fold(try! a.machine.open(caseID: id, at: start2026))!
    var t = start2026
    var transitions = 0
    for (i, step) in steps.enumerated() {
        t = t.adding(seconds: 600)
        let events = try! a.machine.complete(state, step: step.id, role: step.actor, outcome: step.kind == .decision ? "setuju" : nil,
                                             attachments: attachments[i], at: t)
        for e in events { state.apply(e) }
        transitions += 1
    }
    precondition(state.status == .closed)
    return transitions
}

/// Opens `count` cases in batches of 1,000 (setup, not measured).
func openCases(_ a: Agency, store: SQLiteCaseStore, count: Int, prefix: String) -> [String] {
    let ids = (0..<count).map { "\(prefix)\($0)" }
    for chunk in stride(from: 0, to: count, by: 1000) {
        try! store.appendBatch(ids[chunk..<min(chunk + 1000, count)].enumerated().map { k, id in
            let events = try! a.machine.open(caseID: id, at: start2026)
            return CaseAppend(events: events, expectedVersion: 0, summary: CaseSummary(CaseState.fold(events)!, definition: a.definition),
                              definition: chunk == 0 && k == 0 ? (a.definition, a.hash) : nil,
                              calendar: chunk == 0 && k == 0 ? a.calendar : nil)
        })
    }
    return ids
}

func temporaryDatabase(_ name: String) -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("sop-bench-\(name)-\(UUID().uuidString).db").path
    return path
}

/// The complainant's filing on `count` Serdang Bedagai cases from `ids[next...]`, each through
/// `CaseService` in its own transaction (read, decide, append).
func completeEach(_ service: CaseService, _ ids: [String], from next: inout Int, count: Int) async {
    let docs = [CaseService.Upload(document: "pengaduan-tercatat", name: "p.pdf", mediaType: "application/pdf", bytes: [1, 2, 3])]
    for _ in 0..<count {
        try! await service.complete(caseID: ids[next], step: "sampaikan-pengaduan", role: "pengadu", uploads: docs,
                                    at: start2026.adding(seconds: 120))
        next += 1
    }
}

/// The same filings decided in memory and appended `per` to a transaction.
func completeBatched(_ service: CaseService, _ store: SQLiteCaseStore, _ a: Agency, _ ids: [String],
                     from next: inout Int, count: Int, per: Int = 100) async {
    let step = a.definition.steps[0]
    let attachments = a.attachments(for: step)
    for _ in 0..<(count / per) {
        var batch: [CaseAppend] = []
        for id in ids[next..<next + per] {
            let (state, machine) = try! await service.load(id)
            let events = try! machine.complete(state, step: step.id, role: step.actor, attachments: attachments,
                                               at: start2026.adding(seconds: 120))
            var after = state
            after.apply(contentsOf: events)
            batch.append(CaseAppend(events: events, expectedVersion: state.version, summary: CaseSummary(after, definition: a.definition)))
        }
        try! await store.appendBatch(batch)
        next += per
    }
}

/// Removes a temporary database and its WAL files (a timer run leaves over 100 MB).
func removeDatabase(_ path: String) {
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
}

let caseBenchmarks: @Sendable () -> Void = {
    let metrics: [BenchmarkMetric] = [.wallClock, .throughput, .peakMemoryResident]
    let casesPerIteration = 10_000

    // Issue 4: in-memory interpreter ≥ 500,000 step transitions/s. One iteration = 10,000
    // Serdang Bedagai cases of 7 completions each (70,000 transitions).
    Benchmark("interpreter: 70k step transitions in memory",
              configuration: .init(metrics: metrics, maxDuration: .seconds(20), maxIterations: 20)) { benchmark in
        let a = Agency.serdang()
        let steps = a.definition.mainPath
        let attachments = steps.map(a.attachments)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            var n = 0
            for i in 0..<casesPerIteration { n += runCaseInMemory(a, id: "C\(i)", steps: steps, attachments: attachments) }
            blackHole(n)
        }
        benchmark.stopMeasurement()
    }

    // Issue 4: durable SQLite ≥ 5,000 step completions/s, each committed. One iteration = 2,000
    // completions through CaseService (read the case's events, decide, append in its own
    // transaction), each on a case opened beforehand.
    let completionsPerIteration = 2000
    let maxIterations = 10
    Benchmark("sqlite: 2000 completions, one commit each",
              configuration: .init(metrics: metrics, maxDuration: .seconds(60), maxIterations: maxIterations)) { benchmark async in
        let a = Agency.serdang()
        let store = try! SQLiteCaseStore(path: temporaryDatabase("single"))
        let service = CaseService(store: store, clock: { start2026 })
        let ids = openCases(a, store: store, count: completionsPerIteration * (maxIterations + 1), prefix: "S")
        var next = 0
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            await completeEach(service, ids, from: &next, count: completionsPerIteration)
        }
        benchmark.stopMeasurement()
    }

    // The same completions decided in memory and committed 100 per transaction.
    Benchmark("sqlite: 2000 completions, batched 100 per commit",
              configuration: .init(metrics: metrics, maxDuration: .seconds(60), maxIterations: maxIterations)) { benchmark async in
        let a = Agency.serdang()
        let store = try! SQLiteCaseStore(path: temporaryDatabase("batched"))
        let service = CaseService(store: store, clock: { start2026 })
        let ids = openCases(a, store: store, count: completionsPerIteration * (maxIterations + 1), prefix: "B")
        var next = 0
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            await completeBatched(service, store, a, ids, from: &next, count: completionsPerIteration)
        }
        benchmark.stopMeasurement()
    }

    // Issue 4: replay of 100,000 cases (each opened and three steps done: 8 events) from SQLite.
    Benchmark("sqlite: replay 100k cases",
              configuration: .init(metrics: metrics, maxDuration: .seconds(60), maxIterations: 3)) { benchmark in
        let a = Agency.serdang()
        let store = try! SQLiteCaseStore(path: temporaryDatabase("replay"))
        let steps = Array(a.definition.mainPath.prefix(3))
        let attachments = steps.map(a.attachments)
        var batch: [CaseAppend] = []
        for i in 0..<100_000 {
            var events = try! a.machine.open(caseID: "P\(i)", at: start2026)
            var state = CaseState.fold(events)!
            var t = start2026
            for (k, step) in steps.enumerated() {
                t = t.adding(seconds: 600)
                let more = try! a.machine.complete(state, step: step.id, role: step.actor, attachments: attachments[k], at: t)
                for e in more { state.apply(e) }
                events += more
            }
            batch.append(CaseAppend(events: events, expectedVersion: 0, summary: CaseSummary(state, definition: a.definition),
                                    definition: i == 0 ? (a.definition, a.hash) : nil, calendar: i == 0 ? a.calendar : nil))
            if batch.count == 1000 { try! store.appendBatch(batch); batch = [] }
        }
        let ids = try! store.caseIDs()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            var open = 0
            for id in ids where CaseState.fold(try! store.events(caseID: id))!.status == .open { open += 1 }
            precondition(open == 100_000)
        }
        benchmark.stopMeasurement()
    }
}

/// Issue 6 at a tenth of its scale, for regressions (the 1,000,000-case figures come from
/// `Benchmarks/analytics-1m.sh`, which times the `sop` command itself): the report over
/// 100,000 simulated cases and the XES export streamed to a counting sink.
let analyticsBenchmarks: @Sendable () -> Void = {
    let metrics: [BenchmarkMetric] = [.wallClock, .peakMemoryResident]
    let path = temporaryDatabase("analytics")
    func database() async -> SQLiteCaseStore {
        let store = try! SQLiteCaseStore(path: path)
        if try! await store.caseIDs().isEmpty {
            let inputs = [Agency.serdang(), Agency.lamandau()].map {
                Simulation.Input(definition: $0.definition, hash: $0.hash, calendar: $0.calendar)
            }
            let start = Instant(date: CivilDate(year: 2025, month: 1, day: 6)!, hour: 8, minute: 0, utcOffsetSeconds: 7 * 3600)
            let simulation = Simulation(inputs: inputs, start: start, spreadSeconds: 365 * 86_400, until: start.adding(seconds: 395 * 86_400))
            _ = try! await simulation.run(cases: 100_000, seed: 1, into: store)
        }
        return store
    }
    let now = Instant(date: CivilDate(year: 2026, month: 2, day: 5)!, hour: 8, minute: 0, utcOffsetSeconds: 7 * 3600)

    Benchmark("report: 100k simulated cases", configuration: .init(metrics: metrics, maxDuration: .seconds(60), maxIterations: 10)) { benchmark async in
        let store = await database()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try! store.report(limits: LegalLimit.undangUndang25of2009(), now: now))
        }
        benchmark.stopMeasurement()
    }

    Benchmark("xes: export 100k simulated cases", configuration: .init(metrics: metrics + [.throughput], maxDuration: .seconds(60), maxIterations: 10)) { benchmark async in
        let store = await database()
        let definitions = try! store.storedDefinitions()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            var bytes = 0
            var writer = XESWriter(definitions: definitions) { bytes += $0.count }
            try! store.forEachEventBytes { try writer.write($0) }
            try! writer.finish()
            blackHole(bytes)
        }
        benchmark.stopMeasurement()
    }
}

import GRDB

/// The floor under "one commit each": an empty write transaction and a one-row insert
/// through GRDB on the same machine.
let sqliteFloorBenchmarks: @Sendable () -> Void = {
    Benchmark("sqlite floor: 2000 one-row commits",
              configuration: .init(metrics: [.wallClock], maxDuration: .seconds(20), maxIterations: 10)) { benchmark in
        let pool = try! DatabasePool(path: temporaryDatabase("floor"))
        try! pool.write { try $0.execute(sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)") }
        var n = 0
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            for _ in 0..<2000 {
                n += 1
                try! pool.write { try $0.execute(sql: "INSERT INTO t (id, v) VALUES (?, ?)", arguments: [n, "x"]) }
            }
        }
        benchmark.stopMeasurement()
    }
}
