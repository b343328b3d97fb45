import ArgumentParser
import Foundation
import SOPCore
import SOPLoader
import SOPStore
import SOPStoreSQLite

/// `sop demo`: realistic cases through both seed SOPs on a fresh database.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run demo cases through the seed SOPs on a fresh SQLite database and print their timelines.",
        discussion: """
        Three cases: Serdang Bedagai straight through, Serdang Bedagai with the draft reply sent back once, \
        and Lamandau finishing late over Idul Fitri 2026. Times are fixed, so every run prints the same.
        """
    )

    @Option(help: "Where to create the database (must not exist; default: a new file in the temporary folder).")
    var db: String?

    @Option(help: "The folder with the SOP files.")
    var sops: String = "sops"

    func run() async throws {
        let path = db ?? FileManager.default.temporaryDirectory.appendingPathComponent("sop-demo-\(ProcessInfo.processInfo.processIdentifier).db").path
        guard !FileManager.default.fileExists(atPath: path) else {
            throw ValidationError("\(path) exists; the demo runs on a fresh database (remove it or pass another --db)")
        }
        let serdang = try await agency("\(sops)/serdang-bedagai-pengaduan.yaml")
        let lamandau = try await agency("\(sops)/lamandau-pengaduan.yaml")
        let store = try SQLiteCaseStore(path: path)
        let service = CaseService(store: store, clock: systemClock)
        let driver = CaseDriver(service: service)
        func at(_ text: String) -> Instant { Instant.parse(text, defaultUTCOffsetSeconds: 7 * 3600)! }

        do {
            // 1. Straight through, each step in half its standard time.
            try await service.open(definition: serdang.0, hash: serdang.0.contentHash, calendar: serdang.1,
                                   caseID: "SB-2026-0001", at: at("2026-02-02T09:15"))
            try await driver.playToEnd("SB-2026-0001")
            // 2. The Fungsional Muda sends the draft reply back once; the review is redone.
            try await service.open(definition: serdang.0, hash: serdang.0.contentHash, calendar: serdang.1,
                                   caseID: "SB-2026-0002", at: at("2026-02-03T10:40"))
            try await driver.playToEnd("SB-2026-0002", moves: ["periksa-draft": [.init(outcome: "tidak-setuju"), .init(outcome: "setuju")],
                                                          "telaah-pengaduan": [.init(pace: 0.4), .init(pace: 0.1)]])
            // 3. Lamandau: filed the Friday before Nyepi and Idul Fitri; the examination takes
            //    eight working days instead of five and the response is a day late.
            try await service.open(definition: lamandau.0, hash: lamandau.0.contentHash, calendar: lamandau.1,
                                   caseID: "LMD-2026-0001", at: at("2026-03-13T14:00"))
            try await driver.playToEnd("LMD-2026-0001", moves: ["kaji-pengaduan": [.init(pace: 1.6)],
                                                           "sampaikan-tanggapan": [.init(pace: 1.34)]])
        }
        let now = at("2026-06-01T09:00")
        for id in ["SB-2026-0001", "SB-2026-0002", "LMD-2026-0001"] {
            let state = try await service.state(caseID: id)
            try await printCase(state, service: service, format: .text, now: now)
            Console.current.out("")
        }
        Console.current.out("Database: \(path)")
        Console.current.out("Try: sop case list --db \(path)   ·   sop case show LMD-2026-0001 --db \(path)")
    }

    func agency(_ file: String) async throws -> (SOPDefinition, CalendarDefinition) {
        let sop = try loadValid(file)
        return (sop, try agencyCalendar(of: sop, file: file).definition)
    }
}
