import Foundation
import Hummingbird
import SOPCore
import SOPStore

/// The audit page, "Jejak audit": who did what, newest first, on the cases of the SOPs in
/// which the officer holds a role (the rule that lets them open those cases). It names the
/// officer, the role, the case, the step and the decision or the document's kind, never the
/// text of a note or the name of a file, which may carry personal data.
extension OfficerPages {
    /// Entries on one page of the audit.
    static let auditPageSize = 100

    /// The SOPs whose steps one of the officer's roles performs (``CaseDocuments/performsStep(_:of:)``).
    func auditedSOPs(_ officer: Deployment.Officer) -> [AgencySOP] {
        api.config.sops.filter { CaseDocuments.performsStep(officer, of: $0.definition) }
    }

    /// A step as a row names it: its number and the start of its activity (a table cell, not
    /// the paragraph the SOP writes).
    static func stepTitle(_ definition: SOPDefinition, _ id: String) -> String {
        guard let step = definition.step(id) else { return id }
        let words = step.activity.split(whereSeparator: \.isWhitespace)
        var text = ""
        for word in words {
            guard text.count + word.count < 60 else { return "\(step.number). \(text)…" }
            text += text.isEmpty ? String(word) : " \(word)"
        }
        return "\(step.number). \(text)"
    }

    func auditPage(_ request: Request, _ officer: Deployment.Officer) async throws -> Response {
        let lang = Self.lang(request)
        let t = WebLabels.table(lang)
        // `dari` (from): the entries skipped; anything but a number up to a billion is the first page.
        let offset = request.uri.queryParameters.get("dari").flatMap { Int($0) }.flatMap { (0...1_000_000_000).contains($0) ? $0 : nil } ?? 0
        var sops: [String: AgencySOP] = [:]
        for sop in auditedSOPs(officer) { sops[sop.definition.id] = sop }
        let actions = try await api.config.store.actions(sopIDs: sops.keys.sorted(), limit: Self.auditPageSize + 1, offset: offset)
        var rows: [[String: Any]] = []
        for action in actions.prefix(Self.auditPageSize) {
            guard let sop = sops[action.sopID] else { continue }
            let e = action.event, definition = sop.definition
            var row: [String: Any] = [
                "at": Self.local(e.at, sop.calendar.utcOffsetSeconds), "caseID": e.caseID,
                "actor": e.actor == CaseAPI.publicActor ? t["auditPublic"]! : e.actor ?? "—", "role": e.role.map { definition.role($0)?.title ?? $0 } ?? "—",
            ]
            switch e.event {
            case .stepCompleted(let c):
                row["action"] = t["auditCompleted"]!
                row["step"] = Self.stepTitle(definition, c.step)
                if let o = c.outcome { row["detail"] = definition.step(c.step)?.outcomes.first { $0.id == o }?.label ?? o }
            case .documentAttached(let d):
                row["action"] = t["auditAttached"]!
                row["step"] = d.step.map { Self.stepTitle(definition, $0) } ?? "—"
                row["detail"] = definition.document(d.attachment.document)?.name ?? d.attachment.document
            case .note:
                row["action"] = t["auditNote"]!
                row["step"] = "—"
            default:
                continue
            }
            rows.append(row)
        }
        var extra: [String: Any] = ["rows": rows, "hasRows": !rows.isEmpty]
        if actions.count > Self.auditPageSize { extra["next"] = "/jejak?lang=\(lang)&dari=\(offset + Self.auditPageSize)" }
        if offset > 0 { extra["previous"] = "/jejak?lang=\(lang)&dari=\(max(0, offset - Self.auditPageSize))" }
        return render("audit", request, title: t["audit"]!, extra: extra, officer: officer)
    }
}
