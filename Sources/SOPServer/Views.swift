import Hummingbird
import NIOCore
import SOPCore

/// JSON the API answers with: instants as ISO 8601 in the agency's zone, ids as written.
struct SOPListItem: ResponseEncodable {
    var id: String
    var name: String
    var regency: String
    var number: String
    var hash: String
    var steps: Int
    var roles: [String]
}

struct SOPView: ResponseEncodable {
    var hash: String
    var definition: SOPDefinition
}

struct CaseSummaryView: ResponseEncodable {
    var caseID: String
    var sop: String
    var status: String
    /// The first active step (``activeSteps`` has them all), kept for clients of one active step.
    var activeStep: String?
    var activeRole: String?
    var activeDue: String?
    /// Every step the case waits on, with the roles that may complete each.
    var activeSteps: [ActiveStepView]
    var overdue: Bool
    /// Whether the file is with the applicant and the agency's clock stands still, since `pausedAt`.
    var waitingOnApplicant: Bool
    var pausedAt: String?
    /// How a closed case ended when not at an end step (`withdrawn`, an ending outcome's `end`).
    var resolution: String?
    var openedAt: String
    var due: String?
    var version: Int
    var revisionRounds: Int

    /// A listed case: from its read-model row, and from its state when it could be read (the
    /// row describes one active step; the state has them all and the applicant's turn).
    init(_ s: CaseSummary, now: Instant, offset: Int, calendar: WorkingCalendar?, state: CaseState? = nil, machine: CaseMachine? = nil) {
        caseID = s.caseID
        sop = s.sopID
        status = s.status.rawValue
        activeStep = s.activeStep
        activeRole = s.activeRole
        activeDue = s.activeDue?.iso8601(utcOffsetSeconds: offset)
        openedAt = s.openedAt.iso8601(utcOffsetSeconds: offset)
        due = s.due?.iso8601(utcOffsetSeconds: offset)
        version = s.version
        revisionRounds = s.revisionRounds
        if let state, let machine {
            overdue = state.isOverdue(at: now, calendar: machine.calendar, applicantSteps: machine.applicantStepIDs)
            activeSteps = ActiveStepView.all(state, machine: machine, now: now, offset: offset)
            waitingOnApplicant = state.isWaitingOnApplicant
            pausedAt = state.isWaitingOnApplicant ? state.pausedAt?.iso8601(utcOffsetSeconds: offset) : nil
            resolution = state.resolution
            status = state.status.rawValue
            version = state.version
            due = state.due?.iso8601(utcOffsetSeconds: offset)
        } else {
            overdue = calendar.map { s.isOverdue(at: now, calendar: $0) } ?? (s.status == .open && (s.activeDue.map { now > $0 } ?? false))
            activeSteps = ActiveStepView.fromSummary(s, overdue: overdue, offset: offset)
            waitingOnApplicant = false
        }
    }
}

/// The hot read path (task queues, case lists) writes its JSON by hand: the same sorted keys
/// and omitted nils as the encoder, at a fraction of its cost per request.
struct CaseList: ResponseGenerator {
    var cases: [CaseSummaryView]

    func response(from request: Request, context: some RequestContext) throws -> Response {
        JSONBody(ByteBuffer(string: json())).response()
    }

    /// The list as the encoder would write it, keys sorted.
    func json() -> String {
        var out = "{\"cases\":["
        for (k, c) in cases.enumerated() {
            if k > 0 { out += "," }
            var w = JSONObjectWriter()
            func key(_ name: String) { w.key(name, in: &out) }
            func string(_ name: String, _ value: String?) { w.string(name, value, in: &out) }
            string("activeDue", c.activeDue)
            string("activeRole", c.activeRole)
            string("activeStep", c.activeStep)
            key("activeSteps"); out += "["
            for (n, step) in c.activeSteps.enumerated() {
                if n > 0 { out += "," }
                step.appendJSON(to: &out)
            }
            out += "]"
            string("caseID", c.caseID)
            string("due", c.due)
            string("openedAt", c.openedAt)
            key("overdue"); out += c.overdue ? "true" : "false"
            string("pausedAt", c.pausedAt)
            string("resolution", c.resolution)
            key("revisionRounds"); out += String(c.revisionRounds)
            string("sop", c.sop)
            string("status", c.status)
            key("version"); out += String(c.version)
            key("waitingOnApplicant"); out += c.waitingOnApplicant ? "true" : "false"
            out += "}"
        }
        out += "]}"
        return out
    }
}

/// A JSON answer already written (a cached queue): sent as it is.
struct JSONBody: ResponseGenerator, Sendable {
    var bytes: ByteBuffer

    init(_ bytes: ByteBuffer) { self.bytes = bytes }

    func response(from request: Request, context: some RequestContext) throws -> Response { response() }

    func response() -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: bytes))
    }
}

/// JSON string literals, escaped as RFC 8259 requires.
enum JSONText {
    static func append(_ text: String, to out: inout String) {
        out += "\""
        // Most text needs no escape: copied whole.
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
            out += text
            out += "\""
            return
        }
        for u in text.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out += "\""
    }
}

/// The keys of one JSON object, written in the order given (sorted by the caller), each
/// optional left out when nil; the first key opens the object.
struct JSONObjectWriter {
    private var first = true

    mutating func key(_ name: String, in out: inout String) {
        out += (first ? "{\"" : ",\"") + name + "\":"
        first = false
    }

    mutating func string(_ name: String, _ value: String?, in out: inout String) {
        if let value { key(name, in: &out); JSONText.append(value, to: &out) }
    }

    mutating func number(_ name: String, _ value: (some BinaryInteger)?, in out: inout String) {
        if let value { key(name, in: &out); out += String(value) }
    }

    mutating func bool(_ name: String, _ value: Bool?, in out: inout String) {
        if let value { key(name, in: &out); out += value ? "true" : "false" }
    }
}

struct StepView: Encodable {
    var step: String
    var title: String
    var role: String?
    var round: Int
    var activatedAt: String
    var due: String?
    var completedAt: String?
    var outcome: String?
    var actor: String?
    var officeMinutes: Int64?
    var workingDays: Int?
    var onTime: Bool?
    var standard: StandardTime?
    /// True when a timer completed the step (no officer acted).
    var automatic: Bool?
    /// True when an officer did the citizen's step on the citizen's behalf (diwakili petugas).
    var onBehalf: Bool?
    /// The officer on leave for whom `actor` acted as substitute.
    var substituteFor: String?
}

struct DocumentView: Encodable {
    var document: String
    var name: String
    var mediaType: String
    var size: Int
    var sha256: String
    /// Where an officer with a role on the case downloads it (`GET /api/cases/:id/documents/:sha`).
    var href: String
}

struct CaseView: Encodable {
    var caseID: String
    var sop: String
    var status: String
    var version: Int
    var openedAt: String
    var due: String?
    var closedAt: String?
    /// The first active step (``activeSteps`` has them all).
    var activeStep: String?
    var activeSteps: [ActiveStepView]
    var overdue: Bool
    /// Whether the file is with the applicant and the agency's clock stands still, since `pausedAt`.
    var waitingOnApplicant: Bool
    var pausedAt: String?
    /// How a closed case ended when not at an end step (`withdrawn`, an ending outcome's `end`).
    var resolution: String?
    /// Office time since opening (to closing or now) the agency's clock ran, and the office
    /// time it stood still while the file was with the applicant; nil past the calendar's years.
    var agencyOfficeMinutes: Int64?
    var applicantOfficeMinutes: Int64?
    var revisionRounds: Int
    var timeline: [StepView]
    var documents: [DocumentView]

    init(_ s: CaseState, machine: CaseMachine, now: Instant, offset: Int) {
        func iso(_ i: Instant?) -> String? { i?.iso8601(utcOffsetSeconds: offset) }
        let sop = machine.definition
        caseID = s.caseID
        self.sop = s.sopID
        status = s.status.rawValue
        version = s.version
        openedAt = s.openedAt.iso8601(utcOffsetSeconds: offset)
        due = iso(s.due)
        closedAt = iso(s.closedAt)
        activeStep = s.active?.step
        activeSteps = ActiveStepView.all(s, machine: machine, now: now, offset: offset)
        overdue = s.isOverdue(at: now, calendar: machine.calendar, applicantSteps: machine.applicantStepIDs)
        waitingOnApplicant = s.isWaitingOnApplicant
        pausedAt = s.isWaitingOnApplicant ? iso(s.pausedAt) : nil
        resolution = s.resolution
        let times = Self.officeTimes(s, calendar: machine.calendar, now: now)
        agencyOfficeMinutes = times.map { $0.agency / 60 }
        applicantOfficeMinutes = times.map { $0.applicant / 60 }
        revisionRounds = s.revisionRounds
        timeline = s.history.map { r in
            let step = sop.step(r.step)
            return StepView(step: r.step, title: step?.activity ?? r.step, role: r.role ?? step?.actor, round: r.round,
                            activatedAt: r.activatedAt.iso8601(utcOffsetSeconds: offset), due: iso(r.due),
                            completedAt: iso(r.completedAt), outcome: r.outcome, actor: r.actor,
                            officeMinutes: r.officeSeconds.map { $0 / 60 }, workingDays: r.workingDays, onTime: r.onTime,
                            standard: step?.time, automatic: r.automatic ? true : nil,
                            onBehalf: CaseAPI.isOnBehalf(r, sop) ? true : nil, substituteFor: r.substituteFor)
        }
        documents = s.attachmentsByDocument.map {
            DocumentView(document: $0.document, name: $0.name, mediaType: $0.mediaType, size: $0.size, sha256: $0.sha256,
                         href: CaseDocuments.apiHref(caseID: s.caseID, sha: $0.sha256))
        }
    }

    /// The agency's and the applicant's office seconds since the case opened: the applicant's
    /// are every stopped stretch of the agency's clock (the current one up to `now`), the
    /// agency's the rest. Nil when an instant lies outside the calendar's years.
    static func officeTimes(_ s: CaseState, calendar: WorkingCalendar, now: Instant) -> (agency: Int64, applicant: Int64)? {
        let end = s.closedAt ?? max(now, s.openedAt)
        guard let total = try? calendar.elapsed(from: s.openedAt, to: end).officeSeconds else { return nil }
        var applicant = s.applicantOfficeSeconds
        if s.isWaitingOnApplicant, let paused = s.pausedAt {
            guard let running = try? calendar.elapsed(from: min(paused, end), to: end).officeSeconds else { return nil }
            applicant += max(0, running)
        }
        return (max(0, total - applicant), applicant)
    }
}

/// A document sent with an action: base64 content.
struct UploadBody: Decodable {
    var document: String
    var name: String
    var mediaType: String?
    var content: String
}

struct OpenCaseBody: Decodable {
    var sop: String
    var caseID: String?
    var documents: [UploadBody]?
    /// A complaint taken at the counter, by phone or by letter: the citizen's first step is
    /// done by the officer on the citizen's behalf, and the case gets a tracking code.
    var onBehalf: WalkInBody?
}

struct WalkInBody: Decodable {
    var complaint: String
    var name: String?
    var contact: String?
    /// How it reached the office: ``channels``.
    var channel: String?

    static let channels = ["loket", "telepon", "surat", "email"]
}

struct CompleteBody: Decodable {
    var step: String
    var role: String?
    var outcome: String?
    /// Why the decision was taken; recorded as a note in the same write (optional in the API).
    var reason: String?
    var expectedVersion: Int?
    var documents: [UploadBody]?
    /// Done by the officer on the citizen's behalf: the step is the citizen's, and the officer
    /// holds a role its lane is `represented-by`.
    var onBehalf: Bool?
}

struct PublicComplaintBody: Decodable {
    /// What happened, in the complainant's words.
    var complaint: String
    var name: String?
    var contact: String?
    /// Filed without name or contact ("anonim"): the complainant follows it with the code only.
    var anonymous: Bool?
    /// Confidential ("rahasia"): read only by the officers whose lanes the case has reached.
    var confidential: Bool?
    /// The question's challenge and its answer, once the address has used its filing budget.
    var challenge: String?
    var answer: String?

    enum CodingKeys: String, CodingKey, CaseIterable { case complaint, name, contact, anonymous, confidential, challenge, answer }

    init(complaint: String, name: String? = nil, contact: String? = nil, anonymous: Bool? = nil, confidential: Bool? = nil,
         challenge: String? = nil, answer: String? = nil) {
        self.complaint = complaint; self.name = name; self.contact = contact; self.anonymous = anonymous
        self.confidential = confidential; self.challenge = challenge; self.answer = answer
    }

    /// Only these fields: anything else is refused, not silently stored or dropped.
    init(from decoder: any Decoder) throws {
        let keys = try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue)
        if let unknown = keys.sorted().first(where: { CodingKeys(rawValue: $0) == nil }) {
            throw APIError(.invalid, "unknown-field",
                           "a complaint has only the fields \(CodingKeys.allCases.map(\.rawValue).joined(separator: ", ")); '\(unknown.prefix(64))' is not one of them")
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        complaint = try c.decode(String.self, forKey: .complaint)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        contact = try c.decodeIfPresent(String.self, forKey: .contact)
        anonymous = try c.decodeIfPresent(Bool.self, forKey: .anonymous)
        confidential = try c.decodeIfPresent(Bool.self, forKey: .confidential)
        challenge = try c.decodeIfPresent(String.self, forKey: .challenge)
        answer = try c.decodeIfPresent(String.self, forKey: .answer)
    }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

struct PublicReceipt: ResponseEncodable {
    var trackingCode: String
    var status: String
    var track: String
}

struct PublicStatus: ResponseEncodable {
    struct Reply: Encodable {
        var name: String
        var url: String
    }

    /// open or closed, the step the complaint is at, and the replies to it: nothing else
    /// (no dates, names or officers) is shown to whoever holds the code.
    var status: String
    var currentStep: String?
    var replies: [Reply]
}

struct Health: ResponseEncodable {
    var status: String
    var agency: String
    var sops: [String]
}
