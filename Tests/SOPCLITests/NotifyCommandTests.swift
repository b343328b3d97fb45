import Foundation
import SOPCore
import Testing
@testable import SOPCLI

/// `sop notify run`: the cron side of the outbox, beside `sop timers run`, on a Serdang Bedagai
/// variant whose recording step reminds after a working day and escalates at its due.
@Suite struct NotifyCommandTests {
    /// A deployment whose webhook nobody answers (nothing listens on port 1 of loopback).
    func deployment(notifications: Bool = true) throws -> (config: String, db: String, sop: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sop-notify-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let sop = dir.appendingPathComponent("pengingat.yaml").path
        try """
            format: sop/v1
            extends: \(CLI.path("sops/serdang-bedagai-pengaduan.yaml"))
            id: uji-pengingat
            changes:
              - set: catat-pengaduan
                timers:
                  - {action: remind, after: "1 hari kerja"}
                  - {action: escalate, to: kepala-dinas}
            """.write(toFile: sop, atomically: true, encoding: .utf8)
        let config = dir.appendingPathComponent("deploy.yaml").path
        try ("""
            format: sop-deployment/v1
            agency: Uji Notifikasi
            sops: [\(sop)]
            database: cases.db
            officers: officers.yaml
            """ + (notifications ? "\nnotifications: {webhook: {url: \"http://127.0.0.1:1/hook\"}, timeoutSeconds: 2, maxAttempts: 2}\n" : "\n"))
            .write(toFile: config, atomically: true, encoding: .utf8)
        return (config, dir.appendingPathComponent("cases.db").path, sop)
    }

    /// A complaint recorded at 09:04 whose reminder and escalation have both fired by the 20th.
    func fired(_ d: (config: String, db: String, sop: String)) async {
        let doc = CLI.temporaryFile("doc.txt", "pengaduan")
        var r = await CLI.run("case", "open", d.sop, "--case-id", "SB-1", "--at", "2026-03-02T09:00", "--db", d.db)
        #expect(r.status == 0, "\(r.err)")
        r = await CLI.run("case", "complete", "SB-1", "sampaikan-pengaduan", "--as", "pengadu", "--attach", "pengaduan-tercatat=\(doc)",
                          "--at", "2026-03-02T09:04", "--db", d.db)
        #expect(r.status == 0, "\(r.err)")
        r = await CLI.run("timers", "run", "--db", d.db, "--at", "2026-03-20T09:00")
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("2 timers fired on 1 case"), "\(r.out)")
    }

    @Test func aPassSendsWhatIsDueRetriesWithBackoffAndExitsOneWhenItGivesUp() async throws {
        let d = try deployment()
        await fired(d)
        struct Run: Decodable, Equatable { var noticesExpanded, sent, retrying, failed: Int }
        var r = await CLI.run("notify", "run", "--config", d.config, "--at", "2026-03-20T09:01", "--format", "json")
        #expect(r.status == 0, "a delivery to retry is not a failure of the run: \(r.err)")
        #expect(try JSONDecoder().decode(Run.self, from: Data(r.out.utf8)) == Run(noticesExpanded: 2, sent: 0, retrying: 2, failed: 0))
        // Inside the minute's backoff nothing is due; the notices are not read twice.
        r = await CLI.run("notify", "run", "--config", d.config, "--at", "2026-03-20T09:01:30")
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("0 notices read; 0 sent, 0 to retry, 0 given up"), "\(r.out)")
        // The second attempt is the last (maxAttempts: 2): given up, and the run says so.
        r = await CLI.run("notify", "run", "--config", d.config, "--at", "2026-03-20T09:10")
        #expect(r.status == 1)
        #expect(r.out.contains("0 notices read; 0 sent, 0 to retry, 2 given up"), "\(r.out)")
    }

    @Test func aDeploymentWithoutNotificationsIsToldSo() async throws {
        let d = try deployment(notifications: false)
        let r = await CLI.run("notify", "run", "--config", d.config)
        #expect(r.status == 1)
        #expect(r.err.contains("sends no notifications: give it notifications.smtp or notifications.webhook"), "\(r.err)")
        let bad = await CLI.run("notify", "run", "--config", d.config, "--limit", "0")
        #expect(bad.status == 2 && bad.err.contains("--limit must be positive"), "\(bad.err)")
    }
}
