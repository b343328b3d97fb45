import Foundation
import Hummingbird
import SOPCore
import SOPStore

/// "Pengaduan baru": a complaint taken at the counter, by phone or by letter, registered by an
/// officer of a lane the SOP names in the citizen's `represented-by`. It is filed as the public
/// side would file it, the first step done on the citizen's behalf, under a tracking code the
/// officer hands to the citizen (``CaseAPI/file(_:name:contact:channel:on:actor:role:)``).
extension OfficerPages {
    /// The SOPs whose first step the officer may do on the citizen's behalf, with the lane.
    func walkInSOPs(_ officer: Deployment.Officer) -> [(sop: AgencySOP, role: String)] {
        api.config.sops.compactMap { sop in
            guard let start = sop.definition.startStep,
                  let role = sop.definition.representedLane(of: start, by: officer.roles) else { return nil }
            return (sop, role)
        }
    }

    func addWalkInRoutes(to router: Router<SOPRequestContext>) {
        router.get("kasus/baru") { request, _ in
            guard let officer = try await officer(request) else { return Response.redirect(to: "/masuk\(Self.langQuery(request))") }
            return walkInPage(request, officer, form: [:], error: nil)
        }
        router.post("kasus/baru") { request, context in
            guard let officer = try await officer(request) else { return Response.redirect(to: "/masuk\(Self.langQuery(request))") }
            let form = try await Self.form(request, context)
            let lang = form["lang"] == "en" ? "en" : "id"
            do {
                guard let chosen = walkInSOPs(officer).first(where: { $0.sop.definition.id == form["sop"] }) else {
                    throw APIError(.forbidden, "not-representative", lang == "en" ? "You may not register complaints for this procedure."
                                                                                  : "Anda tidak dapat mencatat pengaduan untuk prosedur ini.")
                }
                let channel = form["channel"].flatMap { WalkInBody.channels.contains($0) ? $0 : nil } ?? "loket"
                func given(_ key: String) -> String? {
                    form[key].map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : String($0.prefix(200)) }
                }
                let (code, _) = try await api.file(form["complaint"] ?? "", name: given("name"), contact: given("contact"), channel: channel,
                                             on: chosen.sop, actor: officer.id, role: chosen.role)
                return Response.redirect(to: "/kasus/\(code)?lang=\(lang)&baru=1")
            } catch {
                let e = APIError.from(error, logger: context.logger)
                var page = walkInPage(request, officer, form: form, error: e.message, lang: lang)
                page.status = e.status
                return page
            }
        }
    }

    func walkInPage(_ request: Request, _ officer: Deployment.Officer, form: [String: String], error: String?, lang given: String? = nil) -> Response {
        let lang = given ?? Self.lang(request)
        let t = WebLabels.table(lang)
        let sops = walkInSOPs(officer)
        let chosenChannel = form["channel"] ?? "loket"
        var extra: [String: Any] = [
            "sops": sops.map { ["id": $0.sop.definition.id, "name": "\($0.sop.definition.identity.name) — \($0.sop.definition.identity.agency.regency)",
                                "selected": $0.sop.definition.id == form["sop"]] },
            "channels": WalkInBody.channels.map { ["id": $0, "label": t["channel-\($0)"] ?? $0, "selected": $0 == chosenChannel] },
            "complaint": form["complaint"] ?? "", "name": form["name"] ?? "", "contact": form["contact"] ?? "",
            "mayRegister": !sops.isEmpty,
        ]
        if let error { extra["error"] = error }
        return render("walkin", request, title: t["walkIn"]!, extra: extra, officer: officer, lang: lang)
    }
}
