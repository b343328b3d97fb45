import Synchronization

/// What the handlers of one request learn that the access log, outside them, reports: the
/// officer a token or a session named. Shared by reference because each middleware and route
/// gets its own copy of the request context.
public final class RequestTrace: Sendable {
    private let officerID = Mutex<String?>(nil)

    public init() {}

    public var officer: String? {
        get { officerID.withLock { $0 } }
        set { officerID.withLock { $0 = newValue } }
    }
}
