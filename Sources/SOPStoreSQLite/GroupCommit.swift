import Foundation
import GRDB
import SOPStore
import Synchronization

/// Group commit: writes that arrive while a transaction is being committed wait, and the next
/// transaction carries all of them, so one sync of the log pays for many acknowledgements.
///
/// The first caller to find no transaction under way leads: it takes every waiting write,
/// runs each in a savepoint of one transaction (in arrival order, each deciding on what the
/// ones before it stored), commits, tells each caller its own outcome, and hands the lead to
/// the next waiting caller. A write that throws rolls back its savepoint only; the others
/// still commit. A failed commit fails every write of the batch (none is acknowledged).
final class GroupCommit: Sendable {
    /// One waiting write. Its fields are handed over between threads by the semaphore: the
    /// caller sets `work` before queueing it; the leader runs and clears `work`, then sets
    /// `outcome`, then signals; the caller reads `outcome` after the signal.
    private final class Request: Sendable {
        nonisolated(unsafe) var work: ((Database) throws -> Void)?
        nonisolated(unsafe) var outcome: Outcome?
        let signal = DispatchSemaphore(value: 0)

        init(_ work: @escaping (Database) throws -> Void) { self.work = work }
    }

    private enum Outcome {
        case done(Result<Void, any Error>)
        /// The caller is to lead the next batch.
        case lead
    }

    private struct Queue {
        var waiting: [Request] = []
        var leading = false
    }

    private let queue = Mutex(Queue())
    /// Writes in the last batches, for tests and benchmarks: (batches, writes).
    private let counts = Mutex((0, 0))

    /// Runs `work` inside a write transaction of `writer`, batched with the writes of other
    /// threads; returns once the transaction holding it is committed (or throws what `work`
    /// threw, or why the commit failed).
    func run(_ writer: any DatabaseWriter, _ work: (Database) throws -> Void) throws {
        try withoutActuallyEscaping(work) { work in
            let request = Request(work)
            var lead = queue.withLock { q in
                q.waiting.append(request)
                if q.leading { return false }
                q.leading = true
                return true
            }
            if !lead {
                request.signal.wait()
                if case .lead = request.outcome { lead = true }
            }
            if lead {
                let batch = queue.withLock { q in
                    let b = q.waiting
                    q.waiting = []
                    return b
                }
                commit(batch, writer)
                let next = queue.withLock { q -> Request? in
                    guard let first = q.waiting.first else {
                        q.leading = false
                        return nil
                    }
                    return first
                }
                if let next {
                    next.outcome = .lead
                    next.signal.signal()
                }
            }
            guard case .done(let result) = request.outcome else { fatalError("a group commit finished without an outcome") }
            try result.get()
        }
    }

    /// How many writes wait for the transaction under way.
    var waiting: Int { queue.withLock { $0.waiting.count } }

    /// (batches, writes) committed or refused so far.
    var statistics: (batches: Int, writes: Int) { counts.withLock { $0 } }

    private func commit(_ batch: [Request], _ writer: any DatabaseWriter) {
        var refusals: [ObjectIdentifier: any Error] = [:]
        var failure: (any Error)?
        do {
            try writer.write { db in
                for r in batch {
                    guard let work = r.work else { continue }
                    r.work = nil
                    do {
                        try db.inSavepoint {
                            try work(db)
                            return .commit
                        }
                    } catch {
                        refusals[ObjectIdentifier(r)] = error
                        // An error SQLite answers by rolling back the whole transaction (a full
                        // disk, an I/O error) ends the batch: what follows would run outside it.
                        if !db.isInsideTransaction { throw error }
                    }
                }
            }
        } catch {
            failure = error
        }
        counts.withLock { $0 = ($0.0 + 1, $0.1 + batch.count) }
        for r in batch {
            r.work = nil
            if let refusal = refusals[ObjectIdentifier(r)] {
                r.outcome = .done(.failure(refusal))
            } else if let failure {
                r.outcome = .done(.failure(failure))
            } else {
                r.outcome = .done(.success(()))
            }
            r.signal.signal()
        }
    }
}
