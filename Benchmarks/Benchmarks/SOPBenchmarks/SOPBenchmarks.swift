import Benchmark
import Foundation
import SOPCore
import SOPLoader

/// The repository root, from this file's place in Benchmarks/Benchmarks/SOPBenchmarks.
let repository = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// 1,000 SOP files of the Serdang Bedagai size in a temporary folder (distinct ids).
func writeSOPFiles(count: Int) -> [String] {
    let source = try! String(contentsOf: repository.appendingPathComponent("sops/serdang-bedagai-pengaduan.yaml"), encoding: .utf8)
        .replacingOccurrences(of: "calendar: calendars/serdang-bedagai.yaml\n", with: "")
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sop-bench-\(ProcessInfo.processInfo.processIdentifier)")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return (0..<count).map { i in
        let url = dir.appendingPathComponent("sop-\(i).yaml")
        try! source.replacingOccurrences(of: "id: serdang-bedagai-pengaduan", with: "id: sop-\(i)")
            .write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }
}

func nationalCalendar() -> WorkingCalendar {
    CalendarLoader.load(path: repository.appendingPathComponent("sops/calendars/national.yaml").path).calendar!
}

let benchmarks: @Sendable () -> Void = {
    caseBenchmarks()
    transitionBenchmarks()
    sqliteFloorBenchmarks()
    storeBenchmarks()
    analyticsBenchmarks()
    validationScalingBenchmarks()
    let metrics: [BenchmarkMetric] = [.wallClock, .throughput, .peakMemoryResident, .mallocCountTotal]

    // Issue: load + validate 1,000 SOP files; goal ≥ 2,000 files/s, peak memory < 100 MB.
    Benchmark("load+validate 1000 SOP files, one core",
              configuration: .init(metrics: metrics, maxDuration: .seconds(20), maxIterations: 20)) { benchmark in
        let files = writeSOPFiles(count: 1000)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            var errors = 0
            for file in files { errors += SOPLoader.load(path: file).diagnostics.errorCount }
            precondition(errors == 0)
        }
        benchmark.stopMeasurement()
    }

    Benchmark("load+validate 1000 SOP files, all cores",
              configuration: .init(metrics: metrics, maxDuration: .seconds(20), maxIterations: 30)) { benchmark in
        let files = writeSOPFiles(count: 1000)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            // As `sop validate` does: every file on its own core, keeping only the diagnostics.
            let errors = files.concurrentMap { SOPLoader.load(path: $0).diagnostics.errorCount }.reduce(0, +)
            precondition(errors == 0)
        }
        benchmark.stopMeasurement()
    }

    // Issue: due(start, 60 working days) and elapsed at ≥ 1,000,000 calls/s on one core.
    let calls = 1_000_000
    Benchmark("due 60 working days ×1M",
              configuration: .init(metrics: metrics, maxDuration: .seconds(20), maxIterations: 15)) { benchmark in
        let cal = nationalCalendar()
        let base = Instant(date: CivilDate(year: 2025, month: 1, day: 1)!, hour: 0, minute: 0, utcOffsetSeconds: 7 * 3600)
        let time = StandardTime(60, .workingDays)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            var sum: Int64 = 0
            for i in 0..<calls {
                // Starts spread over 2025–2026, minute resolution.
                sum &+= try! cal.due(from: base.adding(seconds: Int64(i % 1_000_000) * 61), adding: time).secondsSinceEpoch
            }
            blackHole(sum)
        }
        benchmark.stopMeasurement()
    }

    Benchmark("due 60 office minutes ×1M",
              configuration: .init(metrics: metrics, maxDuration: .seconds(20), maxIterations: 15)) { benchmark in
        let cal = nationalCalendar()
        let base = Instant(date: CivilDate(year: 2025, month: 1, day: 1)!, hour: 0, minute: 0, utcOffsetSeconds: 7 * 3600)
        let time = StandardTime(60, .minutes)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            var sum: Int64 = 0
            for i in 0..<calls {
                sum &+= try! cal.due(from: base.adding(seconds: Int64(i) * 61), adding: time).secondsSinceEpoch
            }
            blackHole(sum)
        }
        benchmark.stopMeasurement()
    }

    Benchmark("elapsed ×1M",
              configuration: .init(metrics: metrics, maxDuration: .seconds(20), maxIterations: 15)) { benchmark in
        let cal = nationalCalendar()
        let base = Instant(date: CivilDate(year: 2025, month: 1, day: 1)!, hour: 0, minute: 0, utcOffsetSeconds: 7 * 3600)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            var sum: Int64 = 0
            for i in 0..<calls {
                let from = base.adding(seconds: Int64(i) * 47)
                let e = try! cal.elapsed(from: from, to: from.adding(seconds: 40 * 86_400))
                sum &+= e.officeSeconds &+ Int64(e.workingDays)
            }
            blackHole(sum)
        }
        benchmark.stopMeasurement()
    }

    // Peak memory of a loaded and compiled 4-year calendar.
    Benchmark("load national calendar 2024–2027",
              configuration: .init(metrics: metrics, maxDuration: .seconds(10), maxIterations: 50)) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(nationalCalendar()) }
    }
}
