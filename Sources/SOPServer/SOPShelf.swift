import Synchronization
import SOPStore

/// The SOPs a server runs, shared by every copy of its ``ServerConfig``: a revision published
/// to the running cases (`POST /api/sops/{id}/migrate`) is the one new cases open with at once.
final class SOPShelf: Sendable {
    private let state: Mutex<[AgencySOP]>

    init(_ sops: [AgencySOP]) { state = Mutex(sops) }

    var all: [AgencySOP] { state.withLock { $0 } }

    func sop(_ id: String) -> AgencySOP? { state.withLock { s in s.first { $0.definition.id == id } } }

    /// Puts `sop` in the place of the SOP with its id.
    func publish(_ sop: AgencySOP) {
        state.withLock { s in
            if let i = s.firstIndex(where: { $0.definition.id == sop.definition.id }) { s[i] = sop }
        }
    }
}
