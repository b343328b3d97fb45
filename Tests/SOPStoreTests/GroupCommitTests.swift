import Foundation
import GRDB
import SOPCore
import Synchronization
import Testing
@testable import SOPStore
@testable import SOPStoreSQLite

/// Concurrent writes share a transaction, and each is still decided, refused and
/// acknowledged on its own.
@Suite struct GroupCommitTests {
    /// Holds the group's lead inside a transaction until `release`, so the writes started
    /// meanwhile queue up and form the next batch.
    final class Blocker: Sendable {
        let started = DispatchSemaphore(value: 0)
        let go = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)

        init(_ group: GroupCommit, _ writer: any DatabaseWriter) {
            DispatchQueue.global().async { [self] in
                try? group.run(writer) { _ in
                    self.started.signal()
                    self.go.wait()
                }
                self.finished.signal()
            }
            started.wait()
        }

        func release(when group: GroupCommit, holds count: Int) {
            let deadline = Date().addingTimeInterval(30)
            while group.waiting < count && Date() < deadline { usleep(1000) }
            go.signal()
            finished.wait()
        }
    }

    struct Refused: Error, Equatable { var n: Int }

    @Test func writesQueuedBehindACommitShareOneTransactionAndFailAlone() throws {
        let queue = try DatabaseQueue(path: CaseFixtures.temporaryDatabase())
        try queue.write { try $0.execute(sql: "CREATE TABLE t (n INTEGER PRIMARY KEY)") }
        let group = GroupCommit()
        let blocker = Blocker(group, queue)
        let results = Mutex([Int: Result<Void, Refused>]())
        let done = DispatchGroup()
        for n in 0..<12 {
            DispatchQueue.global().async(group: done) {
                do {
                    try group.run(queue) { db in
                        try db.execute(sql: "INSERT INTO t (n) VALUES (?)", arguments: [n])
                        // Every third write is refused after writing: its row must go with it.
                        if n % 3 == 1 { throw Refused(n: n) }
                    }
                    results.withLock { $0[n] = .success(()) }
                } catch let e as Refused {
                    results.withLock { $0[n] = .failure(e) }
                } catch {
                    Issue.record("\(n): \(error)")
                }
            }
        }
        blocker.release(when: group, holds: 12)
        done.wait()
        #expect(group.statistics.batches == 2)
        #expect(group.statistics.writes == 13)
        let outcomes = results.withLock { $0 }
        for n in 0..<12 {
            switch outcomes[n] {
            case .success: #expect(n % 3 != 1)
            case .failure(let e): #expect(e == Refused(n: n))
            case nil: Issue.record("\(n) has no outcome")
            }
        }
        let stored = try queue.read { try Int.fetchAll($0, sql: "SELECT n FROM t ORDER BY n") }
        #expect(stored == (0..<12).filter { $0 % 3 != 1 })
    }

    @Test func completionsInOneBatchAreDecidedOnTheirOwnCaseVersion() async throws {
        let store = try SQLiteCaseStore(path: CaseFixtures.temporaryDatabase())
        let a = CaseFixtures.serdang
        let service = CaseFixtures.service(store)
        let ids = (0..<6).map { "G\($0)" }
        for id in ids {
            try await service.open(definition: a.definition, hash: a.hash, calendar: a.calendar, caseID: id, at: CaseFixtures.at("2026-03-02T09:00"))
        }
        _ = try await service.load(ids[0]) // the compiled machine cached: no retry outside the batch
        let before = store.group.statistics
        let blocker = Blocker(store.group, store.writer)
        // G0..G5 completed once each; G0 also a second time (the same step: exactly one wins);
        // G1 also by the wrong role (refused); G2 also at a step it cannot be at yet (refused).
        let attempts: [(String, String, String)] = ids.map { ($0, "sampaikan-pengaduan", "pengadu") }
            + [("G0", "sampaikan-pengaduan", "pengadu"), ("G1", "sampaikan-pengaduan", "kepala-dinas"), ("G2", "kirim-balasan", "pranata-humas")]
        // Each attempt on a task of its own; the writes wait on the store's threads, so the blocked
        // lead transaction gathers them all into the next batch.
        let got = await withTaskGroup(of: (Int, String).self) { group in
            for (k, attempt) in attempts.enumerated() {
                group.addTask {
                    do {
                        let state = try await service.complete(caseID: attempt.0, step: attempt.1, role: attempt.2,
                                                               uploads: [CaseFixtures.upload("pengaduan-tercatat")], at: CaseFixtures.at("2026-03-02T09:05"))
                        return (k, "ok \(state.version)")
                    } catch let e as CaseError {
                        return (k, "refused \(e.code)")
                    } catch {
                        return (k, "error \(error)")
                    }
                }
            }
            blocker.release(when: store.group, holds: attempts.count)
            var outcomes: [Int: String] = [:]
            for await (k, outcome) in group { outcomes[k] = outcome }
            return outcomes
        }
        let after = store.group.statistics
        #expect(after.batches - before.batches == 2)
        #expect(got.count == attempts.count)
        // Each case moved exactly once, whatever order the batch ran in.
        for id in ids {
            let tries = attempts.indices.filter { attempts[$0].0 == id }
            let wins = tries.filter { got[$0]?.hasPrefix("ok") == true }
            #expect(wins.count == 1, "\(id): \(tries.map { got[$0] ?? "-" })")
            await #expect(try store.summary(caseID: id)?.activeStep == "catat-pengaduan")
            await #expect(try store.events(caseID: id).filter { if case .stepCompleted = $0.event { true } else { false } }.count == 1)
        }
        #expect(got.values.filter { $0.hasPrefix("refused") }.count == 3)
        #expect(!got.values.contains { $0.hasPrefix("error") })
        #expect(try store.verifyChain().intact)
    }
}
