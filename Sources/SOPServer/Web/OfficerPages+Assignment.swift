import Hummingbird
import SOPCore

extension OfficerPages {
    /// `POST /kasus/:id/tugas`: claim (`action=claim`), give to a named officer
    /// (`action=assign`, `officer`) or release (`action=release`) the task `step`, then back to
    /// the case page (or the board with `back=papan`); a refusal shows the case page with why.
    func addAssignmentRoutes(to router: Router<SOPRequestContext>) {
        router.post("kasus/:id/tugas") { request, context in
            guard let officer = try await officer(request) else { return Response.redirect(to: "/masuk\(Self.langQuery(request))") }
            let id = try context.parameters.require("id")
            let lang = Self.lang(request)
            do {
                let form = try await Self.form(request, context)
                guard let step = form["step"], !step.isEmpty else {
                    throw APIError(.invalid, "bad-form", lang == "en" ? "The form names no step." : "Formulir tidak menyebut langkah.")
                }
                let version = form["version"].flatMap(Int.init)
                switch form["action"] {
                case "claim":
                    _ = try await api.assign(caseID: id, step: step, to: nil, by: officer, expectedVersion: version)
                case "assign":
                    guard let target = form["officer"], !target.isEmpty else {
                        throw APIError(.invalid, "bad-form", lang == "en" ? "Choose the officer." : "Pilih petugasnya.")
                    }
                    _ = try await api.assign(caseID: id, step: step, to: target, by: officer, expectedVersion: version)
                case "release":
                    _ = try await api.release(caseID: id, step: step, by: officer, expectedVersion: version)
                default:
                    throw APIError(.invalid, "bad-form", "action is claim, assign or release")
                }
                return Response.redirect(to: form["back"] == "papan" ? "/papan?lang=\(lang)" : "/kasus/\(id)?lang=\(lang)")
            } catch {
                let e = APIError.from(error, logger: context.logger)
                var page = try await casePage(request, officer, id: id, error: e.message)
                page.status = e.status
                return page
            }
        }
    }
}
