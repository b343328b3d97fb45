import ArgumentParser
import Foundation
import SOPCore
import SOPLoader
import SOPStorePostgres

/// `sop deploy …`: an agency's deployment file and its officers.
struct Deploy: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a deployment file and manage its officers (tokens are issued once and stored hashed).",
        subcommands: [DeployCheck.self, AddOfficer.self, RemoveOfficer.self, ListOfficers.self, RotateToken.self,
                      SetLeave.self, EndLeave.self, SetEmail.self]
    )
}

struct DeploymentOptions: ParsableArguments {
    @Option(help: "The deployment file (format: sop-deployment/v1).") var config: String

    /// The deployment with its SOPs, or exit 1 after printing every problem.
    func load() throws -> (Deployment, officersPath: String, sops: [SOPDefinition]) {
        let result = DeploymentLoader.load(path: config)
        printDiagnostics(result.diagnostics, texts: result.texts)
        guard let deployment = result.deployment, let officersPath = result.officersPath else { throw ExitCode(1) }
        var sops: [SOPDefinition] = []
        var failed = false
        for path in deployment.sops {
            let loaded = SOPLoader.load(path: path)
            printDiagnostics(loaded.diagnostics, texts: loaded.texts)
            if let sop = loaded.validDefinition { sops.append(sop) } else { failed = true }
        }
        if failed { throw ExitCode(1) }
        return (deployment, officersPath, sops)
    }

    /// Changes officer `id` in the deployment's officers file and writes the file back.
    /// `change` gets the officer and every officer as they were (to check a substitute, say);
    /// what it throws changes nothing. Returns what `change` returned, the officer as written
    /// and the file's path.
    @discardableResult
    func changeOfficer<R>(_ id: String, _ change: (inout Deployment.Officer, [Deployment.Officer]) throws -> R)
        throws -> (result: R, officer: Deployment.Officer, path: String) {
        let (deployment, path, _) = try load()
        var officers = deployment.officers
        let index = try AddOfficer.index(of: id, in: officers)
        let result = try change(&officers[index], deployment.officers)
        try AddOfficer.write(officers, to: path)
        return (result, officers[index], path)
    }
}

struct DeployCheck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a deployment: the file, its SOPs and calendars, its officers' roles and the public SOP.")

    @OptionGroup var options: DeploymentOptions

    func run() async throws {
        let (deployment, _, sops) = try options.load()
        var problems: [String] = []
        let roles = Set(sops.flatMap { $0.roles.map(\.id) } + [Deployment.administratorRole])
        for officer in deployment.officers {
            for role in officer.roles where !roles.contains(role) {
                problems.append("officer '\(officer.id)' holds role '\(role)', which no SOP of this deployment has"
                                + (closestMatch(to: role, in: roles.sorted()).map { " (did you mean '\($0)'?)" } ?? ""))
            }
        }
        if let id = deployment.publicSOP, !sops.contains(where: { $0.id == id }) {
            problems.append("public.sop '\(id)' is not one of this deployment's SOPs: \(sops.map(\.id).joined(separator: ", "))")
        }
        for (path, sop) in zip(deployment.sops, sops) {
            if deployment.calendar == nil, SOPLoader.calendar(for: sop, sopPath: path)?.definition == nil {
                problems.append("the calendar of \(path) cannot be loaded (`sop validate \(path)` says why)")
            }
        }
        if Deployment.isDatabaseURL(deployment.database) {
            // The server must answer and take the schema (created or migrated on connecting).
            do { _ = try await PostgresCaseStore(url: deployment.database, maximumConnections: 1) } catch {
                problems.append("the database cannot be used: \(error)")
            }
        } else {
            let directory = URL(fileURLWithPath: deployment.database).deletingLastPathComponent().path
            if !FileManager.default.isWritableFile(atPath: directory) {
                problems.append("the database folder \(directory) does not exist or cannot be written")
            }
        }
        for p in problems { Console.current.err("error: \(p)") }
        if !problems.isEmpty { throw ExitCode(1) }
        Console.current.out("\(deployment.agency): \(sops.count) SOP\(sops.count == 1 ? "" : "s") (\(sops.map(\.id).joined(separator: ", "))), "
                            + "\(deployment.officers.count) officer\(deployment.officers.count == 1 ? "" : "s"), "
                            + "listening on \(deployment.host):\(deployment.port), database \(StoreCopy.shown(deployment.database))")
    }
}

struct AddOfficer: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add-officer",
        abstract: "Add an officer and print their access token once (only its SHA-256 is stored).")

    @OptionGroup var options: DeploymentOptions
    @Option(help: "The officer's id (lowercase letters, digits, hyphens).") var id: String
    @Option(help: "The officer's name as shown on the task board.") var name: String
    @Option(name: .customLong("role"), help: "A role (SOP lane) the officer acts in, or 'administrator' to publish revisions (repeatable).") var roles: [String]
    @Option(help: "Where reminders and escalations reach the officer (with notifications.smtp in the deployment).") var email: String?

    func validate() throws {
        guard New.isID(id) else { throw ValidationError("--id '\(id)' must be lowercase letters, digits and hyphens") }
        if let email, !Deployment.Officer.isEmail(email) { throw ValidationError("--email '\(email)' is not an e-mail address") }
        guard !roles.isEmpty else { throw ValidationError("give at least one --role") }
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--name must not be empty") }
    }

    func run() throws {
        let (deployment, officersPath, sops) = try options.load()
        let known = Set(sops.flatMap { $0.roles.map(\.id) } + [Deployment.administratorRole])
        for role in roles where !known.contains(role) {
            throw ValidationError("no SOP of this deployment has role '\(role)'"
                                  + (closestMatch(to: role, in: known.sorted()).map { "; did you mean '\($0)'?" } ?? "; roles: \(known.sorted().joined(separator: ", "))"))
        }
        guard !deployment.officers.contains(where: { $0.id == id }) else {
            throw ValidationError("officer '\(id)' exists; remove them first to issue a new token (nothing was changed)")
        }
        let token = Self.newToken()
        let officers = deployment.officers + [Deployment.Officer(id: id, name: name, roles: roles, tokenHash: Deployment.Officer.hash(token),
                                                                      email: email)]
        try Self.write(officers, to: officersPath)
        Console.current.out("officer '\(id)' added to \(officersPath)")
        Console.current.out("token (shown once, give it to \(name) privately): \(token)")
    }

    /// 32 random bytes from the system's secure generator, URL-safe base64.
    /// The position of officer `id` in `officers`, or a refusal naming the closest id.
    static func index(of id: String, in officers: [Deployment.Officer], what: String = "") throws -> Int {
        guard let index = officers.firstIndex(where: { $0.id == id }) else {
            throw ValidationError("no officer '\(id)'" + (what.isEmpty ? "" : " \(what)")
                + (closestMatch(to: id, in: officers.map(\.id)).map { "; did you mean '\($0)'?" } ?? ""))
        }
        return index
    }

    static func newToken() -> String {
        var rng = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
        return "sop_" + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Replaces the officers file atomically: a crash leaves the old file or the new, never half.
    static func write(_ officers: [Deployment.Officer], to path: String) throws {
        let text = DeploymentLoader.officersFile(officers)
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            Console.current.err("error: cannot write \(path): \(error.localizedDescription) (nothing was changed)")
            throw ExitCode(1)
        }
    }
}

struct RemoveOfficer: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove-officer", abstract: "Remove an officer; their token stops working.")

    @OptionGroup var options: DeploymentOptions
    @Option(help: "The officer's id.") var id: String

    func run() throws {
        let (deployment, officersPath, _) = try options.load()
        _ = try AddOfficer.index(of: id, in: deployment.officers)
        let covered = deployment.officers.filter { $0.leave.contains { $0.substitute == id } }.map(\.id)
        guard covered.isEmpty else {
            throw ValidationError("officer '\(id)' substitutes for \(covered.joined(separator: ", ")) while on leave; end that leave first (`sop deploy end-leave`)")
        }
        try AddOfficer.write(deployment.officers.filter { $0.id != id }, to: officersPath)
        Console.current.out("officer '\(id)' removed from \(officersPath)")
    }
}

struct ListOfficers: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list-officers", abstract: "List the officers: id, name and roles (never their token hashes).")

    @OptionGroup var options: DeploymentOptions
    @Option(help: "text or json.") var format: OutputFormat = .text

    struct Row: Encodable { var id: String; var name: String; var roles: [String]; var email: String?; var leave: [LeaveRow]? }
    struct LeaveRow: Encodable { var from: String; var to: String; var substitute: String }
    struct Listing: Encodable { var officers: [Row] }

    func run() throws {
        let (deployment, _, _) = try options.load()
        let officers = deployment.officers.sorted { $0.id < $1.id }
        switch format {
        case .json:
            Console.current.out(try JSON.encode(Listing(officers: officers.map { o in
                Row(id: o.id, name: o.name, roles: o.roles, email: o.email,
                    leave: o.leave.isEmpty ? nil : o.leave.map { LeaveRow(from: "\($0.from)", to: "\($0.to)", substitute: $0.substitute) })
            })))
        case .text:
            guard !officers.isEmpty else {
                Console.current.out("no officers (add one with `sop deploy add-officer`)")
                return
            }
            let nameWidth = min(40, max(4, officers.map(\.name.count).max() ?? 0))
            var table = TextTable([("ID", max(2, officers.map(\.id.count).max() ?? 0)), ("NAME", nameWidth), ("ROLES", 40),
                                   ("LEAVE", 48)])
            for o in officers {
                let leave = o.leave.map { "\($0.from)–\($0.to) → \($0.substitute)" }.joined(separator: "; ")
                table.add([o.id, o.name, o.roles.joined(separator: ", "), leave.isEmpty ? "—" : leave])
            }
            Console.current.out(table.render())
        }
    }
}

struct RotateToken: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate-token",
        abstract: "Issue an officer a new token and print it once; the old token and the officer's web sessions stop working.")

    @OptionGroup var options: DeploymentOptions
    @Argument(help: "The officer's id.") var officer: String

    func run() throws {
        let token = AddOfficer.newToken()
        let (_, changed, officersPath) = try options.changeOfficer(officer) { o, _ in o.tokenHash = Deployment.Officer.hash(token) }
        Console.current.out("officer '\(officer)': new token written to \(officersPath); the old one no longer works")
        Console.current.out("token (shown once, give it to \(changed.name) privately): \(token)")
    }
}

/// `sop deploy set-email`: where an officer's reminders and escalations go.
struct SetEmail: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set-email",
        abstract: "Set (or with --none remove) the e-mail address an officer's reminders and escalations go to.")

    @OptionGroup var options: DeploymentOptions
    @Argument(help: "The officer's id.") var officer: String
    @Argument(help: "The address, e.g. nama@dinas.example.go.id.") var email: String?
    @Flag(help: "Remove the officer's address.") var none = false

    func validate() throws {
        guard (email == nil) == none else { throw ValidationError("give an address, or --none to remove it") }
        if let email, !Deployment.Officer.isEmail(email) { throw ValidationError("'\(email)' is not an e-mail address") }
    }

    func run() throws {
        let officersPath = try options.changeOfficer(officer) { o, _ in o.email = email }.path
        Console.current.out(email.map { "officer '\(officer)': reminders go to \($0) (\(officersPath))" }
                            ?? "officer '\(officer)': no e-mail address (\(officersPath))")
    }
}

/// `sop deploy set-leave`: an officer away for a period, and who acts for them.
struct SetLeave: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set-leave",
        abstract: "Record an officer's leave (both dates included) and the substitute who completes their tasks meanwhile.")

    @OptionGroup var options: DeploymentOptions
    @Argument(help: "The officer who is away.") var officer: String
    @Option(help: "First day of the leave (YYYY-MM-DD, the agency's zone).") var from: String
    @Option(help: "Last day of the leave (YYYY-MM-DD).") var to: String
    @Option(help: "The officer who acts for them.") var substitute: String

    func run() throws {
        let ((start, end), _, officersPath) = try options.changeOfficer(officer) { o, officers in
            _ = try AddOfficer.index(of: substitute, in: officers, what: "to substitute")
            guard substitute != officer else { throw ValidationError("an officer cannot substitute for themself") }
            guard let first = CivilDate(iso: from) else { throw ValidationError("--from '\(from)' is not a date (YYYY-MM-DD)") }
            guard let last = CivilDate(iso: to) else { throw ValidationError("--to '\(to)' is not a date (YYYY-MM-DD)") }
            guard first <= last else { throw ValidationError("the leave ends (\(last)) before it starts (\(first))") }
            if let overlap = o.leave.first(where: { $0.from <= last && first <= $0.to }) {
                throw ValidationError("'\(officer)' is already on leave \(overlap.from)–\(overlap.to) (substitute \(overlap.substitute)); end it first (`sop deploy end-leave`)")
            }
            o.leave.append(.init(from: first, to: last, substitute: substitute))
            return (first, last)
        }
        Console.current.out("officer '\(officer)' on leave \(start)–\(end); '\(substitute)' acts for them (\(officersPath))")
    }
}

/// `sop deploy end-leave`: the officer is back; their tasks are theirs again.
struct EndLeave: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "end-leave", abstract: "End an officer's leave: the leave covering --on, or every leave of theirs when it is omitted.")

    @OptionGroup var options: DeploymentOptions
    @Argument(help: "The officer who is back.") var officer: String
    @Option(help: "A day of the leave to end (YYYY-MM-DD); every leave of the officer when omitted.") var on: String?

    func run() throws {
        let (ended, _, officersPath) = try options.changeOfficer(officer) { o, _ in
            let before = o.leave.count
            if let on {
                guard let day = CivilDate(iso: on) else { throw ValidationError("--on '\(on)' is not a date (YYYY-MM-DD)") }
                o.leave.removeAll { $0.covers(day) }
            } else {
                o.leave.removeAll()
            }
            guard o.leave.count < before else { throw ValidationError("'\(officer)' has no such leave") }
            return before - o.leave.count
        }
        Console.current.out("officer '\(officer)': \(ended) leave ended (\(officersPath))")
    }
}
