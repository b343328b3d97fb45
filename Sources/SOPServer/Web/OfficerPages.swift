import Foundation
import Hummingbird
import MultipartKit
import Mustache
import NIOCore
import NIOHTTP1
import SOPCore
import SOPLoader
import SOPStore

/// The officers' web page, server-rendered from Mustache templates and usable without
/// JavaScript: sign in with the token, the task board of one's roles (due, time left in
/// working time, overdue in red), a case page with the timeline against the SOP's standard
/// times, and the form that completes a step with its documents and decision.
struct OfficerPages: Sendable {
    let api: CaseAPI
    let library: MustacheLibrary
    let sessions: SessionStore
    /// The officers as the officers file says now.
    let officers: OfficerDirectory
    /// The pages' stylesheet, served from this origin (the policy allows no inline style).
    let stylesheet: ByteBuffer

    init(api: CaseAPI, officers: OfficerDirectory) throws {
        self.api = api
        self.officers = officers
        sessions = SessionStore(api.config.deployment.sessions, store: (api.config.store as? any WebSessionStore) ?? MemorySessions(),
                                clock: api.config.clock)
        guard let css = Bundle.module.url(forResource: "style", withExtension: "css", subdirectory: "Templates") else {
            throw APIError(.internal, "template", "the stylesheet is missing from the build")
        }
        stylesheet = ByteBuffer(bytes: try Data(contentsOf: css))
        var templates: [String: MustacheTemplate] = [:]
        for name in ["header", "footer", "signin", "board", "case", "refused", "audit", "walkin", "lapor", "lacak"] {
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
            guard let token = form["token"], let officer = officers.officer(token: token) else {
                var r = render("signin", request, title: "Masuk", extra: ["error": lang == "en" ? "Unknown token." : "Token tidak dikenal."], lang: lang)
                r.status = .unauthorized
                return r
            }
            let session = try await sessions.open(officer)
            var response = Response.redirect(to: "/papan?lang=\(lang)")
            response.setCookie(sessionCookie(session, maxAge: api.config.deployment.sessions.maxHours * 3600))
            return response
        }
        router.post("keluar") { request, _ in
            if let s = request.cookies[Self.cookie]?.value { try await sessions.close(s) }
            var response = Response.redirect(to: "/masuk\(Self.langQuery(request))")
            response.setCookie(sessionCookie("", maxAge: 0))
            return response
        }
        router.get("papan") { request, _ in
            guard let officer = try await officer(request) else { return Response.redirect(to: "/masuk\(Self.langQuery(request))") }
            return try await board(request, officer)
        }
        router.get("jejak") { request, _ in
            guard let officer = try await officer(request) else { return Response.redirect(to: "/masuk\(Self.langQuery(request))") }
            return try await auditPage(request, officer)
        }
        addWalkInRoutes(to: router)
        addPublicPages(to: router)
        addAssignmentRoutes(to: router)
        router.get("kasus/:id") { request, context in
            guard let officer = try await officer(request) else { return Response.redirect(to: "/masuk\(Self.langQuery(request))") }
            do {
                return try await casePage(request, officer, id: try context.parameters.require("id"), error: nil)
            } catch let e as APIError where e.code == "role-not-held" {
                return refusedPage(request, message: e.message, status: .forbidden)
            }
        }
        router.get("kasus/:id/dokumen/:sha") { request, context in
            guard let officer = try await officer(request) else { return Response.redirect(to: "/masuk\(Self.langQuery(request))") }
            return try await CaseDocuments.download(api: api, officer: officer, caseID: try context.parameters.require("id"),
                                                    sha: try context.parameters.require("sha"), via: "page", logger: context.logger)
        }
        router.post("kasus/:id/selesai") { request, context in
            guard let officer = try await officer(request) else { return Response.redirect(to: "/masuk\(Self.langQuery(request))") }
            let id = try context.parameters.require("id")
            let lang = Self.lang(request)
            do {
                let (state, machine) = try await api.load(id)
                let parts = try await Self.multipart(request, context)
                func field(_ name: String) -> String? { parts.first { $0.name == name }.map { String(buffer: $0.body) } }
                guard let step = field("step"), let asked = field("role"),
                      api.actingOfficer(officer).roles.contains(asked) || field("onBehalf") == "1" else {
                    throw APIError(.forbidden, "role-not-held", lang == "en" ? "You do not act in this role." : "Anda tidak bertugas sebagai pelaksana ini.")
                }
                // The step must be one the case waits on (several may be); the error names them all.
                let (role, substituteFor) = try api.acting(officer, step: step, requested: asked, onBehalf: field("onBehalf") == "1",
                                                           state: state, machine: machine)
                let outcome = field("outcome").flatMap { $0.isEmpty ? nil : $0 }
                var uploads: [CaseService.Upload] = []
                for part in parts where part.name?.hasPrefix("doc-") == true && part.body.readableBytes > 0 {
                    uploads.append(.init(document: String(part.name!.dropFirst(4)), name: Self.filename(part) ?? "dokumen",
                                         mediaType: part.headers.first(name: "Content-Type") ?? "application/octet-stream",
                                         bytes: Array(buffer: part.body)))
                }
                let reason = try CaseAPI.reason(field("reason"))
                if let definition = machine.definition.step(step) {
                    try Self.checkReason(reason, step: definition, outcome: outcome, lang: lang)
                    await uploads += try reused(state, machine: machine, step: definition, outcome: outcome, uploads: uploads, lang: lang)
                }
                let service = api.service, version = field("version").flatMap(Int.init), chosen = uploads
                _ = try await service.complete(caseID: id, step: step, role: role, actor: officer.id, outcome: outcome,
                                               uploads: chosen, note: reason, expectedVersion: version, substituteFor: substituteFor)
                return Response.redirect(to: "/papan?lang=\(lang)&selesai=\(id)")
            } catch {
                let e = APIError.from(error, logger: context.logger)
                var page = try await casePage(request, officer, id: id, error: e.message)
                page.status = e.status
                return page
            }
        }
    }

    /// A decision that sends the case back (a revision) or ends it needs its reason; any other
    /// may have one.
    static func checkReason(_ reason: String?, step: Step, outcome: String?, lang: String) throws {
        guard reason == nil, let outcome, let o = step.outcomes.first(where: { $0.id == outcome }), o.revision || o.end != nil else { return }
        throw APIError(.invalid, "reason-required", lang == "en" ? "Give the reason for the decision \"\(o.label)\"."
                                                                 : "Tuliskan alasan untuk keputusan \"\(o.label)\".")
    }

    /// The documents a completion needs that the form did not upload but the case already
    /// holds (an output it produced before, the same letter passed on): attached again as
    /// they are, never asked for again. A needed document the case does not hold is refused
    /// here, by its name.
    func reused(_ state: CaseState, machine: CaseMachine, step: Step, outcome: String?, uploads: [CaseService.Upload],
                lang: String) async throws -> [CaseService.Upload] {
        var again: [CaseService.Upload] = []
        var missing: [String] = []
        for document in machine.documentsRequired(state, step: step, outcome: outcome)
        where !uploads.contains(where: { $0.document == document }) {
            if let held = state.latest(document), let bytes = try await api.config.store.document(sha256: held.sha256) {
                again.append(.init(document: document, name: held.name, mediaType: held.mediaType, bytes: bytes))
            } else {
                missing.append(machine.definition.document(document)?.name ?? document)
            }
        }
        guard missing.isEmpty else {
            throw APIError(.invalid, "missing-document", (lang == "en" ? "Upload the required document: " : "Unggah dokumen wajib: ")
                + missing.joined(separator: ", "))
        }
        return again
    }

    // MARK: Pages

    /// The task board: per role the officer acts in (their own and, while they substitute,
    /// those of the officers on leave), every active step of an open case that the role may
    /// complete (a case with parallel branches has a row per branch), with who holds it.
    /// `lihat` narrows it: `saya` the tasks given to the officer (or to one they substitute
    /// for), `terlambat` the overdue ones, `segera` those due within one office day (8 office
    /// hours); `cari` keeps the tasks whose case id, complainant or complaint text contains it.
    func board(_ request: Request, _ officer: Deployment.Officer) async throws -> Response {
        let lang = Self.lang(request)
        let t = WebLabels.table(lang)
        let now = api.config.clock()
        let view = BoardView(rawValue: request.uri.queryParameters.get("lihat") ?? "") ?? .roles
        let search = request.uri.queryParameters.get("cari").map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : String($0.prefix(200)) }
        let acting = api.actingOfficer(officer)
        let absent = api.officers.roster.substituted(by: officer.id, on: api.today())
        let mine = Set([officer.id] + absent.map(\.id))
        var groups: [(role: String?, rows: [[String: Any]])] = view == .roles ? acting.roles.map { ($0, []) } : [(nil, [])]
        var seen = Set<String>()
        var matched: [String: Bool] = [:]
        for role in acting.roles {
            for item in try await api.listed(CaseQuery(status: .open, role: role), now: now) {
                guard let state = item.state, let machine = item.machine else { continue }
                let offset = machine.calendar.utcOffsetSeconds
                let judged = state.pausedAt.map { min($0, now) } ?? now
                for record in state.activeSteps where CaseAPI.mayAct(role, on: record, machine: machine) {
                    let applicantStep = machine.isApplicantStep(record.step)
                    let waiting = state.isWaitingOnApplicant && !applicantStep
                    let overdue = !waiting && !applicantStep && record.due.map { machine.calendar.isOverdue(due: $0, at: judged) } == true
                    var left = "—"
                    var soon = false
                    if waiting, let paused = state.pausedAt {
                        left = "\(t["waitingShort"]!) — \(t["clockStopped"]!) (\(Self.local(paused, offset)))"
                    } else if let due = record.due, let e = try? machine.calendar.elapsed(from: min(now, due), to: max(now, due)) {
                        left = WebLabels.duration(minutes: e.officeSeconds / 60, lang: lang)
                        soon = !overdue && !applicantStep && e.officeSeconds <= Self.dueSoonOfficeSeconds
                    }
                    switch view {
                    case .roles: break
                    case .mine: guard let a = record.assignee, mine.contains(a) else { continue }
                    case .overdue: guard overdue else { continue }
                    case .soon: guard soon else { continue }
                    }
                    if view != .roles { guard seen.insert("\(state.caseID)|\(record.step)").inserted else { continue } }
                    if let search {
                        if matched[state.caseID] == nil { matched[state.caseID] = await matches(state, search) }
                        guard matched[state.caseID] == true else { continue }
                    }
                    var row: [String: Any] = ["caseID": state.caseID, "stepID": record.step,
                                              "step": machine.definition.step(record.step)?.activity ?? record.step,
                                              "due": record.due.map { Self.local($0, offset) } ?? "—", "overdue": overdue, "waiting": waiting,
                                              "timeLeft": left, "version": state.version]
                    if let a = record.assignee {
                        row["assignee"] = actorName(a, lang: lang)
                        row["assigneeID"] = a
                        if let f = record.substituteFor { row["substituteFor"] = actorName(f, lang: lang) }
                    } else if !applicantStep {
                        row["claimable"] = true
                    }
                    let k = view == .roles ? groups.firstIndex { $0.role == role }! : 0
                    groups[k].rows.append(row)
                }
            }
        }
        let queues: [[String: Any]] = groups.map { g in
            let title = g.role.map { r in api.config.sops.lazy.compactMap { $0.definition.role(r)?.title }.first ?? r } ?? view.title(t)
            return ["role": g.role ?? view.rawValue, "roleTitle": title, "count": g.rows.count, "cases": g.rows, "hasCases": !g.rows.isEmpty]
        }
        var extra: [String: Any] = ["queues": queues, "search": search ?? "", "views": BoardView.allCases.map { v in
            ["id": v.rawValue, "title": v.title(t), "current": v == view]
        }, "view": view.rawValue]
        if !absent.isEmpty { extra["substituting"] = absent.map(\.name).joined(separator: ", ") }
        if let done = request.uri.queryParameters.get("selesai") {
            extra["notice"] = lang == "en" ? "Step completed for case \(done)." : "Langkah kasus \(done) telah diselesaikan."
        }
        return render("board", request, title: t["board"]!, extra: extra, officer: officer)
    }

    /// What the board shows (`?lihat=`).
    enum BoardView: String, CaseIterable {
        case roles = "peran", mine = "saya", overdue = "terlambat", soon = "segera"

        func title(_ t: [String: String]) -> String {
            switch self {
            case .roles: t["viewRoles"]!
            case .mine: t["viewMine"]!
            case .overdue: t["viewOverdue"]!
            case .soon: t["viewSoon"]!
            }
        }
    }

    /// "Due soon": within one office day of working time.
    static let dueSoonOfficeSeconds: Int64 = 8 * 3600

    /// Whether the case's id, or the text of one of its short text documents (the complaint
    /// with the complainant's name and contact), contains `text`, ignoring case and accents.
    func matches(_ state: CaseState, _ text: String) async -> Bool {
        let options: String.CompareOptions = [.caseInsensitive, .diacriticInsensitive]
        if state.caseID.range(of: text, options: options) != nil { return true }
        var read = Set<String>()
        for a in state.attachments where read.insert(a.sha256).inserted {
            if let body = await CaseDocuments.inlineText(a, store: api.config.store), body.range(of: text, options: options) != nil { return true }
        }
        return false
    }

    /// A case: how it stands (waiting on the applicant with the clock stopped, or how it
    /// ended), every active step with its due and timers, a completion form for each one the
    /// officer may complete, the timeline and the documents.
    func casePage(_ request: Request, _ officer: Deployment.Officer, id: String, error: String?) async throws -> Response {
        let lang = Self.lang(request)
        let t = WebLabels.table(lang)
        let now = api.config.clock()
        let (state, machine) = try await api.load(id)
        // The page shows the complaint and every document inline: for officers with a role on
        // the case only, as the downloads are (``CaseDocuments/hasRole(_:state:machine:)``).
        guard CaseDocuments.hasRole(api.actingOfficer(officer), state: state, machine: machine) else {
            throw APIError(.forbidden, "role-not-held", lang == "en" ? "You hold no role on case \(id)."
                                                                     : "Anda tidak memegang peran pada kasus \(id).")
        }
        let sop = machine.definition, offset = machine.calendar.utcOffsetSeconds
        func roleTitle(_ r: String) -> String { sop.role(r)?.title ?? r }
        let reasons = Self.reasons((try? await api.config.store.events(caseID: id)) ?? [])
        let timeline: [[String: Any]] = state.history.map { r in
            let step = sop.step(r.step)
            var row: [String: Any] = [
                "no": step?.number ?? 0, "step": step?.activity ?? r.step, "role": roleTitle(r.role ?? step?.actor ?? ""),
                "standard": WebLabels.standard(step?.time, lang: lang),
                "started": Self.local(r.activatedAt, offset), "due": r.due.map { Self.local($0, offset) } ?? "—",
                "completed": r.completedAt.map { Self.local($0, offset) } ?? "—",
                "taken": r.officeSeconds.map { WebLabels.duration(minutes: $0 / 60, lang: lang) } ?? "—",
                "outcome": r.outcome.map { o in " · " + (step?.outcomes.first { $0.id == o }?.label ?? o) } ?? "",
            ]
            if r.round > 0 { row["round"] = r.round }
            if let actor = r.actor { row["actorName"] = actorName(actor, lang: lang) }
            if let at = r.completedAt, let reason = reasons[ReasonKey(step: r.step, at: at.secondsSinceEpoch, actor: r.actor)] {
                row["reason"] = reason
            }
            if r.automatic { row["automatic"] = true }
            if let f = r.substituteFor { row["substituteFor"] = actorName(f, lang: lang) }
            if CaseAPI.isOnBehalf(r, sop) { row["onBehalf"] = true }
            if r.onTime == true { row["onTime"] = true }
            if r.onTime == false { row["late"] = true }
            return row
        }
        // Each document with its download link; a short text (the complaint) shown inline once.
        var shownText = Set<String>()
        var documents: [[String: Any]] = []
        for a in state.attachmentsByDocument {
            var item: [String: Any] = ["name": sop.document(a.document)?.name ?? a.document, "file": a.name,
                                       "size": WebLabels.size(a.size, lang: lang), "href": CaseDocuments.pageHref(caseID: id, sha: a.sha256),
                                       "sha": String(a.sha256.prefix(12))]
            if shownText.insert(a.sha256).inserted, let text = await CaseDocuments.inlineText(a, store: api.config.store) { item["text"] = text }
            documents.append(item)
        }
        var extra: [String: Any] = [
            "caseID": id, "sopName": "\(sop.identity.name) — \(sop.identity.agency.regency)",
            "status": state.status == .open ? t["statusOpen"]! : t["statusClosed"]!, "statusID": state.status.rawValue,
            "openedAt": Self.local(state.openedAt, offset), "timeline": timeline, "documents": documents,
        ]
        // The reminders and escalations sent for the case (the outbox), with how each stands.
        if let outbox = api.config.store as? any NotificationStore, let sent = try? await outbox.deliveries(caseID: id), !sent.isEmpty {
            extra["hasNotifications"] = true
            extra["notifications"] = sent.map { d -> [String: Any] in
                var row: [String: Any] = [
                    "subject": d.subject, "channel": d.channel == .email ? t["notifyEmail"]! : t["notifyWebhook"]!,
                    "to": d.officer.map { actorName($0, lang: lang) } ?? "—", "attempts": d.attempts,
                    "status": d.status == .sent ? t["notifySent"]! : d.status == .failed ? t["notifyFailed"]! : t["notifyPending"]!,
                    "when": (d.sentAt ?? d.failedAt ?? d.nextAttemptAt).localMinute(utcOffsetSeconds: offset),
                ]
                if d.status != .sent, let e = d.lastError { row["error"] = String(e.prefix { $0 != ":" }) }
                if d.status == .failed { row["failed"] = true }
                return row
            }
        }
        if let due = state.due { extra["due"] = Self.local(due, offset) }
        if let error { extra["error"] = error }
        if request.uri.queryParameters.get("baru") != nil, error == nil, let first = state.history.first, CaseAPI.isOnBehalf(first, sop) {
            extra["notice"] = lang == "en" ? "Complaint registered. Give the complainant the tracking code \(id)."
                                           : "Pengaduan tercatat. Berikan kode pelacakan \(id) kepada pengadu."
        }
        if state.status == .closed { extra["ending"] = WebLabels.ending(state, sop, lang: lang) }
        if state.isWaitingOnApplicant, let paused = state.pausedAt { extra["waitingSince"] = Self.local(paused, offset) }
        if let times = CaseView.officeTimes(state, calendar: machine.calendar, now: now) {
            extra["agencyTime"] = WebLabels.duration(minutes: times.agency / 60, lang: lang)
            extra["applicantTime"] = WebLabels.duration(minutes: times.applicant / 60, lang: lang)
        }
        let judged = state.pausedAt.map { min($0, now) } ?? now
        let pending = machine.pendingTimers(state)
        var active: [[String: Any]] = []
        var forms: [[String: Any]] = []
        for record in state.activeSteps {
            guard let step = sop.step(record.step) else { continue }
            let applicantStep = machine.isApplicantStep(step.id)
            let waiting = state.isWaitingOnApplicant && !applicantStep
            var roles = step.actors
            for r in record.escalatedTo where !roles.contains(r) { roles.append(r) }
            let timers: [[String: Any]] = pending.filter { $0.step == step.id && $0.timer < step.timers.count }.map {
                ["at": Self.local($0.at, offset), "what": WebLabels.timer(step.timers[$0.timer], sop, step: step, lang: lang)]
            }
            let requirements: [[String: Any]] = step.requirements.map {
                var item: [String: Any] = ["kind": lang == "en" ? $0.kind.rawValue : $0.kind.indonesian, "name": $0.name]
                if let note = $0.note, !note.isEmpty { item["note"] = note }
                return item
            }
            var row: [String: Any] = [
                "stepID": step.id, "no": step.number, "step": step.activity, "roles": roles.map(roleTitle).joined(separator: ", "),
                "standard": WebLabels.standard(step.time, lang: lang), "due": record.due.map { Self.local($0, offset) } ?? "—",
                "started": Self.local(record.activatedAt, offset), "timers": timers, "requirements": requirements,
            ]
            if applicantStep { row["applicantStep"] = true }
            if waiting { row["waiting"] = true }
            if !waiting, !applicantStep, let due = record.due, machine.calendar.isOverdue(due: due, at: judged) { row["overdue"] = true }
            let acting = api.actingOfficer(officer)
            let mayAct = !applicantStep && acting.roles.contains { CaseAPI.mayAct($0, on: record, machine: machine) }
            let absent = api.officers.roster.substituted(by: officer.id, on: api.today()).map(\.id)
            let holdsIt = record.assignee.map { $0 == officer.id || absent.contains($0) } ?? true
            if let a = record.assignee {
                row["assignee"] = actorName(a, lang: lang)
                row["assigneeID"] = a
                if let f = record.substituteFor { row["substituteFor"] = actorName(f, lang: lang) }
                if a == officer.id { row["mine"] = true }
            }
            if mayAct {
                row["version"] = state.version
                if record.assignee == nil { row["claimable"] = true } else { row["releasable"] = true }
                let candidates = api.officers.roster.officers.filter { o in
                    o.id != record.assignee && o.leave(on: api.today()) == nil
                        && o.roles.contains { CaseAPI.mayAct($0, on: record, machine: machine) }
                }.sorted { $0.name < $1.name }
                if !candidates.isEmpty {
                    row["candidates"] = candidates.map { ["id": $0.id, "name": $0.name] }
                    row["hasCandidates"] = true
                }
            }
            if mayAct, !holdsIt { row["othersTask"] = true }
            active.append(row)
            guard holdsIt else { continue }
            if let role = acting.roles.first(where: { CaseAPI.mayAct($0, on: record, machine: machine) }) {
                forms.append(completionForm(state, machine: machine, step: step, role: role, lang: lang, requirements: requirements))
            } else if let lane = sop.representedLane(of: step, by: officer.roles) {
                // The citizen's step, done at the counter on the citizen's behalf.
                var form = completionForm(state, machine: machine, step: step, role: lane, lang: lang, requirements: requirements)
                form["onBehalf"] = true
                forms.append(form)
            }
        }
        extra["activeSteps"] = active
        extra["hasActive"] = !active.isEmpty
        extra["forms"] = forms
        extra["hasDocuments"] = !documents.isEmpty
        return render("case", request, title: "\(t["case"]!) \(id)", extra: extra, officer: officer)
    }

    /// The completion form of `step`: the decision in a fieldset, the reason (required for an
    /// outcome that sends the case back or ends it), and the documents in a fieldset: those the
    /// case holds shown and reused (a new file optional), the others asked for by name, "(wajib)"
    /// only when every outcome needs them, else naming the outcomes that do.
    func completionForm(_ state: CaseState, machine: CaseMachine, step: Step, role: String, lang: String,
                        requirements: [[String: Any]]) -> [String: Any] {
        let t = WebLabels.table(lang)
        let sop = machine.definition
        // Which outcomes (none for a task) need each document.
        let choices: [String?] = step.kind == .decision && !step.outcomes.isEmpty ? step.outcomes.map { Optional($0.id) } : [nil]
        let neededBy: [String: [String?]] = choices.reduce(into: [:]) { into, o in
            for d in machine.documentsRequired(state, step: step, outcome: o) { into[d, default: []].append(o) }
        }
        var uploads: [[String: Any]] = []
        var listed = Set<String>()
        func add(_ ref: DocumentRef) {
            guard listed.insert(ref.document).inserted else { return }
            let name = sop.document(ref.document)?.name ?? ref.document
            var item: [String: Any] = ["id": ref.document, "name": name]
            if let held = state.latest(ref.document) {
                item["held"] = ["file": held.name, "size": WebLabels.size(held.size, lang: lang),
                                "href": CaseDocuments.pageHref(caseID: state.caseID, sha: held.sha256)]
                // An output may be made anew (a second round's report); an input held is only reused.
                if step.outputs.contains(where: { $0.document == ref.document }) { item["replaceable"] = true }
            } else if let by = neededBy[ref.document] {
                if by.count == choices.count {
                    item["required"] = true
                } else {
                    let labels = by.compactMap { o in step.outcomes.first { $0.id == o }?.label }
                    item["requiredFor"] = labels.joined(separator: ", ")
                }
            }
            if let condition = ref.condition, !condition.isEmpty { item["condition"] = condition }
            if item["held"] == nil || item["replaceable"] != nil { item["input"] = true }
            uploads.append(item)
        }
        for ref in step.inputs { add(ref) }
        for ref in step.outputs { add(ref) }
        let outcomes: [[String: Any]] = step.outcomes.map { o in
            var item: [String: Any] = ["id": o.id, "label": o.label]
            if let end = o.end { item["ends"] = end }
            return item
        }
        var form: [String: Any] = ["stepTitle": step.activity, "step": step.id, "role": role, "version": state.version,
                                   "caseID": state.caseID, "uploads": uploads, "hasUploads": !uploads.isEmpty,
                                   "outcomes": outcomes, "hasOutcomes": !outcomes.isEmpty,
                                   "requirements": requirements, "hasRequirements": !requirements.isEmpty, "lang": lang]
        let needReason = step.outcomes.filter { $0.revision || $0.end != nil }.map(\.label)
        form["reasonLabel"] = step.kind == .decision ? t["reason"]! : t["note"]!
        if !needReason.isEmpty { form["reasonRequiredFor"] = needReason.joined(separator: ", ") }
        return form
    }

    /// Who acted, as the page names them: the officer's name in the deployment (else the id),
    /// the public for an online filing.
    func actorName(_ actor: String, lang: String) -> String {
        if actor == CaseAPI.publicActor { return WebLabels.table(lang)["publicActor"]! }
        return (api.officers.officer(id: actor) ?? api.config.deployment.officers.first { $0.id == actor })?.name ?? actor
    }

    /// A completion's reason: the note written first in the same write (same time and actor)
    /// as the completion (``CaseMachine/complete(_:step:role:actor:outcome:attachments:note:at:)``).
    struct ReasonKey: Hashable {
        var step: String
        var at: Int64
        var actor: String?
    }

    static func reasons(_ events: [RecordedEvent]) -> [ReasonKey: String] {
        var out: [ReasonKey: String] = [:]
        for (k, e) in events.enumerated() {
            guard case .note(let note) = e.event else { continue }
            for next in events[(k + 1)...] {
                guard next.at == e.at, next.actor == e.actor else { break }
                if case .stepCompleted(let c) = next.event {
                    out[ReasonKey(step: c.step, at: e.at.secondsSinceEpoch, actor: e.actor)] = note.text
                    break
                }
            }
        }
        return out
    }

    func render(_ template: String, _ request: Request, title: String, extra: [String: Any], officer: Deployment.Officer? = nil,
                lang given: String? = nil) -> Response {
        let lang = given ?? Self.lang(request)
        var context: [String: Any] = ["lang": lang, "t": WebLabels.table(lang), "title": title, "agency": api.config.deployment.agency,
                                      "langID": Self.sameQuery(request, lang: "id"), "langEN": Self.sameQuery(request, lang: "en")]
        if let officer { context["officer"] = ["name": officer.name, "roles": officer.roles.joined(separator: ", ")] }
        // Every form's hidden `csrf` field (see ``CSRF``); a browser without a cookie to bind it to gets one.
        let csrf = CSRF.token(for: request)
        context["csrf"] = csrf.token
        for (k, v) in extra { context[k] = v }
        let html = library.render(context, withTemplate: template) ?? ""
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        var response = Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
        if let value = csrf.newCookie {
            response.setCookie(Cookie(name: CSRF.cookie, value: value, path: "/", secure: api.config.deployment.secureCookies,
                                      httpOnly: true, sameSite: .strict))
        }
        return response
    }

    /// The 403 page of a form posted without its CSRF value (Indonesian unless `?lang=en`).
    func refusedForm(_ request: Request) -> Response { refusedPage(request, message: nil, status: .forbidden) }

    /// A refusal as a page: `message`, or the CSRF refusal's text when nil.
    func refusedPage(_ request: Request, message: String?, status: HTTPResponse.Status) -> Response {
        let t = WebLabels.table(Self.lang(request))
        var response = render("refused", request, title: message == nil ? t["refusedTitle"]! : t["accessRefused"]!,
                              extra: message.map { ["message": $0] } ?? [:])
        response.status = status
        return response
    }

    // MARK: Helpers

    func officer(_ request: Request) async throws -> Deployment.Officer? {
        guard let s = request.cookies[Self.cookie]?.value else { return nil }
        return try await sessions.officer(s, in: officers.roster)
    }

    static func lang(_ request: Request) -> String { request.uri.queryParameters.get("lang") == "en" ? "en" : "id" }

    static func langQuery(_ request: Request) -> String { "?lang=\(lang(request))" }

    /// This page's query (the code being tracked, the board's view) in `lang`.
    static func sameQuery(_ request: Request, lang: String) -> String {
        var items = (URLComponents(string: "/?" + (request.uri.query ?? ""))?.queryItems ?? []).filter { $0.name != "lang" && $0.name != "baru" }
        items.append(URLQueryItem(name: "lang", value: lang))
        var c = URLComponents()
        c.queryItems = items
        return c.percentEncodedQuery.map { "?" + $0 } ?? "?lang=\(lang)"
    }

    static func local(_ i: Instant, _ offset: Int) -> String { i.localMinute(utcOffsetSeconds: offset) }

    static func form(_ request: Request, _ context: SOPRequestContext) async throws -> [String: String] {
        let buffer = try await request.body.collect(upTo: 256 << 10)  // a 20,000-character complaint, percent-encoded
        do {
            return try URLEncodedFormDecoder().decode([String: String].self, from: String(buffer: buffer))
        } catch {
            throw APIError(.invalid, "bad-form", "the form must be URL-encoded fields, each given once")
        }
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
