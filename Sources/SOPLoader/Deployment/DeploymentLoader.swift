import Foundation
import SOPCore

/// Loads a deployment file (`format: sop-deployment/v1`) and the officers file it names
/// (`format: sop-officers/v1`, written by `sop deploy add-officer`), reporting every problem
/// with file:line:column. Paths in them are relative to the file that names them.
public enum DeploymentLoader {
    public struct Result: Sendable {
        public var deployment: Deployment?
        /// The officers file, resolved (where `sop deploy add-officer` writes).
        public var officersPath: String?
        public var diagnostics: [Diagnostic]
        public var texts: [String: String]
    }

    public static let format = "sop-deployment/v1"
    public static let officersFormat = "sop-officers/v1"

    public static func load(path: String) -> Result {
        let read = YAMLReader.read(path: path)
        var texts: [String: String] = [:]
        if let text = read.text { texts[path] = text }
        guard let root = read.root else { return Result(deployment: nil, officersPath: nil, diagnostics: read.diagnostics, texts: texts) }
        var d = NodeDecoder()
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        func resolve(_ name: String) -> String { name.hasPrefix("/") ? name : URL(fileURLWithPath: name, relativeTo: URL(fileURLWithPath: directory, isDirectory: true)).standardizedFileURL.path }
        guard let f = d.fields(root, "", what: "the deployment file", required: ["format", "agency", "sops", "database", "officers"],
                               optional: ["calendar", "listen", "documentLimit", "public", "sessions", "timers", "notifications"]) else {
            return Result(deployment: nil, officersPath: nil, diagnostics: read.diagnostics + d.diagnostics, texts: texts)
        }
        if let format = d.string(f["format"], "format", what: "format"), format != Self.format {
            d.report(.unsupportedFormat, "format '\(format)' is not a deployment format", at: f["format"]!.location,
                     hint: "deployment files start with `format: \(Self.format)`")
        }
        let agency = d.string(f["agency"], "agency", what: "agency")
        let sops = d.strings(f["sops"], "sops", what: "sops")
        if sops.isEmpty, let n = f["sops"] { d.report(.invalidValue, "a deployment runs at least one SOP", at: n.location) }
        for (k, name) in sops.enumerated() where !FileManager.default.fileExists(atPath: resolve(name)) {
            d.report(.invalidValue, "SOP file '\(name)' does not exist", at: f["sops"]?.sequenceItems[safe: k]?.location ?? root.location,
                     hint: "paths are relative to this file")
        }
        let calendar = d.string(f["calendar"], "calendar", what: "calendar")
        let database = d.string(f["database"], "database", what: "database")
        var host = "127.0.0.1", port = 8080
        var publicURL: String?
        var trustedProxies: [String] = []
        var connections = Deployment.Connections()
        /// A whole number in `range`, or the default with a located diagnostic.
        func bounded(_ node: YAMLValue?, _ path: String, _ range: ClosedRange<Int>, unit: String) -> Int? {
            guard let node, let v = d.int(node, path, what: path) else { return nil }
            guard range.contains(v) else {
                d.report(.invalidValue, "\(path) must be \(range.lowerBound) to \(range.upperBound) \(unit), not \(v)", at: node.location)
                return nil
            }
            return v
        }
        if let n = f["listen"], let l = d.fields(n, "listen", what: "listen", required: [],
                                                 optional: ["host", "port", "publicURL", "idleTimeout", "requestTimeout", "connectionsPerAddress",
                                                            "trustedProxies"]) {
            host = d.string(l["host"], "listen.host", what: "host") ?? host
            if let p = d.int(l["port"], "listen.port", what: "port") {
                if (1...65535).contains(p) { port = p } else {
                    d.report(.invalidValue, "port \(p) is not between 1 and 65535", at: l["port"]!.location)
                }
            }
            if let u = d.string(l["publicURL"], "listen.publicURL", what: "public URL") {
                let lower = u.lowercased()
                if lower.hasPrefix("https://") || lower.hasPrefix("http://") { publicURL = u } else {
                    d.report(.invalidValue, "listen.publicURL must start with https:// or http://, not '\(u)'", at: l["publicURL"]!.location)
                }
            }
            connections.idleTimeout = bounded(l["idleTimeout"], "listen.idleTimeout", 1...3600, unit: "seconds") ?? connections.idleTimeout
            connections.requestTimeout = bounded(l["requestTimeout"], "listen.requestTimeout", 1...3600, unit: "seconds") ?? connections.requestTimeout
            connections.perAddress = bounded(l["connectionsPerAddress"], "listen.connectionsPerAddress", 1...100_000, unit: "connections")
                ?? connections.perAddress
            if let n = l["trustedProxies"] {
                for (k, address) in d.strings(n, "listen.trustedProxies", what: "trusted proxies").enumerated() {
                    if let normal = IPAddressText.normalized(address) { trustedProxies.append(normal) } else {
                        d.report(.invalidValue, "listen.trustedProxies[\(k)] '\(address)' is not an IPv4 or IPv6 address",
                                 at: n.sequenceItems[safe: k]?.location ?? n.location,
                                 hint: "list the proxy's own address as it connects to this server, e.g. 127.0.0.1 for nginx on the same host")
                    }
                }
            }
        }
        var sessions = Deployment.Sessions()
        if let n = f["sessions"], let s = d.fields(n, "sessions", what: "sessions", required: [], optional: ["idleMinutes", "maxHours"]) {
            sessions.idleMinutes = bounded(s["idleMinutes"], "sessions.idleMinutes", 1...1440, unit: "minutes") ?? sessions.idleMinutes
            sessions.maxHours = bounded(s["maxHours"], "sessions.maxHours", 1...168, unit: "hours") ?? sessions.maxHours
        }
        var timers = Deployment.Timers()
        if let n = f["timers"], let t = d.fields(n, "timers", what: "timers", required: [], optional: ["intervalSeconds"]) {
            timers.intervalSeconds = bounded(t["intervalSeconds"], "timers.intervalSeconds", 1...86_400, unit: "seconds") ?? timers.intervalSeconds
        }
        var notifications = Deployment.Notifications()
        if let n = f["notifications"], let o = d.fields(n, "notifications", what: "notifications", required: [],
                                                        optional: ["smtp", "webhook", "timeoutSeconds", "maxAttempts"]) {
            if let m = o["smtp"], let smtp = d.fields(m, "notifications.smtp", what: "SMTP", required: ["host", "from"], optional: ["port"]) {
                let host = d.string(smtp["host"], "notifications.smtp.host", what: "SMTP host")
                let port = bounded(smtp["port"], "notifications.smtp.port", 1...65535, unit: "") ?? 25
                let from = d.string(smtp["from"], "notifications.smtp.from", what: "sender")
                if let from, !Deployment.Officer.isEmail(from) {
                    d.report(.invalidValue, "notifications.smtp.from '\(from.prefix(80))' is not an e-mail address", at: smtp["from"]!.location,
                             hint: "the sender of reminders, e.g. layanan@dpmptsp.example.go.id")
                }
                if let host, let from, Deployment.Officer.isEmail(from) { notifications.smtp = .init(host: host, port: port, from: from) }
            }
            if let w = o["webhook"], let hook = d.fields(w, "notifications.webhook", what: "webhook", required: ["url"], optional: []),
               let url = d.string(hook["url"], "notifications.webhook.url", what: "webhook URL") {
                let lower = url.lowercased()
                if (lower.hasPrefix("https://") || lower.hasPrefix("http://")), URL(string: url)?.host != nil {
                    notifications.webhook = .init(url: url)
                } else {
                    d.report(.invalidValue, "notifications.webhook.url must be an https:// or http:// address, not '\(url.prefix(80))'",
                             at: hook["url"]!.location)
                }
            }
            notifications.timeoutSeconds = bounded(o["timeoutSeconds"], "notifications.timeoutSeconds", 1...300, unit: "seconds")
                ?? notifications.timeoutSeconds
            notifications.maxAttempts = bounded(o["maxAttempts"], "notifications.maxAttempts", 1...100, unit: "attempts") ?? notifications.maxAttempts
        }
        var limit = 10 << 20
        if let n = f["documentLimit"], let v = d.int(n, "documentLimit", what: "document limit") {
            if v > 0 { limit = v } else { d.report(.invalidValue, "documentLimit must be a positive number of bytes", at: n.location) }
        }
        var publicSOP: String?
        var rate = Deployment.RateLimit(requests: 5, perSeconds: 60)
        var publicBodyLimit = 256 << 10
        if let n = f["public"], let p = d.fields(n, "public", what: "public", required: ["sop"], optional: ["rateLimit", "bodyLimit"]) {
            publicSOP = d.id(p["sop"], "public.sop", what: "public SOP")
            publicBodyLimit = bounded(p["bodyLimit"], "public.bodyLimit", 1024...(64 << 20), unit: "bytes") ?? publicBodyLimit
            if let r = p["rateLimit"], let rl = d.fields(r, "public.rateLimit", what: "rate limit", required: ["requests", "perSeconds"], optional: []) {
                if let req = d.int(rl["requests"], "public.rateLimit.requests", what: "requests"),
                   let per = d.int(rl["perSeconds"], "public.rateLimit.perSeconds", what: "perSeconds") {
                    if req > 0 && per > 0 { rate = .init(requests: req, perSeconds: per) } else {
                        d.report(.invalidValue, "a rate limit needs positive numbers", at: r.location)
                    }
                }
            }
        }
        var diagnostics = read.diagnostics + d.diagnostics
        var officers: [Deployment.Officer] = []
        var officersPath: String?
        if let name = d.string(f["officers"], "officers", what: "officers file") {
            let path = resolve(name)
            officersPath = path
            if FileManager.default.fileExists(atPath: path) {
                let loaded = loadOfficers(path: path)
                officers = loaded.officers
                diagnostics += loaded.diagnostics
                texts.merge(loaded.texts) { a, _ in a }
            }
            // A missing officers file is an empty one: `sop deploy add-officer` creates it.
        }
        guard !diagnostics.hasErrors, let agency, let database else {
            return Result(deployment: nil, officersPath: officersPath, diagnostics: diagnostics.sortedForOutput(), texts: texts)
        }
        let deployment = Deployment(agency: agency, sops: sops.map(resolve), calendar: calendar.map(resolve), database: Deployment.isDatabaseURL(database) ? database : resolve(database),
                                    host: host, port: port, documentLimit: limit, publicSOP: publicSOP, publicRateLimit: rate,
                                    publicBodyLimit: publicBodyLimit, officers: officers, publicURL: publicURL,
                                    connections: connections, sessions: sessions, timers: timers, officersFile: officersPath,
                                    trustedProxies: trustedProxies, notifications: notifications)
        return Result(deployment: deployment, officersPath: officersPath, diagnostics: diagnostics.sortedForOutput(), texts: texts)
    }

    public static func loadOfficers(path: String) -> (officers: [Deployment.Officer], diagnostics: [Diagnostic], texts: [String: String]) {
        let read = YAMLReader.read(path: path)
        let texts = read.text.map { [path: $0] } ?? [:]
        guard let root = read.root else { return ([], read.diagnostics, texts) }
        var d = NodeDecoder()
        guard let f = d.fields(root, "", what: "the officers file", required: ["format", "officers"], optional: []) else {
            return ([], read.diagnostics + d.diagnostics, texts)
        }
        if let format = d.string(f["format"], "format", what: "format"), format != officersFormat {
            d.report(.unsupportedFormat, "format '\(format)' is not an officers file", at: f["format"]!.location,
                     hint: "officers files start with `format: \(officersFormat)`")
        }
        var seen: [String: SourceLocation] = [:]
        var substitutes: [(String, SourceLocation)] = []
        let officers = d.list(f["officers"], "officers", what: "officers") { d, n, p -> Deployment.Officer? in
            guard let o = d.fields(n, p, what: "an officer", required: ["id", "name", "roles", "token"], optional: ["leave", "email"]) else { return nil }
            let id = d.id(o["id"], "\(p).id", what: "officer id")
            let name = d.string(o["name"], "\(p).name", what: "officer name")
            let roles = d.strings(o["roles"], "\(p).roles", what: "roles")
            let token = d.string(o["token"], "\(p).token", what: "token hash")
            let email = d.string(o["email"], "\(p).email", what: "e-mail address")
            if let email, !Deployment.Officer.isEmail(email) {
                d.report(.invalidValue, "'\(email.prefix(80))' is not an e-mail address", at: o["email"]!.location,
                         hint: "one address, like nama@dinas.example.go.id, without a display name or brackets")
                return nil
            }
            if let token, !Self.isTokenHash(token) {
                d.report(.invalidFormat, "token must be stored hashed, as `sha256:` and 64 hex digits", at: o["token"]!.location,
                         hint: "never write a token itself here; `sop deploy add-officer` issues one and stores its hash")
                return nil
            }
            if let id, let l = o["id"]?.location {
                if let first = seen[id] {
                    d.report(.duplicateID, "officer '\(id)' is listed twice (first at line \(first.line))", at: l)
                }
                seen[id] = l
            }
            let leave = d.list(o["leave"], "\(p).leave", what: "leave") { d, n, p -> (Deployment.Officer.Leave, SourceLocation)? in
                guard let l = d.fields(n, p, what: "a leave", required: ["from", "to", "substitute"], optional: []) else { return nil }
                let from = d.date(l["from"], "\(p).from", what: "leave start")
                let to = d.date(l["to"], "\(p).to", what: "leave end")
                let substitute = d.id(l["substitute"], "\(p).substitute", what: "substitute")
                guard let from, let to, let substitute else { return nil }
                if to < from {
                    d.report(.invalidValue, "the leave ends (\(to)) before it starts (\(from))", at: l["to"]!.location,
                             hint: "both dates are included: a one-day leave has the same from and to")
                    return nil
                }
                if substitute == id {
                    d.report(.invalidValue, "an officer cannot substitute for themself", at: l["substitute"]!.location,
                             hint: "name the officer who acts for them while they are away")
                    return nil
                }
                return (Deployment.Officer.Leave(from: from, to: to, substitute: substitute), l["substitute"]!.location)
            } ?? []
            guard let id, let name, let token else { return nil }
            substitutes += leave.map { ($0.0.substitute, $0.1) }
            return Deployment.Officer(id: id, name: name, roles: roles, tokenHash: token, leave: leave.map(\.0), email: email)
        } ?? []
        // A substitute must be an officer of this file.
        let ids = Set(officers.map(\.id))
        for (substitute, location) in substitutes where !ids.contains(substitute) {
            d.report(.invalidValue, "substitute '\(substitute)' is not an officer of this deployment", at: location,
                     hint: closestMatch(to: substitute, in: ids.sorted()).map { "did you mean '\($0)'?" } ?? "add the officer first (`sop deploy add-officer`)")
        }
        return (officers, read.diagnostics + d.diagnostics, texts)
    }

    static func isTokenHash(_ text: String) -> Bool {
        guard text.hasPrefix("sha256:") else { return false }
        let hex = text.dropFirst(7)
        return hex.count == 64 && hex.allSatisfy { ("0"..."9").contains($0) || ("a"..."f").contains($0) }
    }

    /// The officers file's text for `officers`, in a stable order (by id).
    public static func officersFile(_ officers: [Deployment.Officer]) -> String {
        var out = """
            # yaml-language-server: $schema=../schemas/officers.schema.json
            # Officers of this deployment, managed by `sop deploy add-officer` and `sop deploy remove-officer`.
            # Tokens are stored as their SHA-256 only: a lost token is replaced, never recovered.
            format: \(officersFormat)
            officers:

            """
        if officers.isEmpty { return out.replacingOccurrences(of: "officers:\n", with: "officers: []\n") }
        for o in officers.sorted(by: { $0.id < $1.id }) {
            out += "  - id: \(YAMLEmitter.scalar(o.id, .string))\n"
            out += "    name: \(YAMLEmitter.scalar(o.name, .string))\n"
            out += "    roles: [\(o.roles.map { YAMLEmitter.scalar($0, .string) }.joined(separator: ", "))]\n"
            out += "    token: \(o.tokenHash)\n"
            if let email = o.email { out += "    email: \(YAMLEmitter.scalar(email, .string))\n" }
            if !o.leave.isEmpty {
                out += "    leave:\n"
                for l in o.leave.sorted(by: { ($0.from, $0.to) < ($1.from, $1.to) }) {
                    out += "      - {from: \(l.from), to: \(l.to), substitute: \(YAMLEmitter.scalar(l.substitute, .string))}\n"
                }
            }
        }
        return out
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
