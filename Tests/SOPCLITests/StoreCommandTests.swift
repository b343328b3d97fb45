import Foundation
import GRDB
import SOPCore
import SOPStore
import Testing
@testable import SOPCLI

/// Issue 16, finding 14 and the tamper-evident history, through the command line.
@Suite(.serialized) struct StoreCommandTests {
    let serdang = CLI.path("sops/serdang-bedagai-pengaduan.yaml")

    func folder() -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sop-store-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// A database in its own folder with case SB-1 waiting at its second step.
    func database() async throws -> String {
        let db = folder().appendingPathComponent("cases.db").path
        let doc = CLI.temporaryFile("doc.txt", "pengaduan")
        var r = await CLI.run("case", "open", serdang, "--case-id", "SB-1", "--at", "2026-03-02T09:00", "--db", db)
        #expect(r.status == 0, "\(r.err)")
        r = await CLI.run("case", "complete", "SB-1", "sampaikan-pengaduan", "--as", "pengadu", "--attach", "pengaduan-tercatat=\(doc)",
                          "--at", "2026-03-02T09:04", "--db", db)
        #expect(r.status == 0, "\(r.err)")
        return db
    }

    func snapshot(_ path: String) throws -> (Data, Date?, [String]) {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        let dir = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return (try Data(contentsOf: URL(fileURLWithPath: path)), attributes[.modificationDate] as? Date,
                try FileManager.default.contentsOfDirectory(atPath: dir).sorted())
    }

    static let readCommands: [[String]] = [
        ["case", "show", "SB-1"], ["case", "list"], ["report"], ["export", "events"], ["verify"],
    ]

    // 14a
    @Test func readCommandsLeaveAnEmptyFileEmpty() async throws {
        let db = folder().appendingPathComponent("empty.db").path
        FileManager.default.createFile(atPath: db, contents: Data())
        let before = try snapshot(db)
        for command in Self.readCommands {
            let r = await CLI.run(command + ["--db", db])
            #expect(r.status == 1, "\(command): \(r.out)")
            #expect(r.err.contains("is not a database of sop-engine"), "\(command): \(r.err)")
            #expect(try snapshot(db) == before, "\(command)")
        }
        #expect(try snapshot(db).0.isEmpty)
    }

    // 14b: read-only files and folders. As root the file mode does not stop a write, so the
    // built `sop` runs as the unprivileged `nobody` there.
    static var binary: String {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("sop").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        return CLI.path(".build/debug/sop")
    }

    func runUnprivileged(_ arguments: [String]) throws -> CLIRun {
        let process = Process()
        if getuid() == 0 {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", Self.binary] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: Self.binary)
            process.arguments = arguments
        }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLIRun(status: process.terminationStatus, out: String(decoding: o, as: UTF8.self), err: String(decoding: e, as: UTF8.self))
    }

    @Test(arguments: ["read-only folder", "read-only file in a writable folder"])
    func aReadOnlyDatabaseIsReadAndNeverWritten(_ situation: String) async throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary), "the sop binary is built beside the tests")
        let db = try await database()
        let dir = URL(fileURLWithPath: db).deletingLastPathComponent().path
        #expect(!FileManager.default.fileExists(atPath: db + "-wal"))
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: db)
        try FileManager.default.setAttributes([.posixPermissions: situation == "read-only folder" ? 0o555 : 0o777], ofItemAtPath: dir)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir) }
        let before = try snapshot(db)
        for command in Self.readCommands {
            let r = try runUnprivileged(command + ["--db", db])
            #expect(r.status == 0, "\(command): \(r.err)")
            #expect(!r.err.contains("readonly"), "\(command): \(r.err)")
        }
        #expect(try runUnprivileged(["case", "show", "SB-1", "--db", db]).out.contains("catat-pengaduan"))
        let doc = CLI.temporaryFile("doc.txt", "dicatat")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: doc)
        let write = try runUnprivileged(["case", "complete", "SB-1", "catat-pengaduan", "--as", "pranata-humas",
                                         "--attach", "pengaduan-tercatat=\(doc)", "--at", "2026-03-03T10:00", "--db", db])
        #expect(write.status == 1)
        #expect(write.err.contains("is read-only"), "\(write.err)")
        let after = try snapshot(db)
        #expect(after.0 == before.0 && after.1 == before.1)
        if situation == "read-only folder" { #expect(after.2 == before.2) }
        let r = await CLI.run("verify", "--db", db)
        #expect(r.status == 0, "\(r.err)")
    }

    // The chain, checked by `sop verify`.
    @Test func verifyReportsAnIntactChainAndTheFirstChangedEvent() async throws {
        let db = try await database()
        var r = await CLI.run("verify", "--db", db)
        #expect(r.status == 0, "\(r.err)")
        // Opened, the complaint step activated with the agency's clock stopped (the complainant is
        // the applicant side), completed with its document, the clock resumed and the due moved,
        // the next step activated.
        #expect(r.out.contains("1 case, 8 events: every chain is intact"), "\(r.out)")
        let raw = try DatabaseQueue(path: db)
        try await raw.write { db in
            try db.execute(sql: "DROP TRIGGER event_no_update")
            try db.execute(sql: "UPDATE event SET at = at + 60 WHERE case_id = 'SB-1' AND seq = 4")
        }
        try raw.close()
        r = await CLI.run("verify", "--db", db)
        #expect(r.status == 1)
        #expect(r.out.contains("SB-1 event 4: changed:"), "\(r.out)")
        #expect(r.out.contains("1 case with a broken chain"))
        r = await CLI.run("verify", "--db", db, "--case", "SB-1", "--format", "json")
        #expect(r.status == 1)
        struct Out: Decodable { var cases: Int; var events: Int; var intact: Bool; var breaks: [ChainBreak] }
        let out = try JSONDecoder().decode(Out.self, from: Data(r.out.utf8))
        #expect(out.intact == false && out.cases == 1 && out.events == 8)
        #expect(out.breaks.map { "\($0.caseID)#\($0.sequence) \($0.problem.rawValue)" } == ["SB-1#4 changed"])
        r = await CLI.run("verify", "--db", db, "--case", "NOPE")
        #expect(r.status == 1)
        #expect(r.err.contains("no case 'NOPE'"))
    }

    // Issue 16: a value of the wrong type in a hand-edited database is a store-corrupt error
    // (exit 70, the place named, the value not quoted), never a crash.
    @Test func aTamperedRowIsAStoreCorruptErrorNotACrash() async throws {
        let db = try await database()
        let raw = try DatabaseQueue(path: db)
        try await raw.write { db in
            try db.execute(sql: "DROP TRIGGER event_no_update; DROP TRIGGER event_no_delete")
            try db.execute(sql: "UPDATE event SET at = 'RAHASIA' WHERE case_id = 'SB-1' AND type = 'step-completed'")
        }
        try raw.close()
        let seq = try await DatabaseQueue(path: db).read {
            try Int.fetchOne($0, sql: "SELECT seq FROM event WHERE case_id = 'SB-1' AND type = 'step-completed'")
        }
        for command in [["case", "show", "SB-1"], ["report"], ["export", "events"],
                        ["case", "complete", "SB-1", "catat-pengaduan", "--as", "pranata-humas"]] {
            let r = await CLI.run(command + ["--db", db])
            #expect(r.status == 70, "\(command): \(r.err)")
            #expect(r.err.contains("error: [store-corrupt]"), "\(command): \(r.err)")
            #expect(r.err.contains("event SB-1#\(seq ?? 0): column 'at' holds text, not an integer"), "\(command): \(r.err)")
            #expect(!r.err.contains("RAHASIA"), "\(command): \(r.err)")
        }
        let summary = try DatabaseQueue(path: db)
        try await summary.write { try $0.execute(sql: "UPDATE case_summary SET version = 'dua' WHERE case_id = 'SB-1'") }
        try summary.close()
        let r = await CLI.run("case", "list", "--db", db)
        #expect(r.status == 70, "\(r.err)")
        #expect(r.err.contains("error: [store-corrupt]") && r.err.contains("case_summary of case SB-1: column 'version'"), "\(r.err)")
    }
}
