import Benchmark
import Foundation
import GRDB
import SOPCore
import SOPStore
import SOPStoreSQLite

/// Issue 16, finding 14 and the event chain: what an acknowledgement on stable storage costs
/// (`synchronous = FULL` against `NORMAL`, one commit per completion, batched, and group
/// commit from concurrent writers), the GRDB one-row commit floor under both settings in the
/// same run, the chain's share of a completion, and `sop verify` over 100,000 cases.
let storeBenchmarks: @Sendable () -> Void = {
    let metrics: [BenchmarkMetric] = [.wallClock, .throughput]
    let completions = 2000
    let maxIterations = 10
    let docs = [CaseService.Upload(document: "pengaduan-tercatat", name: "p.pdf", mediaType: "application/pdf", bytes: [1, 2, 3])]

    for durability in [SQLiteCaseStore.Durability.full, .normal] {
        let name = durability == .full ? "FULL" : "NORMAL"

        Benchmark("durability \(name): 2000 completions, one commit each",
                  configuration: .init(metrics: metrics, maxDuration: .seconds(60), maxIterations: maxIterations)) { benchmark async in
            let a = Agency.serdang()
            let store = try! SQLiteCaseStore(path: temporaryDatabase("one-\(name)"), access: .create, durability: durability)
            let service = CaseService(store: store, clock: { start2026 })
            let ids = openCases(a, store: store, count: completions * (maxIterations + 1), prefix: "S")
            var next = 0
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations { await completeEach(service, ids, from: &next, count: completions) }
            benchmark.stopMeasurement()
        }

        // Eight tasks completing different cases at once: their writes share transactions.
        Benchmark("durability \(name): 2000 completions from 8 tasks, group commit",
                  configuration: .init(metrics: metrics, maxDuration: .seconds(60), maxIterations: maxIterations)) { benchmark async in
            let a = Agency.serdang()
            let store = try! SQLiteCaseStore(path: temporaryDatabase("group-\(name)"), access: .create, durability: durability)
            let service = CaseService(store: store, clock: { start2026 })
            let ids = openCases(a, store: store, count: completions * (maxIterations + 1), prefix: "G")
            _ = try! await service.load(ids[0])
            var offset = 0
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                let base = offset
                await withTaskGroup(of: Void.self) { group in
                    for t in 0..<8 {
                        group.addTask {
                            for k in stride(from: t, to: completions, by: 8) {
                                try! await service.complete(caseID: ids[base + k], step: "sampaikan-pengaduan", role: "pengadu", uploads: docs,
                                                            at: start2026.adding(seconds: 120))
                            }
                        }
                    }
                }
                offset += completions
            }
            benchmark.stopMeasurement()
        }

        Benchmark("durability \(name): 2000 completions, batched 100 per commit",
                  configuration: .init(metrics: metrics, maxDuration: .seconds(60), maxIterations: maxIterations)) { benchmark async in
            let a = Agency.serdang()
            let store = try! SQLiteCaseStore(path: temporaryDatabase("batch-\(name)"), access: .create, durability: durability)
            let service = CaseService(store: store, clock: { start2026 })
            let ids = openCases(a, store: store, count: completions * (maxIterations + 1), prefix: "B")
            var next = 0
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations { await completeBatched(service, store, a, ids, from: &next, count: completions) }
            benchmark.stopMeasurement()
        }

        Benchmark("durability \(name): GRDB floor, 2000 one-row commits",
                  configuration: .init(metrics: [.wallClock], maxDuration: .seconds(20), maxIterations: maxIterations)) { benchmark in
            let pool = try! DatabasePool(path: temporaryDatabase("floor-\(name)"))
            // After GRDB's WAL set-up, which sets NORMAL on the writer connection.
            try! pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = \(name)") }
            try! pool.write { try $0.execute(sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)") }
            var n = 0
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                for _ in 0..<completions {
                    n += 1
                    try! pool.write { try $0.execute(sql: "INSERT INTO t (id, v) VALUES (?, ?)", arguments: [n, "x"]) }
                }
            }
            benchmark.stopMeasurement()
        }
    }

    // The chain's work in a completion: the links of its events (a document attached, the step
    // completed, the next step activated), against the in-memory completions above it.
    Benchmark("chain: links of 2000 completions (3 events each)",
              configuration: .init(metrics: metrics, maxDuration: .seconds(20), maxIterations: 20)) { benchmark in
        let a = Agency.serdang()
        let step = a.definition.steps[0]
        let state = CaseState.fold(try! a.machine.open(caseID: "CHAIN-1", at: start2026))!
        let events = try! a.machine.complete(state, step: step.id, role: step.actor, attachments: a.attachments(for: step),
                                             at: start2026.adding(seconds: 120))
        precondition(events.count == 3)
        let genesis = EventChain.genesis(caseID: "CHAIN-1", definitionHash: a.hash)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            var last = genesis
            for _ in 0..<completions { last = EventChain.links(last, events).last! }
            blackHole(last)
        }
        benchmark.stopMeasurement()
    }

    Benchmark("chain: in-memory store, 2000 completions, one commit each",
              configuration: .init(metrics: metrics, maxDuration: .seconds(20), maxIterations: maxIterations)) { benchmark async in
        let a = Agency.serdang()
        let store = try! SQLiteCaseStore()
        let service = CaseService(store: store, clock: { start2026 })
        let ids = openCases(a, store: store, count: completions * (maxIterations + 1), prefix: "M")
        var next = 0
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { await completeEach(service, ids, from: &next, count: completions) }
        benchmark.stopMeasurement()
    }

    // `sop verify` over 100,000 simulated cases: one streaming pass, memory flat.
    Benchmark("verify: 100k simulated cases",
              configuration: .init(metrics: [.wallClock, .peakMemoryResident], maxDuration: .seconds(120), maxIterations: 3)) { benchmark async in
        let store = try! SQLiteCaseStore(path: temporaryDatabase("verify"), access: .create, durability: .normal)
        let inputs = [Agency.serdang(), Agency.lamandau()].map { Simulation.Input(definition: $0.definition, hash: $0.hash, calendar: $0.calendar) }
        let start = Instant(date: CivilDate(year: 2025, month: 1, day: 6)!, hour: 8, minute: 0, utcOffsetSeconds: 7 * 3600)
        let simulation = Simulation(inputs: inputs, start: start, spreadSeconds: 365 * 86_400, until: start.adding(seconds: 395 * 86_400))
        _ = try! await simulation.run(cases: 100_000, seed: 1, into: store)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            let report = try! store.verifyChain()
            precondition(report.intact && report.cases == 100_000)
        }
        benchmark.stopMeasurement()
    }
}
