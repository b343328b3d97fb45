/// One problem found in an input, with where it is and how to fix it.
///
/// Every check in the engine reports through this one type. Diagnostics are collected
/// rather than thrown, so a single run reports every problem in a file.
public struct Diagnostic: Sendable, Hashable, Codable {
    public var severity: Severity
    /// Stable code such as `SOP021`; see ``Rule`` for what each one means.
    public var code: String
    public var message: String
    /// Where the problem is; `nil` only when no position is known (e.g. a missing file).
    public var location: SourceLocation?
    /// A short suggestion for the fix.
    public var hint: String?

    public init(_ severity: Severity, _ code: String, _ message: String,
                at location: SourceLocation? = nil, hint: String? = nil) {
        self.severity = severity
        self.code = code
        self.message = message
        self.location = location
        self.hint = hint
    }

    /// A diagnostic for `rule`, at the rule's own severity.
    public init(_ rule: Rule, _ message: String, at location: SourceLocation?, hint: String? = nil) {
        self.init(rule.severity, rule.code, message, at: location, hint: hint)
    }

    public var isError: Bool { severity == .error }
}

extension Array where Element == Diagnostic {
    /// Sorted by file, line, column, then code: the order a reader expects, stable across runs.
    public func sortedForOutput() -> [Diagnostic] {
        sorted { a, b in
            let la = a.location ?? SourceLocation(file: "", line: 0, column: 0)
            let lb = b.location ?? SourceLocation(file: "", line: 0, column: 0)
            if la != lb { return la < lb }
            if a.code != b.code { return a.code < b.code }
            return a.message < b.message
        }
    }

    public var hasErrors: Bool { contains { $0.isError } }
    public var errorCount: Int { filter { $0.severity == .error }.count }
    public var warningCount: Int { filter { $0.severity == .warning }.count }
}
