import Foundation
import Hummingbird
import MultipartKit
import Mustache
import NIOCore
import NIOHTTP1
import SOPCore
import SOPStore

/// The officers' web page, server-rendered from Mustache templates and usable without
/// JavaScript: sign in with the token, the task board of one's roles (due, time left in
/// working time, overdue in red), a case page with the timeline against the SOP's standard
/// times, and the form that completes a step with its documents and decision.
struct OfficerPages: Sendable {
    let api: CaseAPI
    let library: MustacheLibrary
    let sessions: SessionStore
    /// The pages' stylesheet, served from this origin (the policy allows no inline style).
    let stylesheet: ByteBuffer

    init(api: CaseAPI) throws {
        self.api = api
        sessions = SessionStore(api.config.deployment.sessions, clock: api.config.clock)
        guard let css = Bundle.module.url(forResource: "style", withExtension: "css", subdirectory: "Templates") else {
            throw APIError(.internal, "template", "the stylesheet is missing from the build")
        }
        stylesheet = ByteBuffer(bytes: try Data(contentsOf: css))
        var templates: [String: MustacheTemplate] = [:]
        for name in ["header", "footer", "signin", "board", "case"] {
            guard let url = Bundle.module.url(forResource: name, withExtension: "mustache", subdirectory: "Templates") else {
                throw APIError(.internal, "template", "template \(name) is missing from the build")
            }
            templates[name] = try MustacheTemplate(string: String(contentsOf: url, encoding: .utf8))
        }
        library = MustacheLibrary(templates: templates)
    }

    static let cookie = "sop_session"

    /// The session cookie: HttpOnly, SameSite=Strict, Secure over TLS, and no longer than a session lives.
    func sessionCookie(_ value: String, maxAge: Int) -> Cookie {
        Cookie(name: Self.cookie, value: value, maxAge: maxAge, path: "/", secure: api.config.deployment.secureCookies,
               httpOnly: true, sameSite: .strict)
    }

    func add(to router: Router<SOPRequestContext>) {
        router.get("style.css") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/css; charset=utf-8"
            headers[.cacheControl] = "public, max-age=3600"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: stylesheet))
        }
        router.get("/") { request, _ in Response.redirect(to: "/papan\(Self.langQuery(request))") }
        router.get("masuk") { request, _ in render("signin", request, title: "Masuk", extra: [:]) }
        router.post("masuk") { request, context in
            let form = try await Self.form(request, context)
            let lang = form["lang"] == "en" ? "en" : "id"
            guard let token = form["token"], let officer = api.config.deployment.officer(token: token) else {
                var r = render("signin", request, title: "Masuk", extra: ["error": lang == "en" ? "Unknown token." : "Token tidak dikenal."], lang: lang)
                r.status = .unauthorized
                return r
            }
            let session = await sessions.open(officer.id)
            var response = Response.redirect(to: "/papan?lang=\(lang)")
            response.setCookie(sessionCookie(session, maxAge: api.config.deployment.sessions.maxHours * 3600))
            return response
        }
        router.post("keluar") { request, _ in
            if let s = request.cookies[Self.cookie]?.value { await sessions.close(s) }
            var response = Response.redirect(to: "/masuk\(Self.langQuery(request))")
            response.setCookie(sessionCookie("", maxAge: 0))
            return response
        }
        router.get("papan") { request, _ in
            guard let officer = await officer(request) else { return Response.redirect(to: "/masuk\(Self.langQuery(request))") }
            return try board(request, officer)
        }
        router.get("kasus/:id") { request, context in
            guard let officer = await officer(request) else { return Response.redirect(to: "/masuk\(Self.langQuery(request))") }
            return try casePage(request, officer, id: try context.parameters.require("id"), error: nil)
        }
        router.post("kasus/:id/selesai") { request, context in
            guard let officer = await officer(request) else { return Response.redirect(to: "/masuk\(Self.langQuery(request))") }
            let id = try context.parameters.require("id")
            let lang = Self.lang(request)
            do {
                _ = try api.load(id)
                let parts = try await Self.multipart(request, context)
                func field(_ name: String) -> String? { parts.first { $0.name == name }.map { String(buffer: $0.body) } }
                guard let step = field("step"), let role = field("role"), officer.roles.contains(role) else {
                    throw APIError(.forbidden, "role-not-held", lang == "en" ? "You do not act in this role." : "Anda tidak bertugas sebagai pelaksana ini.")
                }
                var uploads: [CaseService.Upload] = []
                for part in parts where part.name?.hasPrefix("doc-") == true && part.body.readableBytes > 0 {
                    uploads.append(.init(document: String(part.name!.dropFirst(4)), name: Self.filename(part) ?? "dokumen",
                                         mediaType: part.headers.first(name: "Content-Type") ?? "application/octet-stream",
                                         bytes: Array(buffer: part.body)))
                }
                try api.service.complete(caseID: id, step: step, role: role, actor: officer.id, outcome: field("outcome").flatMap { $0.isEmpty ? nil : $0 },
                                         uploads: uploads, expectedVersion: field("version").flatMap(Int.init))
                return Response.redirect(to: "/papan?lang=\(lang)&selesai=\(id)")
            } catch {
                let e = APIError.from(error, logger: context.logger)
                var page = try casePage(request, officer, id: id, error: e.message)
                page.status = e.status
                return page
            }
        }
    }

    // MARK: Pages

    func board(_ request: Request, _ officer: Deployment.Officer) throws -> Response {
        let lang = Self.lang(request)
        let now = api.config.clock()
        var queues: [[String: Any]] = []
        for role in officer.roles {
            let summaries = try api.config.store.cases(api.scoped(CaseQuery(status: .open, role: role)))
            var cases: [[String: Any]] = []
            for s in summaries {
                guard let sop = api.config.sops.first(where: { $0.hash == s.definitionHash }) ?? api.config.sop(s.sopID) else { continue }
                let calendar = api.calendar(sop)
                let offset = sop.calendar.utcOffsetSeconds
                let overdue = s.isOverdue(at: now, calendar: calendar)
                var left = "—"
                if let due = s.activeDue, let e = try? calendar.elapsed(from: min(now, due), to: max(now, due)) {
                    left = WebLabels.duration(minutes: e.officeSeconds / 60, lang: lang)
                }
                cases.append(["caseID": s.caseID, "step": sop.definition.step(s.activeStep ?? "")?.activity ?? (s.activeStep ?? ""),
                              "due": s.activeDue.map { Self.local($0, offset) } ?? "—", "overdue": overdue, "timeLeft": left])
            }
            let title = api.config.sops.lazy.compactMap { $0.definition.role(role)?.title }.first ?? role
            queues.append(["role": role, "roleTitle": title, "count": cases.count, "cases": cases, "hasCases": !cases.isEmpty])
        }
        var extra: [String: Any] = ["queues": queues]
        if let done = request.uri.queryParameters.get("selesai") {
            extra["notice"] = lang == "en" ? "Step completed for case \(done)." : "Langkah kasus \(done) telah diselesaikan."
        }
        return render("board", request, title: WebLabels.table(lang)["board"]!, extra: extra, officer: officer)
    }

    func casePage(_ request: Request, _ officer: Deployment.Officer, id: String, error: String?) throws -> Response {
        let lang = Self.lang(request)
        let (state, machine) = try api.load(id)
        let sop = machine.definition, offset = machine.calendar.utcOffsetSeconds
        let timeline: [[String: Any]] = state.history.map { r in
            let step = sop.step(r.step)
            var row: [String: Any] = [
                "no": step?.number ?? 0, "step": step?.activity ?? r.step, "role": sop.role(r.role ?? step?.actor ?? "")?.title ?? "",
                "standard": step?.time.map { "\($0.value) \(lang == "en" ? $0.unit.rawValue : $0.unit.indonesian)" } ?? "—",
                "started": Self.local(r.activatedAt, offset), "due": r.due.map { Self.local($0, offset) } ?? "—",
                "completed": r.completedAt.map { Self.local($0, offset) } ?? "—",
                "taken": r.officeSeconds.map { WebLabels.duration(minutes: $0 / 60, lang: lang) } ?? "—",
                "outcome": r.outcome.map { o in " · " + (step?.outcomes.first { $0.id == o }?.label ?? o) } ?? "",
            ]
            if r.round > 0 { row["round"] = r.round }
            if r.onTime == true { row["onTime"] = true }
            if r.onTime == false { row["late"] = true }
            return row
        }
        let documents: [[String: Any]] = state.documents.keys.sorted().flatMap { key in
            state.documents[key]!.map { ["name": sop.document($0.document)?.name ?? $0.document, "file": $0.name, "size": $0.size] }
        }
        var extra: [String: Any] = [
            "caseID": id, "sopName": "\(sop.identity.name) — \(sop.identity.agency.regency)", "status": state.status.rawValue,
            "openedAt": Self.local(state.openedAt, offset), "timeline": timeline, "documents": documents,
        ]
        if let due = state.due { extra["due"] = Self.local(due, offset) }
        if let error { extra["error"] = error }
        if let active = state.active, let step = sop.step(active.step), officer.roles.contains(step.actor) {
            var uploads: [[String: Any]] = []
            for ref in step.inputs where state.documents[ref.document] == nil {
                uploads.append(["id": ref.document, "name": sop.document(ref.document)?.name ?? ref.document, "required": !ref.isConditional,
                                "condition": ref.condition ?? ""])
            }
            for ref in step.outputs {
                uploads.append(["id": ref.document, "name": sop.document(ref.document)?.name ?? ref.document, "required": !ref.isConditional,
                                "condition": ref.condition ?? ""])
            }
            extra["form"] = ["stepTitle": step.activity, "step": step.id, "role": step.actor, "version": state.version, "caseID": id,
                             "uploads": uploads, "outcomes": step.outcomes.map { ["id": $0.id, "label": $0.label] }, "lang": lang]
        }
        return render("case", request, title: "\(WebLabels.table(lang)["case"]!) \(id)", extra: extra, officer: officer)
    }

    func render(_ template: String, _ request: Request, title: String, extra: [String: Any], officer: Deployment.Officer? = nil,
                lang given: String? = nil) -> Response {
        let lang = given ?? Self.lang(request)
        var context: [String: Any] = ["lang": lang, "t": WebLabels.table(lang), "title": title, "agency": api.config.deployment.agency]
        if let officer { context["officer"] = ["name": officer.name, "roles": officer.roles.joined(separator: ", ")] }
        for (k, v) in extra { context[k] = v }
        let html = library.render(context, withTemplate: template) ?? ""
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    // MARK: Helpers

    func officer(_ request: Request) async -> Deployment.Officer? {
        guard let s = request.cookies[Self.cookie]?.value, let id = await sessions.officer(s) else { return nil }
        return api.config.deployment.officers.first { $0.id == id }
    }

    static func lang(_ request: Request) -> String { request.uri.queryParameters.get("lang") == "en" ? "en" : "id" }

    static func langQuery(_ request: Request) -> String { "?lang=\(lang(request))" }

    static func local(_ i: Instant, _ offset: Int) -> String { i.localMinute(utcOffsetSeconds: offset) }

    static func form(_ request: Request, _ context: SOPRequestContext) async throws -> [String: String] {
        let buffer = try await request.body.collect(upTo: 64 << 10)
        struct Fields: Decodable { var token: String?; var lang: String? }
        let fields = try URLEncodedFormDecoder().decode(Fields.self, from: String(buffer: buffer))
        var out: [String: String] = [:]
        out["token"] = fields.token
        out["lang"] = fields.lang
        return out
    }

    static func multipart(_ request: Request, _ context: SOPRequestContext) async throws -> [MultipartPart] {
        guard let type = request.headers[.contentType], let range = type.range(of: "boundary=") else {
            throw APIError(.invalid, "bad-form", "the form must be sent as multipart/form-data")
        }
        let boundary = String(type[range.upperBound...]).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        let parser = MultipartParser(boundary: boundary)
        var parts: [MultipartPart] = []
        var headers = HTTPHeaders()
        var body = ByteBuffer()
        parser.onHeader = { name, value in headers.add(name: name, value: value) }
        parser.onBody = { chunk in body.writeBuffer(&chunk) }
        parser.onPartComplete = {
            parts.append(MultipartPart(headers: headers, body: body))
            headers = HTTPHeaders()
            body = ByteBuffer()
        }
        do { try parser.execute(buffer) } catch { throw APIError(.invalid, "bad-form", "the form could not be read") }
        return parts
    }

    static func filename(_ part: MultipartPart) -> String? {
        guard let disposition = part.headers.first(name: "Content-Disposition"), let r = disposition.range(of: "filename=\"") else { return nil }
        let rest = disposition[r.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }
}
