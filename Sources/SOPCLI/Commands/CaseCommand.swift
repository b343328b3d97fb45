import ArgumentParser
import Foundation
import SOPCore
import SOPLoader
import SOPServer
import SOPStore
import SOPStoreSQLite

/// `sop case ...`: run cases against SOPs in a database.
struct CaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case",
        abstract: "Open, complete, show, list and migrate cases (stored in an SQLite file).",
        subcommands: [OpenCase.self, CompleteStep.self, ShowCase.self, ListCases.self, MigrateCases.self]
    )
}

/// Options every case command shares.
struct StoreOptions: ParsableArguments {
    @Option(help: "The SQLite database file, or a PostgreSQL server (postgres://user@host:port/database).")
    var db: String = "sop.db"

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    /// Opens the database; only `.create` commands (opening a case) may create an SQLite file,
    /// and commands that only read open it read-only. A PostgreSQL server is used as it is.
    func openStore(_ access: SQLiteCaseStore.Access = .write) async throws -> any CaseStore {
        try await StoreLocation.open(db, access: access, maximumConnections: 4)
    }
}

/// Parses `--at`, in the zone `offset` seconds east of UTC unless the text has its own.
func parseInstant(_ text: String?, offset: Int) throws -> Instant? {
    guard let text else { return nil }
    guard let i = Instant.parse(text, defaultUTCOffsetSeconds: offset) else {
        throw ValidationError("'\(text)' is not an instant; write YYYY-MM-DDTHH:MM, optionally with seconds and an offset like +07:00")
    }
    return i
}

let systemClock: @Sendable () -> Instant = { Instant(secondsSinceEpoch: Int64(Date().timeIntervalSince1970)) }

struct CaseOutput: Encodable {
    var state: CaseState
    var summary: CaseSummary
    /// Every active step with the roles that may act, the pause, the resolution, the next timer.
    var activity: CaseActivity
}

func printCase(_ state: CaseState, service: CaseService, format: OutputFormat, now: Instant) async throws {
    let (_, machine) = try await service.load(state.caseID)
    switch format {
    case .json:
        Console.current.out(try JSON.encode(CaseOutput(state: state, summary: CaseSummary(state, definition: machine.definition),
                                                       activity: CaseActivity(state, machine: machine))))
    case .text:
        Console.current.out(CaseTimeline(state: state, definition: machine.definition, calendar: machine.calendar.definition, now: now).text)
    }
}

struct OpenCase: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "open", abstract: "Open a case against an SOP file.")

    @Argument(help: "The SOP file.") var sop: String
    @Option(name: .customLong("case-id"), help: "The case id (default: derived from the SOP and the time).") var caseID: String?
    @Option(help: "When the case is opened (agency time unless an offset is given; default: now).") var at: String?
    @Option(name: .customLong("attach"), help: "DOCUMENT=FILE supplied with the opening (repeatable).") var attachments: [String] = []
    @OptionGroup var store: StoreOptions

    func run() async throws {
        let definition = try loadValid(sop)
        let calendarDefinition = try agencyCalendar(of: definition, file: sop).definition
        let when = try parseInstant(at, offset: calendarDefinition.utcOffsetSeconds) ?? systemClock()
        let id = caseID ?? "\(definition.id)-\(when.secondsSinceEpoch)"
        let uploads = try attachments.map(readAttachment)
        let created = !FileManager.default.fileExists(atPath: store.db)
        let service = CaseService(store: try await store.openStore(.create), clock: systemClock)
        let state: CaseState
        do {
            state = try await service.open(definition: definition, hash: definition.contentHash, calendar: calendarDefinition,
                                           caseID: id, at: when, uploads: uploads)
        } catch {
            // A refused first opening leaves no empty database behind.
            if created { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: store.db + suffix) } }
            throw error
        }
        try await printCase(state, service: service, format: store.format, now: when)
    }
}

struct CompleteStep: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "complete", abstract: "Complete an active step of a case.",
        discussion: "While parallel branches run several steps are active: name the one you complete. With one active step it may be left out.")

    @Argument(help: "The case id.") var caseID: String
    @Argument(help: "The step id (may be left out when exactly one step is active).") var step: String?
    @Option(name: .customLong("as"), help: "The role you act in.") var role: String
    @Option(help: "Who acts (an officer id; not a person's name).") var actor: String?
    @Flag(help: "Do the citizen's step on the citizen's behalf (diwakili petugas): --as names your officer's role, which the citizen's lane must list in represented-by.")
    var onBehalf = false
    @Option(help: "The decision's outcome.") var outcome: String?
    @Option(name: .customLong("attach"), help: "DOCUMENT=FILE attached (repeatable).") var attachments: [String] = []
    @Option(help: "When (agency time unless an offset is given; default: now).") var at: String?
    @OptionGroup var store: StoreOptions

    func validate() throws {
        // Malformed arguments are usage errors (exit 2) before anything is looked up.
        _ = try parseInstant(at, offset: 0)
        for spec in attachments { _ = try attachmentSpec(spec) }
    }

    func run() async throws {
        let service = CaseService(store: try await store.openStore(), clock: systemClock)
        let (current, machine) = try await service.load(caseID)
        let when = try parseInstant(at, offset: machine.calendar.utcOffsetSeconds) ?? systemClock()
        let step = try self.step ?? Self.onlyActiveStep(current)
        let uploads = try attachments.map(readAttachment)
        var lane = role
        if onBehalf {
            guard let definition = machine.definition.step(step) else { throw CaseError.unknownStep(step, known: machine.definition.steps.map(\.id)) }
            guard let represented = machine.definition.representedLane(of: definition, by: [role]) else {
                let who = machine.definition.representatives(of: definition)
                throw ValidationError("role '\(role)' may not do step '\(step)' on the citizen's behalf: "
                                      + (who.isEmpty ? "no lane represents the citizen there (represented-by)" : "that needs one of \(who.joined(separator: ", "))"))
            }
            guard actor != nil else { throw ValidationError("--on-behalf needs --actor, the officer who acts (the history records who)") }
            lane = represented
        }
        let state = try await service.complete(caseID: caseID, step: step, role: lane, actor: actor, outcome: outcome, uploads: uploads, at: when)
        try await printCase(state, service: service, format: store.format, now: when)
    }
}

extension CompleteStep {
    /// The step to complete when none is named: the one active step; refused, naming them,
    /// when several are active.
    static func onlyActiveStep(_ state: CaseState) throws -> String {
        let active = state.activeSteps.map(\.step)
        guard state.status == .open else { throw CaseError.caseClosed(state.caseID) }
        guard active.count == 1 else {
            throw ValidationError("case \(state.caseID) has \(active.count) active steps (\(active.joined(separator: ", "))): name the one to complete")
        }
        return active[0]
    }
}

struct ShowCase: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "A case's timeline against the SOP's standard times.")

    @Argument(help: "The case id.") var caseID: String
    @Option(help: "\"Now\" for overdue marks (default: the current time).") var at: String?
    @OptionGroup var store: StoreOptions

    func run() async throws {
        let service = CaseService(store: try await store.openStore(.read), clock: systemClock)
        let (state, machine) = try await service.load(caseID)
        let now = try parseInstant(at, offset: machine.calendar.utcOffsetSeconds) ?? systemClock()
        try await printCase(state, service: service, format: store.format, now: now)
    }
}

struct ListCases: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Cases by status, by the role they wait on, or overdue.")

    @Flag(help: "Only open cases with an agency step past due (judged when the agency's clock stopped while the file is with the applicant).")
    var overdue = false
    @Option(help: "Only cases with an active step this role may complete (a task queue).") var role: String?
    @Option(help: "open or closed.") var status: String?
    @Option(help: "\"Now\" for --overdue (default: the current time; +07:00 unless an offset is given).") var at: String?
    @OptionGroup var store: StoreOptions

    /// The summary's fields as before, with the activity and the overdue judgement beside them.
    struct Row: Encodable {
        var summary: CaseSummary
        var activity: CaseActivity
        var overdue: Bool

        enum Key: String, CodingKey { case activity, overdue }

        func encode(to encoder: any Encoder) throws {
            try summary.encode(to: encoder)
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(activity, forKey: .activity)
            try c.encode(overdue, forKey: .overdue)
        }
    }

    func run() async throws {
        var query = CaseQuery(role: role)
        if let status {
            guard let s = CaseState.Status(rawValue: status) else { throw ValidationError("--status is open or closed") }
            query.status = s
        }
        let now = try parseInstant(at, offset: 7 * 3600) ?? systemClock()
        // The store narrows to cases due before `now`; each case's own calendar decides.
        if overdue { query.overdue = OverdueFilter(now: now) }
        let service = CaseService(store: try await store.openStore(.read), clock: systemClock)
        var cases = try await service.store.listings(query)
        // Each open case is judged on the calendar of its definition, loaded once per definition.
        var calendars: [String: WorkingCalendar] = [:]
        for c in cases where c.summary.status == .open && calendars[c.summary.definitionHash] == nil {
            calendars[c.summary.definitionHash] = try await service.load(c.summary.caseID).1.calendar
        }
        func isOverdue(_ c: CaseListing) -> Bool {
            guard c.summary.status == .open, c.activity.agencyDue != nil, let calendar = calendars[c.summary.definitionHash] else { return false }
            return c.activity.isOverdue(at: now, calendar: calendar)
        }
        /// One agency step late, judged as ``CaseActivity/isOverdue(at:calendar:)`` does.
        func isLate(_ step: CaseActivity.ActiveStep, of c: CaseListing) -> Bool {
            guard let calendar = calendars[c.summary.definitionHash] else { return false }
            return calendar.isOverdue(due: step.due, at: now, pausedAt: c.activity.pausedAt, applicant: step.applicant)
        }
        if overdue { cases = cases.filter(isOverdue) }
        switch store.format {
        case .json:
            Console.current.out(try JSON.encode(cases.map { Row(summary: $0.summary, activity: $0.activity, overdue: isOverdue($0)) }))
        case .text:
            var table = TextTable([("Case", 24), ("SOP", 26), ("Status", 9), ("Waiting at", 22), ("Role", 16), ("Due (UTC)", 20), ("Rev", 3)])
            for c in cases {
                let s = c.summary, a = c.activity
                var status = s.status.rawValue
                if s.status == .closed, let resolution = a.resolution { status = resolution }
                if a.isWaitingOnApplicant { status = "applicant" }
                let steps: [CaseActivity.ActiveStep?] = a.activeSteps.isEmpty ? [nil] : a.activeSteps.map { $0 }
                for (k, step) in steps.enumerated() {
                    var due = step?.due.map { String($0.description.prefix(16)) } ?? "—"
                    if let step, isLate(step, of: c) { due += " !" }
                    table.add(k == 0 ? [s.caseID, s.sopID, status, step?.step ?? "—", step?.roles.joined(separator: "|") ?? "—", due, "\(s.revisionRounds)"]
                                     : ["", "", "", step?.step ?? "—", step?.roles.joined(separator: "|") ?? "—", due, ""])
                }
            }
            Console.current.out(table.render())
            let paused = cases.filter(\.activity.isWaitingOnApplicant).count
            Console.current.out("\(cases.count) case\(cases.count == 1 ? "" : "s")"
                                + (paused > 0 ? " (\(paused) waiting on the applicant, agency clock stopped)" : ""))
        }
    }
}

/// `DOCUMENT=FILE`, checked: the document id and a readable file's path.
func attachmentSpec(_ spec: String) throws -> (document: String, path: String) {
    let parts = spec.split(separator: "=", maxSplits: 1)
    guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
        throw ValidationError("--attach takes DOCUMENT=FILE, e.g. --attach telaahan-staf=telaah.pdf (got '\(spec)')")
    }
    let path = String(parts[1])
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
          FileManager.default.isReadableFile(atPath: path) else {
        throw ValidationError("cannot read '\(path)'")
    }
    return (String(parts[0]), path)
}

/// `DOCUMENT=FILE` → an upload, with a media type from the file's extension.
func readAttachment(_ spec: String) throws -> CaseService.Upload {
    let (document, path) = try attachmentSpec(spec)
    guard let data = FileManager.default.contents(atPath: path) else {
        throw ValidationError("cannot read '\(path)'")
    }
    let name = URL(fileURLWithPath: path).lastPathComponent
    return CaseService.Upload(document: document, name: name, mediaType: mediaType(of: name), bytes: [UInt8](data))
}

func mediaType(of name: String) -> String {
    switch URL(fileURLWithPath: name).pathExtension.lowercased() {
    case "pdf": "application/pdf"
    case "jpg", "jpeg": "image/jpeg"
    case "png": "image/png"
    case "txt": "text/plain"
    case "doc": "application/msword"
    case "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    case "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    default: "application/octet-stream"
    }
}
