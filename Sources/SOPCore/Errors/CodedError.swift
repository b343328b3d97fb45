/// What kind of failure an error is, independent of the interface that reports it. The HTTP
/// status (SOPServer's `ErrorKind+HTTPStatus.swift`) and the CLI exit status
/// (SOPCLI's `ErrorKind+ExitCode.swift`) are each read from one table keyed by this.
public enum ErrorKind: String, Sendable, Equatable, CaseIterable {
    /// The input is malformed or breaks a rule of the SOP (the caller can fix it).
    case invalid
    /// No valid credentials.
    case unauthorized
    /// The caller is known but may not do this.
    case forbidden
    /// The thing named does not exist.
    case notFound
    /// The request conflicts with the current state (closed case, step not active, stale version).
    case conflict
    /// A body or document over a limit.
    case tooLarge
    /// Too many requests from one client.
    case rateLimited
    /// A resource the engine depends on (database, calendar coverage) cannot serve now.
    case unavailable
    /// A fault of the engine itself: never the caller's.
    case `internal`
}

/// An error every layer can report the same way: a stable `code` for scripts and APIs
/// (lowercase words joined by '-'), a `kind` that picks the HTTP status and the exit status, and
/// a `description` free of any one interface's words (no CLI flags, no HTTP field names).
public protocol CodedError: Error, Sendable, CustomStringConvertible {
    var code: String { get }
    var kind: ErrorKind { get }
}
