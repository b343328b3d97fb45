import Foundation
import SOPCore
import SOPLoader
@testable import SOPStore

/// The two seed SOPs, their calendars, and helpers to run cases against them.
enum CaseFixtures {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Agency: Sendable {
        var definition: SOPDefinition
        var hash: String
        var calendar: CalendarDefinition
    }

    static func agency(_ file: String) -> Agency {
        let path = root.appendingPathComponent("sops/\(file)").path
        let sop = SOPLoader.load(path: path).validDefinition!
        let calendar = SOPLoader.calendar(for: sop, sopPath: path)!.definition!
        return Agency(definition: sop, hash: sop.contentHash, calendar: calendar)
    }

    static let serdang = agency("serdang-bedagai-pengaduan.yaml")
    static let lamandau = agency("lamandau-pengaduan.yaml")

    static func at(_ text: String) -> Instant { Instant.parse(text, defaultUTCOffsetSeconds: 7 * 3600)! }

    static func upload(_ document: String, _ text: String = "isi") -> CaseService.Upload {
        .init(document: document, name: "\(document).txt", mediaType: "text/plain", bytes: Array("\(document): \(text)".utf8))
    }

    static func service(_ store: any CaseStore, now: String = "2026-03-02T09:00") -> CaseService {
        let instant = at(now)
        return CaseService(store: store, clock: { instant })
    }

    /// A Serdang Bedagai complaint opened on Monday 2 March 2026 09:00 and filed by the
    /// complainant at 09:03: the officers' first step is active.
    static func openFiledSerdang(_ service: CaseService, id: String) async throws {
        let a = serdang
        try await service.open(definition: a.definition, hash: a.hash, calendar: a.calendar, caseID: id, at: at("2026-03-02T09:00"))
        try await service.complete(caseID: id, step: "sampaikan-pengaduan", role: "pengadu", uploads: [upload("pengaduan-tercatat")],
                                   at: at("2026-03-02T09:03"))
    }

    static func temporaryDatabase() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("sop-\(UUID().uuidString).db").path
    }

    /// Runs a Serdang Bedagai case to its end; `reject` sends the draft back once at step 4.
    @discardableResult
    static func runSerdang(_ service: CaseService, id: String, reject: Bool = false, start: String = "2026-03-02T09:00") async throws -> CaseState {
        let a = serdang
        try await service.open(definition: a.definition, hash: a.hash, calendar: a.calendar, caseID: id, at: at(start))
        var t = at(start)
        func later(_ minutes: Int) -> Instant { t = t.adding(seconds: Int64(minutes) * 60); return t }
        try await service.complete(caseID: id, step: "sampaikan-pengaduan", role: "pengadu", uploads: [upload("form-pengaduan"), upload("pengaduan-tercatat")], at: later(3))
        try await service.complete(caseID: id, step: "catat-pengaduan", role: "pranata-humas", actor: "humas-1", uploads: [upload("pengaduan-tercatat", "dicatat")], at: later(60))
        try await service.complete(caseID: id, step: "telaah-pengaduan", role: "pranata-humas", uploads: [upload("pengaduan-tercatat", "ditelaah"), upload("telaahan-staf")], at: later(24 * 60))
        if reject {
            try await service.complete(caseID: id, step: "periksa-draft", role: "fungsional-muda", outcome: "tidak-setuju", uploads: [upload("draft-surat-balasan", "v1")], at: later(30))
            try await service.complete(caseID: id, step: "telaah-pengaduan", role: "pranata-humas", uploads: [upload("pengaduan-tercatat", "ditelaah"), upload("telaahan-staf", "v2")], at: later(120))
        }
        try await service.complete(caseID: id, step: "periksa-draft", role: "fungsional-muda", outcome: "setuju", uploads: [upload("draft-surat-balasan", "v2")], at: later(30))
        try await service.complete(caseID: id, step: "tandatangani-balasan", role: "kepala-dinas", outcome: "setuju", uploads: [upload("surat-jawaban")], at: later(30))
        try await service.complete(caseID: id, step: "kirim-balasan", role: "pranata-humas", uploads: [upload("surat-jawaban")], at: later(5))
        return try await service.complete(caseID: id, step: "terima-balasan", role: "pengadu", uploads: [upload("solusi-aduan")], at: later(5))
    }
}
