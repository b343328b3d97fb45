import SOPCore

/// Copying every case of one store into another (an agency moving from its SQLite file to
/// PostgreSQL): each case's events exactly as stored (so its hash chain comes out the same),
/// the documents they attach, the definitions they were run under and their calendars, and the
/// read model rebuilt from the events; then every case replayed on both sides and compared.
public enum CaseCopy {
    public struct Report: Sendable, Hashable {
        public var cases = 0
        public var events = 0
        public var documents = 0
        /// Cases whose replayed state differs between the stores (empty when the copy holds).
        public var differing: [String] = []

        public init() {}
    }

    /// Copies the cases of `source` into `target` in batches of `batch` cases, each batch one
    /// transaction. A case the target already holds is refused (``CaseError/caseExists(_:)``)
    /// and its batch is not written: nothing stored in the target is ever replaced.
    public static func copy(from source: any CaseStore, to target: any CaseStore, batch: Int = 200,
                            progress: (Int) -> Void = { _ in }) async throws -> Report {
        var report = Report()
        var machines: [String: CaseMachine] = [:]
        var documentsSeen = Set<String>()
        let ids = try await source.caseIDs()
        for start in stride(from: 0, to: ids.count, by: max(1, batch)) {
            var appends: [CaseAppend] = []
            for caseID in ids[start..<min(ids.count, start + max(1, batch))] {
                let events = try await source.events(caseID: caseID)
                guard let state = CaseState.fold(events), case .opened(let opening) = events.first?.event else {
                    throw StoreError.corrupt("case \(caseID) does not start with its opening")
                }
                // Every definition the case ran under (a migrated one has two or more).
                var hashes = [opening.definitionHash]
                for e in events { if case .definitionChanged(let d) = e.event { hashes.append(d.definitionHash) } }
                var definitions: [(SOPDefinition, String)] = []
                for hash in hashes {
                    guard let d = try await source.definition(hash: hash) else { throw StoreError.corrupt("definition \(hash) of case \(caseID) is missing") }
                    definitions.append((d, hash))
                }
                guard let calendar = try await source.calendar(id: opening.calendarID) else {
                    throw StoreError.corrupt("calendar \(opening.calendarID) of case \(caseID) is missing")
                }
                let key = state.definitionHash + "|" + calendar.definition.id + "|\(calendar.revision)"
                let machine = machines[key] ?? CaseMachine(definition: definitions.last!.0, definitionHash: state.definitionHash,
                                                          calendar: WorkingCalendar(calendar.definition))
                machines[key] = machine
                var documents: [StoredDocument] = []
                for e in events {
                    guard case .documentAttached(let a) = e.event, documentsSeen.insert(a.attachment.sha256).inserted else { continue }
                    guard let bytes = try await source.document(sha256: a.attachment.sha256) else {
                        throw StoreError.corrupt("document \(a.attachment.sha256) of case \(caseID) is missing")
                    }
                    documents.append(StoredDocument(bytes: bytes, mediaType: a.attachment.mediaType))
                }
                // The later definitions of a migrated case first (an append carries one: its opening's).
                for (d, hash) in definitions.dropFirst() { try await target.saveDefinition(d, hash: hash) }
                appends.append(CaseAppend(events: events, expectedVersion: 0, state: state, machine: machine, documents: documents,
                                          definition: definitions.first!, calendar: calendar.definition))
                report.events += events.count
                report.documents += documents.count
            }
            try await target.appendBatch(appends)
            report.cases += appends.count
            progress(report.cases)
        }
        // The proof: every case replays to the same state from either store.
        for caseID in ids {
            let a = CaseState.fold(try await source.events(caseID: caseID)), b = CaseState.fold(try await target.events(caseID: caseID))
            if a == nil || a != b { report.differing.append(caseID) }
        }
        return report
    }
}
