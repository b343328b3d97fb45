import NIOPosix

/// The threads the SQLite store's writes run on, off Swift's cooperative pool.
///
/// SQLite is synchronous, and a write waits for its group commit (``GroupCommit``): on the
/// cooperative pool, which has one thread per core, two waiting writes on a 2-core machine
/// would stop every other request, and no batch could hold more than two. Here each waiting
/// write holds a thread of its own while the cooperative pool goes on parsing, checking and
/// answering, and the writes that wait together commit together. (Reads do not wait: WAL
/// readers run beside the writer, so they are made where they are awaited.)
package enum StoreThreads {
    /// Enough for every connection a node usually has writing at once; a write past them
    /// waits for a thread, not for the cooperative pool.
    package static let count = 64

    static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: count)
        pool.start()
        return pool
    }()

    /// Runs `body` on a store thread and returns (or throws) what it did.
    package static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await pool.runIfActive(body)
    }
}
