import Benchmark
import Foundation
import SOPCore
import SOPLoader
import SOPStore
import SOPStoreSQLite

/// One case's completions in order, played once through the machine so that parallel
/// branches, the join and the applicant's turn come out as a real case meets them.
struct Script: @unchecked Sendable {
    struct Move { var step: String; var role: String; var outcome: String?; var attachments: [DocumentAttachment] }
    let agency: Agency
    let moves: [Move]
    /// Documents supplied when the case is opened.
    let opening: [DocumentAttachment]

    static func attachment(_ document: String) -> DocumentAttachment {
        DocumentAttachment(document: document, sha256: String(repeating: "a", count: 64), name: "\(document).pdf",
                           mediaType: "application/pdf", size: 1000)
    }

    /// Every active step in activation order, each decision taking its first forward outcome.
    init(_ agency: Agency) {
        self.agency = agency
        let sop = agency.definition
        opening = sop.documents.filter { $0.origin == .caseOpening }.map { Self.attachment($0.id) }
        var state = CaseState.fold(try! agency.machine.open(caseID: "script", at: start2026, attachments: opening))!
        var moves: [Move] = []
        var t = start2026
        while let active = state.active {
            let step = sop.step(active.step)!
            let outcome = step.kind == .decision ? step.outcomes.first { !$0.revision }!.id : nil
            let docs = agency.machine.documentsRequired(state, step: step).map(Self.attachment)
            t = t.adding(seconds: 600)
            let events = try! agency.machine.complete(state, step: step.id, role: step.actor, outcome: outcome, attachments: docs, at: t)
            for e in events { state.apply(e) }
            moves.append(Move(step: step.id, role: step.actor, outcome: outcome, attachments: docs))
        }
        precondition(state.status == .closed)
        self.moves = moves
    }

    /// Plays the script on a new case in memory; returns the completions made.
    func runInMemory(id: String) -> Int {
        // The machine is used in place: a copy would retain each of its arrays per case.
        var state = CaseState.fold(try! agency.machine.open(caseID: id, at: start2026, attachments: opening))!
        var t = start2026
        for move in moves {
            t = t.adding(seconds: 600)
            let events = try! agency.machine.complete(state, step: move.step, role: move.role, outcome: move.outcome,
                                                      attachments: move.attachments, at: t)
            state.apply(contentsOf: events)
        }
        precondition(state.status == .closed)
        return moves.count
    }
}

extension Agency {
    static func imb() -> Agency { load("dpmptsp-imb-jatim.yaml") }
    /// The Serdang Bedagai seed as the first release wrote it (no applicant side, no timer):
    /// the same machine on the same steps, to tell the cost of the seed's new meaning apart.
    static func serdangWave1() -> Agency { load("../Tests/SOPLoaderTests/Fixtures/wave1/serdang-bedagai-pengaduan.yaml") }
}

/// Issue 11: step transitions per second on a parallel SOP (the IMB permit: a fork, a join,
/// the applicant's turn twice) against the sequential Serdang Bedagai seed, in memory and
/// durable. The per-transition cost of each is its median divided by the transitions of one
/// iteration (Serdang 7 per case, IMB 10 per case; both shown in the benchmark names).
let transitionBenchmarks: @Sendable () -> Void = {
    let metrics: [BenchmarkMetric] = [.wallClock, .throughput, .peakMemoryResident]
    for (name, load) in [("serdang", Agency.serdang), ("imb (parallel)", Agency.imb),
                         ("serdang as first released", Agency.serdangWave1)] as [(String, @Sendable () -> Agency)] {
        Benchmark("transitions in memory: \(name), 10,000 cases",
                  configuration: .init(metrics: metrics, maxDuration: .seconds(20), maxIterations: 20)) { benchmark in
            let script = Script(load())
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                var n = 0
                for i in 0..<10_000 { n += script.runInMemory(id: "C\(i)") }
                blackHole(n)
            }
            benchmark.stopMeasurement()
        }

        // The same 10,000 cases shared out over every core: cases are independent and the
        // machine a shared immutable value. Each core plays its own script (its own upload
        // strings, as separate requests have), so only the definition is shared.
        let cores = ProcessInfo.processInfo.activeProcessorCount
        Benchmark("transitions in memory: \(name), 10,000 cases on \(cores) cores",
                  configuration: .init(metrics: metrics, maxDuration: .seconds(20), maxIterations: 20)) { benchmark in
            let agency = load()
            let scripts = (0..<cores).map { _ in Script(agency) }
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                let counts = scripts.indices.map { $0 }.concurrentMap { k in
                    let script = scripts[k]
                    var n = 0
                    for i in stride(from: k, to: 10_000, by: cores) { n += script.runInMemory(id: "C\(i)") }
                    return n
                }
                blackHole(counts.reduce(0, +))
            }
            benchmark.stopMeasurement()
        }

        Benchmark("transitions durable: \(name), 200 cases, one commit each",
                  configuration: .init(metrics: metrics, maxDuration: .seconds(60), maxIterations: 5)) { benchmark async in
            let script = Script(load())
            let store = try! SQLiteCaseStore(path: temporaryDatabase("transitions"))
            let service = CaseService(store: store, clock: { start2026 })
            let opening = script.opening.map { CaseService.Upload(document: $0.document, name: $0.name, mediaType: $0.mediaType, bytes: [1]) }
            var next = 0
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                for _ in 0..<200 {
                    let id = "D\(next)"; next += 1
                    try! await service.open(definition: script.agency.definition, hash: script.agency.hash,
                                            calendar: script.agency.calendar, caseID: id, at: start2026, uploads: opening)
                    var t = start2026
                    for move in script.moves {
                        t = t.adding(seconds: 600)
                        let uploads = move.attachments.map { CaseService.Upload(document: $0.document, name: $0.name, mediaType: $0.mediaType, bytes: [1]) }
                        try! await service.complete(caseID: id, step: move.step, role: move.role, outcome: move.outcome, uploads: uploads, at: t)
                    }
                }
            }
            benchmark.stopMeasurement()
        }
    }
}
