import Foundation
import SOPCore
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The officers a running server accepts, kept in step with the deployment's officers file:
/// every lookup checks, at most once per `checkInterval`, whether the file changed (its
/// modification time, size and inode: one `stat`), and a changed file whose content (by
/// SHA-256) differs is read again. `sop deploy add-officer`, `remove-officer` and
/// `rotate-token` thus take effect on the next request, on every server reading the file.
/// A file that cannot be read or is invalid leaves the last good officers in place, with a
/// warning that names the file and the first problem's line (never an officer's data).
public final class OfficerDirectory: Sendable {
    public let file: String?
    public let checkInterval: Duration
    private let warn: @Sendable (String) -> Void
    private let state: Mutex<State>

    private struct State {
        var roster: OfficerRoster
        var lastCheck: ContinuousClock.Instant?
        var stamp: FileStamp?
        var contentHash: String?
    }

    /// What one `stat` says of the file.
    struct FileStamp: Equatable {
        var inode: UInt64, size: Int64, seconds: Int, nanoseconds: Int
    }

    /// Officers fixed for the server's life (no file to watch).
    public convenience init(_ officers: [Deployment.Officer]) {
        self.init(officers, file: nil)
    }

    /// `officers` as first loaded from `file`, which is then watched.
    public init(_ officers: [Deployment.Officer], file: String?, checkInterval: Duration = .milliseconds(250),
                warn: @escaping @Sendable (String) -> Void = { _ in }) {
        self.file = file
        self.checkInterval = checkInterval
        self.warn = warn
        state = Mutex(State(roster: OfficerRoster(officers)))
        _ = refreshed()
    }

    /// The officers as of now (the file checked if the last check is older than `checkInterval`).
    public var roster: OfficerRoster { refreshed() }

    public func officer(token: String) -> Deployment.Officer? { roster.officer(token: token) }

    public func officer(id: String) -> Deployment.Officer? { roster.officer(id: id) }

    private func refreshed() -> OfficerRoster {
        guard let file else { return state.withLock { $0.roster } }
        let now = ContinuousClock.now
        // One request checks the file; the others meanwhile use the officers as they are.
        let due: (stamp: FileStamp?, hash: String?)? = state.withLock { s in
            if let last = s.lastCheck, now - last < checkInterval { return nil }
            s.lastCheck = now
            return (s.stamp, s.contentHash)
        }
        guard let due else { return state.withLock { $0.roster } }
        let stamp = Self.stamp(file)
        if let stamp, stamp == due.stamp { return state.withLock { $0.roster } }
        guard let stamp, let data = FileManager.default.contents(atPath: file) else {
            // Once per disappearance (a file missing from the start is an empty one, as at loading).
            if due.stamp != nil {
                warn("officers file \(file) cannot be read; the officers last read stay in effect")
            }
            state.withLock { $0.stamp = nil }
            return state.withLock { $0.roster }
        }
        let hash = SHA256.hex(Array(data))
        if hash == due.hash {
            // Touched, not changed.
            state.withLock { $0.stamp = stamp }
            return state.withLock { $0.roster }
        }
        let loaded = DeploymentLoader.loadOfficers(path: file)
        if let problem = loaded.diagnostics.first(where: \.isError) {
            let at = problem.location.map { " at line \($0.line), column \($0.column)" } ?? ""
            warn("officers file \(file) is invalid (\(loaded.diagnostics.filter(\.isError).count) problem(s), the first\(at)); "
                 + "the officers last read stay in effect")
            state.withLock { s in
                s.stamp = stamp
                s.contentHash = hash
            }
            return state.withLock { $0.roster }
        }
        let roster = OfficerRoster(loaded.officers)
        state.withLock { s in
            s.roster = roster
            s.stamp = stamp
            s.contentHash = hash
        }
        return roster
    }

    static func stamp(_ path: String) -> FileStamp? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        #if canImport(Darwin)
        return FileStamp(inode: UInt64(info.st_ino), size: Int64(info.st_size), seconds: info.st_mtimespec.tv_sec,
                         nanoseconds: info.st_mtimespec.tv_nsec)
        #else
        return FileStamp(inode: UInt64(info.st_ino), size: Int64(info.st_size), seconds: info.st_mtim.tv_sec,
                         nanoseconds: info.st_mtim.tv_nsec)
        #endif
    }
}
