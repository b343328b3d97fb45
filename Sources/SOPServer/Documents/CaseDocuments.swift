import Foundation
import Hummingbird
import Logging
import SOPCore
import SOPStore

/// Officers' downloads of a case's documents, for the API (`GET /api/cases/:id/documents/:sha`)
/// and the page (`GET /kasus/:id/dokumen/:sha`): one authorization rule and one log line.
enum CaseDocuments {
    /// Text shown inline on the case page up to this size (larger: a link only).
    static let inlineTextLimit = 64 << 10

    /// Whether `officer` has a role on the case: the officer holds a role of the case's SOP
    /// (its definition, as pinned by the case) that performs one of its steps, as the step's
    /// actor or one of its alternative actors, or that an escalation gave one of the case's
    /// step activations. A role merely present in the deployment, or of another SOP, is not
    /// one; a national or provincial view of every case is a later issue.
    ///
    /// A confidential complaint ("rahasia", ``CaseState/isConfidential``) is narrower: only
    /// the roles the case has reached, those of a step it has activated (its actor or an
    /// alternative actor) or an escalation gave one. The head of office whose step comes last
    /// reads it when it reaches them, not while the desk still screens it.
    static func hasRole(_ officer: Deployment.Officer, state: CaseState, machine: CaseMachine) -> Bool {
        let roles = Set(officer.roles)
        if state.history.contains(where: { $0.escalatedTo.contains(where: roles.contains) }) { return true }
        guard state.isConfidential else { return performsStep(officer, of: machine.definition) }
        return state.history.contains { r in machine.definition.step(r.step)?.actors.contains(where: roles.contains) == true }
    }

    /// Whether one of `officer`'s roles performs a step of `definition` (its actor or an
    /// alternative actor): the part of ``hasRole(_:state:machine:)`` that holds for every case
    /// of the SOP.
    static func performsStep(_ officer: Deployment.Officer, of definition: SOPDefinition) -> Bool {
        let roles = Set(officer.roles)
        return definition.steps.contains { $0.actors.contains(where: roles.contains) }
    }

    /// The attachment of the case with `sha` (its first, when one file stands for several documents).
    static func attachment(_ state: CaseState, sha: String) -> DocumentAttachment? {
        state.attachmentsByDocument.first { $0.sha256 == sha }
    }

    /// The download href of an attachment in the API.
    static func apiHref(caseID: String, sha: String) -> String { "/api/cases/\(caseID.pathSegmentEncoded)/documents/\(sha)" }

    /// The download href of an attachment on the page.
    static func pageHref(caseID: String, sha: String) -> String { "/kasus/\(caseID.pathSegmentEncoded)/dokumen/\(sha)" }

    /// The document `sha` of case `id` for `officer`: 404 `unknown-case` for a case this
    /// deployment does not hold, 403 `role-not-held` without a role on it (``hasRole``), 404
    /// `unknown-document` for a sha that is not one of this case's documents (another case's
    /// included, so its existence is not revealed). Every outcome is logged with the case id,
    /// the document id, the sha's first 12 hex digits and the officer's id; never a file name,
    /// a text or a contact.
    static func download(api: CaseAPI, officer: Deployment.Officer, caseID id: String, sha: String,
                         via route: String, logger: Logger) async throws -> Response {
        let short = String(sha.prefix(12).filter(\.isHexDigit))
        func log(_ outcome: String, document: String? = nil) {
            logger.info("document download", metadata: [
                "case": .string(id), "document": .string(document ?? "-"), "sha": .string(short),
                "officer": .string(officer.id), "outcome": .string(outcome), "via": .string(route),
            ])
        }
        let loaded: (CaseState, CaseMachine)
        do {
            loaded = try await api.load(id)
        } catch {
            log("unknown-case")
            throw error
        }
        let (state, machine) = loaded
        guard hasRole(api.actingOfficer(officer), state: state, machine: machine) else {
            log("role-not-held")
            throw APIError(.forbidden, "role-not-held", "officer '\(officer.id)' holds no role of this case's SOP")
        }
        guard let doc = attachment(state, sha: sha.lowercased()) else {
            log("unknown-document")
            throw APIError(.notFound, "unknown-document", "case '\(id)' has no document with this sha256")
        }
        guard let bytes = try await api.config.store.document(sha256: doc.sha256) else {
            log("missing-bytes", document: doc.document)
            throw APIError(.internal, "document-missing", "the document's bytes are not in the store")
        }
        log("served", document: doc.document)
        return DocumentResponse.response(bytes: bytes, name: doc.name, mediaType: doc.mediaType)
    }

    /// The text of a `text/plain` document of at most ``inlineTextLimit`` bytes, valid UTF-8,
    /// for the case page; nil for anything else (shown as a link only).
    static func inlineText(_ doc: DocumentAttachment, store: any CaseStore) async -> String? {
        guard DocumentResponse.baseType(doc.mediaType) == "text/plain", doc.size <= inlineTextLimit,
              let bytes = try? await store.document(sha256: doc.sha256), bytes.count <= inlineTextLimit else { return nil }
        return String(bytes: bytes, encoding: .utf8)
    }
}
