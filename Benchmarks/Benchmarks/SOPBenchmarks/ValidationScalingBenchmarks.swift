import Benchmark
import Foundation
import SOPCore
import SOPLoader

/// Issue #16, finding 6: validation time must grow linearly with the file, up to the loader's
/// 1 MiB limit. Each shape is validated (and its diagnostics rendered with their source lines,
/// as `sop validate` prints them) at 64 KiB, 256 KiB and 1 MiB: per-KiB times within a small
/// factor of each other mean linear. Before the fix 32,000 unknown keys took 2.8 s and 64,000
/// took 9.9 s (release): the duplicate-key check compared each key with every earlier one.
enum ValidationShape: String, CaseIterable {
    /// The minimal SOP with `unknown-key-N: x` lines at the top: one diagnostic per line.
    case unknownKeys = "unknown keys"
    /// A valid SOP of N steps in a chain (a very long flowchart, no diagnostics).
    case steps = "steps"
    /// One step mapping with N unknown fields.
    case unknownStepFields = "unknown step fields"

    /// A file of this shape of about `bytes` bytes (never over the loader's limit).
    func file(bytes: Int) -> String {
        switch self {
        case .unknownKeys:
            var text = RuleExample.base
            var i = 0
            while text.utf8.count < bytes - 40 { text += "unknown-key-\(i): x\n"; i += 1 }
            return text
        case .unknownStepFields:
            var text = RuleExample.base
            var extra = ""
            var i = 0
            while text.utf8.count + extra.utf8.count < bytes - 40 { extra += "    stray-field-\(i): x\n"; i += 1 }
            text = text.replacing("    next: balas\n", with: "    next: balas\n" + extra, maxReplacements: 1)
            return text
        case .steps:
            let head = RuleExample.base[..<RuleExample.base.range(of: "steps:\n")!.upperBound]
            var text = String(head)
            text += "  - {no: 1, id: s1, kind: start, actor: pengadu, activity: Menyampaikan pengaduan, inputs: [form-pengaduan], time: {value: 5, unit: minutes}, next: s2}\n"
            var n = 2
            let end = "  - {no: NO, id: sNO, kind: end, actor: pengadu, activity: Menerima surat balasan, inputs: [surat-balasan], time: {value: 5, unit: minutes}}\n"
            while text.utf8.count + 400 < bytes, n < Step.maximumNumber - 1 {
                let outputs = n == 2 ? ", outputs: [surat-balasan]" : ""
                text += "  - {no: \(n), id: s\(n), kind: task, actor: petugas, activity: Memeriksa berkas tahap \(n), inputs: [form-pengaduan]\(outputs), time: {value: 5, unit: working-days}, next: s\(n + 1)}\n"
                n += 1
            }
            return text + end.replacingOccurrences(of: "NO", with: String(n))
        }
    }
}

/// What `sop validate` does with one file's text: load, check, render every diagnostic.
@inline(never)
func validateAndRender(_ text: String) -> Int {
    let result = SOPLoader.load(text: text, file: "big.yaml")
    let lines = text.sourceLines
    var rendered = 0
    for d in result.diagnostics { rendered += d.rendered(sourceLines: lines).utf8.count }
    return result.diagnostics.count + rendered
}

func validationScalingBenchmarks() {
    let sizes = [("64 KiB", 64 << 10), ("256 KiB", 256 << 10), ("1 MiB", YAMLReader.maximumFileSize)]
    for shape in ValidationShape.allCases {
        for (label, bytes) in sizes {
            let text = shape.file(bytes: bytes)
            precondition(text.utf8.count <= YAMLReader.maximumFileSize)
            Benchmark("validate \(label) of \(shape.rawValue)",
                      configuration: .init(metrics: [.wallClock, .peakMemoryResident], maxDuration: .seconds(10), maxIterations: 20)) { benchmark in
                for _ in benchmark.scaledIterations {
                    blackHole(validateAndRender(text))
                }
            }
        }
    }
}
