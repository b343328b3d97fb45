import Foundation
import Hummingbird
import SOPCore
import SOPLoader
import SOPStore

/// The JSON API over ``CaseService``: SOPs (read), cases (open, list, get with timeline,
/// complete a step with documents), task queues per role, overdue cases, and the public side
/// (file a complaint, follow it with its tracking code).
struct CaseAPI: Sendable {
    let config: ServerConfig
    let service: CaseService
    /// The public side's budgets (filing per address, tracking per code, guessing per address).
    let gate: PublicGate
    let queues = QueueCache()
    /// Each SOP's calendar compiled once, by definition hash (compiling one takes milliseconds).
    let calendars: [String: WorkingCalendar]
    /// The same calendars by SOP id: a published revision keeps its SOP's calendar.
    let sopCalendars: [String: WorkingCalendar]
    /// The officers as the officers file says now: who may hold a task, who is on leave.
    let officers: OfficerDirectory

    init(config: ServerConfig, officers: OfficerDirectory) {
        self.config = config
        self.officers = officers
        let queues = self.queues
        // Every write through this server makes cached queues stale at once.
        service = CaseService(store: config.store, clock: config.clock, documentLimit: config.deployment.documentLimit,
                              observer: { events in
                                  queues.invalidate()
                                  ServerMetrics.record(events)
                              })
        gate = PublicGate(filing: .init(limit: config.deployment.publicRateLimit.requests,
                                        window: Int64(config.deployment.publicRateLimit.perSeconds)))
        let compiled = config.sops.map { ($0, WorkingCalendar($0.calendar)) }
        calendars = Dictionary(compiled.map { ($0.0.hash, $0.1) }, uniquingKeysWith: { a, _ in a })
        sopCalendars = Dictionary(compiled.map { ($0.0.definition.id, $0.1) }, uniquingKeysWith: { a, _ in a })
    }

    func calendar(_ sop: ServerConfig.LoadedSOP) -> WorkingCalendar {
        calendars[sop.hash] ?? sopCalendars[sop.definition.id].flatMap { $0.definition == sop.calendar ? $0 : nil } ?? WorkingCalendar(sop.calendar)
    }

    /// The calendar a listed case is judged on: its definition's, or its SOP's for a case pinned
    /// to an earlier revision (as the board finds it), so "overdue" follows one rule for both.
    func calendar(of summary: CaseSummary) -> WorkingCalendar? {
        calendars[summary.definitionHash] ?? config.sop(summary.sopID).map(calendar)
    }

    /// Overdue by each SOP's own calendar.
    func overdueFilter(at now: Instant) -> OverdueFilter {
        OverdueFilter(now: now, calendars: config.sops.map { ($0.definition.id, calendar($0)) })
    }

    var offset: Int { config.sops.first?.calendar.utcOffsetSeconds ?? 7 * 3600 }

    // MARK: Officers

    func addOfficerRoutes(to group: RouterGroup<SOPRequestContext>) async {
        group.get("sops") { _, _ in
            config.sops.map {
                SOPListItem(id: $0.definition.id, name: $0.definition.identity.name, regency: $0.definition.identity.agency.regency,
                            number: $0.definition.identity.number, hash: $0.hash, steps: $0.definition.steps.count,
                            roles: $0.definition.roles.map(\.id))
            }
        }
        group.get("sops/:id") { _, context in
            let id = try context.parameters.require("id")
            guard let sop = config.sop(id) else { throw APIError(.notFound, "unknown-sop", "no SOP '\(id)' in this deployment") }
            return SOPView(hash: sop.hash, definition: sop.definition)
        }
        group.post("cases") { request, context in
            let body = try await request.decode(as: OpenCaseBody.self, context: context)
            guard let sop = config.sop(body.sop) else {
                throw APIError(.invalid, "unknown-sop", "no SOP '\(body.sop)' in this deployment: \(config.sops.map(\.definition.id).joined(separator: ", "))")
            }
            if let walkIn = body.onBehalf {
                let officer = context.officer!
                guard body.caseID == nil, body.documents == nil else {
                    throw APIError(.invalid, "bad-request", "a complaint taken on the citizen's behalf gets a tracking code and its documents from the complaint: give neither caseID nor documents")
                }
                if let channel = walkIn.channel, !WalkInBody.channels.contains(channel) {
                    throw APIError(.invalid, "bad-channel", "channel is one of \(WalkInBody.channels.joined(separator: ", ")), not '\(channel.prefix(32))'")
                }
                guard let start = sop.definition.startStep else { throw APIError(.unavailable, "sop", "the SOP has no start step") }
                let role = try Self.representedRole(officer, step: start, sop: sop.definition)
                let (_, state) = try await file(walkIn.complaint, name: walkIn.name, contact: walkIn.contact, channel: walkIn.channel ?? "loket",
                                          on: sop, actor: officer.id, role: role)
                let machine = try await load(state.caseID).1
                return EditedResponse(status: .created, response: CaseView(state, machine: machine, now: config.clock(), offset: offset))
            }
            if let chosen = body.caseID, chosen.uppercased().hasPrefix("LAPOR-") {
                throw APIError(.invalid, "reserved-case-id", "case ids starting with LAPOR- are tracking codes, issued to public filings only")
            }
            let id = body.caseID ?? Self.caseID(sop: sop.definition.id)
            let uploads = try uploads(body.documents), actor = context.officer?.id
            let state = try await service.open(definition: sop.definition, hash: sop.hash, calendar: sop.calendar, caseID: id, actor: actor, uploads: uploads)
            let machine = try await load(state.caseID).1
            return EditedResponse(status: .created, response: CaseView(state, machine: machine, now: config.clock(), offset: offset))
        }
        group.get("cases") { request, _ in
            let q = request.uri.queryParameters
            var query = (CaseQuery(limit: try Self.queryNumber(q.get("limit"), "limit", default: 200, in: 1...1000)))
            query.offset = try Self.queryNumber(q.get("offset"), "offset", default: 0, in: 0...1_000_000_000)
            if let s = q.get("status") {
                guard let status = CaseState.Status(rawValue: s) else { throw APIError(.invalid, "bad-request", "status is open or closed, not '\(s)'") }
                query.status = status
            }
            query.role = q.get("role")
            let now = config.clock()
            if q.get("overdue") == "true" { query.overdue = overdueFilter(at: now) }
            return try await caseList(query, now: now)
        }
        group.get("cases/:id") { _, context in
            let id = try context.parameters.require("id")
            let (state, machine) = try await load(id)
            return CaseView(state, machine: machine, now: config.clock(), offset: offset)
        }
        group.post("cases/:id/complete") { request, context in
            let id = try context.parameters.require("id")
            let body = try await request.decode(as: CompleteBody.self, context: context)
            let officer = context.officer!
            let (state, machine) = try await load(id)
            let acting = try acting(officer, step: body.step, requested: body.role, onBehalf: body.onBehalf == true,
                                    state: state, machine: machine)
            let uploads = try uploads(body.documents), note = try Self.reason(body.reason)
            // The read above (on the cooperative pool, in parallel) leaves the case's state in
            // the service's cache, so the write does not read its events again under the lock.
            let done = try await service.complete(caseID: id, step: body.step, role: acting.role, actor: officer.id, outcome: body.outcome,
                                                  uploads: uploads, note: note, expectedVersion: body.expectedVersion ?? state.version,
                                                  substituteFor: acting.substituteFor)
            return CaseView(done, machine: machine, now: config.clock(), offset: offset)
        }
        group.get("cases/:id/documents/:sha") { _, context in
            try await CaseDocuments.download(api: self, officer: context.officer!, caseID: try context.parameters.require("id"),
                                             sha: try context.parameters.require("sha"), via: "api", logger: context.logger)
        }
        addAssignmentRoutes(to: group)
        addRevisionRoutes(to: group)
        group.get("queues/:role") { _, context in
            let role = try context.parameters.require("role")
            guard context.officer!.roles.contains(role) else {
                throw APIError(.forbidden, "role-not-held", "officer '\(context.officer!.id)' does not act as '\(role)'")
            }
            let now = config.clock()
            return try await queues.list(role: role, now: now) {
                try await caseList(CaseQuery(status: .open, role: role), now: now)
            }
        }
        group.get("overdue") { _, _ in
            let now = config.clock()
            return try await caseList(CaseQuery(overdue: overdueFilter(at: now)), now: now)
        }
    }

    /// The role `officer` completes `stepID` in: the one asked for, else the first of theirs that
    /// may (the step's actors, their alternatives, an escalation's role); `onBehalf`, the
    /// citizen's lane the officer represents (``representedRole(_:step:sop:)``). A step of the
    /// SOP that is not active is `step-not-active` (naming every active step), whoever asks.
    static func actingRole(_ officer: Deployment.Officer, step stepID: String, requested: String?, onBehalf: Bool = false,
                           state: CaseState, machine: CaseMachine) throws -> String {
        guard let step = machine.definition.step(stepID) else {
            throw CaseError.unknownStep(stepID, known: machine.definition.steps.map(\.id))
        }
        guard state.status == .open else { throw CaseError.caseClosed(state.caseID) }
        guard let (_, record) = state.openRecord(of: stepID) else {
            let active = state.activeSteps.map(\.step)
            throw CaseError.stepNotActive(step: stepID, active: active.isEmpty ? nil : active.joined(separator: "', '"))
        }
        if onBehalf { return try representedRole(officer, step: step, sop: machine.definition) }
        if let requested {
            guard officer.roles.contains(requested) else {
                throw APIError(.forbidden, "role-not-held", "officer '\(officer.id)' does not act as '\(requested)' (roles: \(officer.roles.joined(separator: ", ")))")
            }
            return requested
        }
        if let role = officer.roles.first(where: { mayAct($0, on: record, machine: machine) }) { return role }
        var roles = step.actors
        for r in record.escalatedTo where !roles.contains(r) { roles.append(r) }
        throw APIError(.forbidden, "role-not-held",
                       "officer '\(officer.id)' holds none of the roles that complete '\(stepID)' (\(roles.joined(separator: ", "))); roles: \(officer.roles.joined(separator: ", "))")
    }

    /// The citizen's lane an officer does `step` in on the citizen's behalf: one of the step's
    /// roles that is the public side and is `represented-by` a role the officer holds.
    static func representedRole(_ officer: Deployment.Officer, step: Step, sop: SOPDefinition) throws -> String {
        if let lane = sop.representedLane(of: step, by: officer.roles) { return lane }
        let lanes = step.actors.filter { sop.role($0)?.applicant == true }
        let who = sop.representatives(of: step)
        throw APIError(.forbidden, "not-representative", lanes.isEmpty
            ? "step '\(step.id)' is not the citizen's: an officer does it in an officer's role, not on the citizen's behalf"
            : "officer '\(officer.id)' may not act on the citizen's behalf in step '\(step.id)': \(who.isEmpty ? "the SOP names no role that represents the citizen (represented-by)" : "that needs one of the roles \(who.joined(separator: ", "))")")
    }

    /// Whether an officer did the citizen's step `record` on the citizen's behalf: done in a
    /// lane of the public side by someone other than the public.
    static func isOnBehalf(_ record: CaseState.StepRecord, _ sop: SOPDefinition) -> Bool {
        guard let role = record.role, let actor = record.actor, actor != publicActor else { return false }
        return sop.role(role)?.applicant == true
    }

    /// A decision's reason as recorded: trimmed, nil when empty, at most 2,000 characters.
    static func reason(_ text: String?) throws -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        guard text.count <= 2_000 else { throw APIError(.invalid, "bad-reason", "the reason must be at most 2,000 characters") }
        return text
    }

    /// A query limited to this deployment's SOPs: a database shared with another agency's
    /// deployment shows its officers only their own cases.
    func scoped(_ query: CaseQuery) -> CaseQuery {
        var query = query
        query.sopIDs = config.sops.map(\.definition.id)
        return query
    }

    /// A case of this deployment's SOPs, or `unknown-case` (a case of another agency in the
    /// same database is not there for this one's officers).
    func load(_ id: String) async throws -> (CaseState, CaseMachine) {
        let (state, machine) = try await service.load(id)
        guard config.sop(state.sopID) != nil else { throw CaseError.unknownCase(id) }
        return (state, machine)
    }

    /// A whole number query parameter within `range`, or 400 saying which and why.
    static func queryNumber(_ text: String?, _ name: String, default value: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let text else { return value }
        guard let n = Int(text), range.contains(n) else {
            throw APIError.badQuery("\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text.prefix(32))'")
        }
        return n
    }

    /// A server-made case id: the SOP's id (shortened to fit) and 26 random letters and digits
    /// (about 128 bits), so concurrent openings never collide.
    static func caseID(sop: String) -> String {
        var rng = SystemRandomNumberGenerator()
        let random = String((0..<26).map { _ in TrackingCode.alphabet.randomElement(using: &rng)! })
        return "\(sop.prefix(37))-\(random)"
    }

    /// Task queues as last read, per role: a board refreshed by many officers reads the
    /// database once per change. Valid until this server writes (``invalidate()``) and for the
    /// current second at most, so a write by another process (a command on the same database)
    /// and the overdue flags are seen within a second.
    final class QueueCache: @unchecked Sendable {
        private let lock = NSLock()
        private var generation = 0
        /// Each role's queue as written, so that a hit costs no rendering either.
        private var entries: [String: (generation: Int, second: Int64, body: JSONBody)] = [:]

        func invalidate() { lock.withLock { generation += 1; entries.removeAll(keepingCapacity: true) } }

        func list(role: String, now: Instant, read: () async throws -> CaseList) async throws -> JSONBody {
            let g: Int = lock.withLock {
                generation
            }
            if let hit = lock.withLock({ entries[role] }), hit.generation == g, hit.second == now.secondsSinceEpoch { return hit.body }
            let fresh = JSONBody(ByteBuffer(string: try await read().json()))
            lock.withLock { if generation == g { entries[role] = (g, now.secondsSinceEpoch, fresh) } }
            return fresh
        }
    }

    func uploads(_ bodies: [UploadBody]?) throws -> [CaseService.Upload] {
        try (bodies ?? []).map { b in
            guard let bytes = Data(base64Encoded: b.content) else {
                throw APIError(.invalid, "bad-document", "document '\(b.document)' is not base64")
            }
            return CaseService.Upload(document: b.document, name: b.name, mediaType: b.mediaType ?? "application/octet-stream", bytes: Array(bytes))
        }
    }

    // MARK: Public

    func addPublicRoutes(to group: RouterGroup<SOPRequestContext>) {
        group.post("complaints") { request, context in
            let raw = try await request.body.collect(upTo: config.deployment.publicBodyLimit)
            let body = try JSONDecoder().decode(PublicComplaintBody.self, from: Data(buffer: raw))
            let (code, state) = try await filePublic(body, client: Self.client(context), lang: "en")
            return EditedResponse(status: .created, response: PublicReceipt(trackingCode: code, status: state.status.rawValue,
                                                                            track: "/public/complaints/\(code)"))
        }
        group.get("complaints/:code") { _, context in
            let (code, state, machine) = try await publicLookup(try context.parameters.require("code"), client: Self.client(context))
            let replies = replyDocuments(state, machine.definition).map {
                PublicStatus.Reply(name: $0.name, url: Self.publicHref(code: code, sha: $0.sha256))
            }
            let active = state.active.flatMap { machine.definition.step($0.step) }
            return PublicStatus(status: state.status.rawValue, currentStep: active?.activity, replies: replies)
        }
        group.get("complaints/:code/documents/:sha") { _, context in
            let (code, state, machine) = try await publicLookup(try context.parameters.require("code"), client: Self.client(context))
            let sha = try context.parameters.require("sha")
            let short = String(sha.prefix(12).filter(\.isHexDigit))
            guard let doc = replyDocuments(state, machine.definition).first(where: { $0.sha256 == sha.lowercased() }),
                  let bytes = try await config.store.document(sha256: doc.sha256) else {
                context.logger.info("public download", metadata: ["sha": .string(short), "outcome": .string("unknown-document")])
                throw APIError(.notFound, "unknown-document", "no such reply for this tracking code")
            }
            // The code is the complainant's key: logged by its last four characters only.
            context.logger.info("public download", metadata: ["case": .string("…" + code.suffix(4)), "document": .string(doc.document),
                                                              "sha": .string(short), "outcome": .string("served")])
            return DocumentResponse.response(bytes: bytes, name: doc.name, mediaType: doc.mediaType)
        }
    }

    /// The address a public request counts against.
    static func client(_ context: SOPRequestContext) -> String {
        context.clientAddress ?? context.remoteAddress?.ipAddress ?? "unknown"
    }

    /// Where the public downloads a reply.
    static func publicHref(code: String, sha: String) -> String { "/public/complaints/\(code)/documents/\(sha)" }

    /// A complaint from the public side (the JSON API or the page), through the filing budget
    /// of `client` (``PublicGate``): past it, answered with the question to answer (429
    /// `question-required`, or `wrong-answer`); past the ceiling, 429 `rate-limited`. An
    /// anonymous complaint carries no name or contact (given, they are refused, not dropped).
    func filePublic(_ body: PublicComplaintBody, client: String, lang: String) async throws -> (code: String, state: CaseState) {
        guard let id = config.deployment.publicSOP, let sop = config.sop(id) else {
            throw APIError(.notFound, "no-public-sop", "this office takes no complaints online")
        }
        func given(_ text: String?) -> String? {
            text.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        let name = given(body.name), contact = given(body.contact)
        guard [name, contact].allSatisfy({ ($0?.count ?? 0) <= 200 }) else {
            throw APIError(.invalid, "bad-complaint", "the name and the contact are at most 200 characters each")
        }
        if body.anonymous == true, name != nil || contact != nil {
            throw APIError(.invalid, "anonymous-with-identity", "an anonymous complaint carries no name or contact: leave both empty, or file it under your name")
        }
        switch await gate.admitFiling(from: client, challenge: body.challenge, answer: body.answer, now: config.clock(), lang: lang) {
        case .allowed: break
        case .refused:
            throw APIError(.rateLimited, "rate-limited", "too many complaints from this address; try again later")
        case .question(let asked, let wrong):
            var e = wrong ? APIError(.rateLimited, "wrong-answer", "the answer to the question was not right, or the question had expired or been used: answer this one")
                          : APIError(.rateLimited, "question-required", "many complaints came from this address: answer the question to file this one")
            e.question = asked
            throw e
        }
        return try await file(body.complaint, name: name, contact: contact, channel: nil, on: sop, actor: Self.publicActor, role: nil,
                        anonymous: body.anonymous == true, confidential: body.confidential == true)
    }

    /// The complaint the public's code `given` names, through the tracking budgets: 400
    /// `mistyped-tracking-code` when its check character does not match (a character was
    /// mistyped), 404 `unknown-complaint` for any code that names no complaint the public may
    /// follow, 429 `too-many-lookups` past the budgets. Read case-insensitively.
    func publicLookup(_ given: String, client: String) async throws -> (code: String, state: CaseState, machine: CaseMachine) {
        let now = config.clock()
        switch TrackingCode.read(given) {
        case .mistyped:
            throw APIError(.invalid, "mistyped-tracking-code", "the tracking code's last character does not match the others: a character was mistyped")
        case .invalid:
            throw APIError(.notFound, "unknown-complaint", "no complaint with this tracking code")
        case .code(let code):
            guard await gate.admitLookup(of: code, from: client, now: now) else {
                throw APIError(.rateLimited, "too-many-lookups", "this code, or codes from this address, were looked up too often: try again in a few minutes")
            }
            guard let (state, machine) = await publicCase(code) else {
                await gate.recordMiss(from: client, now: now)
                throw APIError(.notFound, "unknown-complaint", "no complaint with this tracking code")
            }
            return (code, state, machine)
        }
    }

    /// Files a complaint on `sop` under a new tracking code: the complaint's text (with the
    /// name, contact and channel when given) becomes the documents the first step needs and
    /// produces, and the first step (the citizen's) is completed. By the public itself
    /// (`role` nil: the step's own role), or by an officer on the citizen's behalf (`actor` the
    /// officer, `role` the citizen's lane the officer represents).
    /// An `anonymous` complaint is recorded without name or contact, and says so; a
    /// `confidential` one is marked in its record and its opening (``CaseDocuments/hasRole(_:state:machine:)``).
    func file(_ complaint: String, name: String?, contact: String?, channel: String?, on sop: AgencySOP,
              actor: String, role: String?, anonymous: Bool = false, confidential: Bool = false) async throws -> (code: String, state: CaseState) {
        let text = complaint.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= 20_000 else {
            throw APIError(.invalid, "bad-complaint", "the complaint must be 1 to 20,000 characters")
        }
        var record = confidential ? "Pengaduan (RAHASIA)\n\n\(text)\n" : "Pengaduan\n\n\(text)\n"
        if anonymous { record += "\nIdentitas pelapor: dirahasiakan (anonim)" }
        if let name, !anonymous { record += "\nNama: \(name)" }
        if let contact, !anonymous { record += "\nKontak: \(contact)" }
        if let channel { record += "\nDiterima melalui: \(channel)" }
        let bytes = Array(record.utf8)
        guard let start = sop.definition.startStep else { throw APIError(.unavailable, "sop", "the SOP has no start step") }
        let opening = sop.definition.documents.filter { $0.origin == .caseOpening }.map(\.id)
        let needed = start.inputs.filter { !$0.isConditional }.map(\.document) + start.outputs.filter { !$0.isConditional }.map(\.document)
        let firstOpening = opening.first.map { [$0] } ?? []
        let code = TrackingCode.make()
        func upload(_ doc: String) -> CaseService.Upload { .init(document: doc, name: "pengaduan.txt", mediaType: "text/plain; charset=utf-8", bytes: bytes) }
        let opened = firstOpening.map(upload), completion = Array(Set(needed).subtracting(firstOpening)).sorted().map(upload)
        let service = self.service, startID = start.id, startRole = role ?? start.actor
        try await service.open(definition: sop.definition, hash: sop.hash, calendar: sop.calendar, caseID: code, actor: actor,
                               uploads: opened, confidential: confidential)
        let state = try await service.complete(caseID: code, step: startID, role: startRole, actor: actor, uploads: completion)
        return (code, state)
    }

    /// The case a tracking code names, if it is one the public may follow: filed through the
    /// public side (its code issued by this server, its first step completed by the public)
    /// on this deployment's public SOP. A case an officer opened is never trackable.
    func publicCase(_ code: String) async -> (CaseState, CaseMachine)? {
        guard case .code(let code) = TrackingCode.read(code), let publicSOP = config.deployment.publicSOP,
              let (state, machine) = try? await load(code), state.sopID == publicSOP,
              let first = state.history.first,
              first.actor == Self.publicActor || Self.isOnBehalf(first, machine.definition) else { return nil }
        return (state, machine)
    }

    /// The actor of every public filing's events.
    static let publicActor = "public"

    /// Documents attached by the steps that answer the complainant: all a tracking code shows.
    func replyDocuments(_ state: CaseState, _ sop: SOPDefinition) -> [DocumentAttachment] {
        let replySteps = Set(sop.steps.filter { sop.purpose(of: $0) == .reply }.flatMap { $0.outputs.map(\.document) })
        // A letter passed on unchanged (attached again by the step that sends it) is one reply.
        var seen = Set<String>()
        return state.attachmentsByDocument.filter { replySteps.contains($0.document) && seen.insert($0.sha256).inserted }
    }
}
