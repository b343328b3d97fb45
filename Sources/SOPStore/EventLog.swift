import SOPCore

/// The whole event log read once, in the order it was written, for what looks at every case:
/// the executed-case report and the exports (CSV, XES). A store keeps it however it likes;
/// the report and the exports only see this.
public protocol EventLog: Sendable {
    /// The executed-case report: one pass over the log, memory growing with the number of
    /// cases and completions, not with the log.
    func report(limits: [LegalLimit], now: Instant) async throws -> CaseReport
    /// Every event, case by case (cases by id, events in order), as borrowed bytes with the
    /// case's status and revision rounds on its first event; `body` must not keep them.
    func forEachEventBytes(_ body: (EventBytes) throws -> Void) async throws
    /// The definitions stored, by content hash.
    func storedDefinitions() async throws -> [String: SOPDefinition]
}
