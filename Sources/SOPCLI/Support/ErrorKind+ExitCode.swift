import SOPCore

extension ErrorKind {
    /// The one table from an error's kind to the exit status of `sop`: 1 for anything refused or
    /// unusable (bad input, a refused action, a database or calendar that cannot serve), 70
    /// (EX_SOFTWARE) for a fault of the engine itself. 2 stays argument-parser's usage error.
    var exitStatus: Int32 {
        switch self {
        case .invalid, .unauthorized, .forbidden, .notFound, .conflict, .tooLarge, .rateLimited, .unavailable: 1
        case .internal: 70
        }
    }
}
