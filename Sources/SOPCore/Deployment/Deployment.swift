/// One agency's deployment, as `sop serve` will run it: the SOPs it runs, its calendar, its
/// database, where it listens, who its officers are and what the public may do.
///
/// Officers' tokens are never stored: only the SHA-256 of each (tokens are 256-bit random
/// values, so a fast hash is enough), issued once by `sop deploy add-officer`.
public struct Deployment: Sendable, Hashable {
    /// The role, besides the SOPs' lanes, that lets an officer publish a revision of an SOP to
    /// its running cases (`POST /api/sops/{id}/migrate`).
    public static let administratorRole = "administrator"

    /// Whether `database` names a PostgreSQL server (`postgres://user@host:port/database`)
    /// rather than an SQLite file.
    public static func isDatabaseURL(_ database: String) -> Bool {
        database.hasPrefix("postgres://") || database.hasPrefix("postgresql://")
    }

    public struct Officer: Sendable, Hashable {
        public var id: String
        public var name: String
        /// Role ids (SOP lanes) the officer may act in.
        public var roles: [String]
        /// `sha256:` and the lowercase hex SHA-256 of the officer's token.
        public var tokenHash: String
        /// Periods of leave, each with the officer who substitutes (``Leave``).
        public var leave: [Leave]
        /// Where reminders and escalations reach the officer by e-mail, if anywhere.
        public var email: String?

        public init(id: String, name: String, roles: [String], tokenHash: String, leave: [Leave] = [], email: String? = nil) {
            self.id = id
            self.name = name
            self.roles = roles
            self.tokenHash = tokenHash
            self.leave = leave
            self.email = email
        }

        /// Whether `text` is an e-mail address a message can be sent to: one `@` with a
        /// local part and a domain with a dot, at most 254 characters, no spaces, no control
        /// characters and none of `<>,;"` (so an address never breaks a mail header).
        public static func isEmail(_ text: String) -> Bool {
            guard text.utf8.count <= 254, text.unicodeScalars.allSatisfy({ $0.value > 32 && $0.value < 127 && !"<>,;\"()[]\\".unicodeScalars.contains($0) })
            else { return false }
            let parts = text.split(separator: "@", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64 else { return false }
            let domain = parts[1].split(separator: ".", omittingEmptySubsequences: false)
            return domain.count >= 2 && domain.allSatisfy { !$0.isEmpty }
        }

        /// Whether `token` is this officer's, compared in constant time.
        public func accepts(token: String) -> Bool {
            let given = Array(Self.hash(token).utf8), stored = Array(tokenHash.utf8)
            guard given.count == stored.count else { return false }
            var difference: UInt8 = 0
            for (a, b) in zip(given, stored) { difference |= a ^ b }
            return difference == 0
        }

        /// The stored form of a token.
        public static func hash(_ token: String) -> String { "sha256:" + SHA256.hex(Array(token.utf8)) }

        /// What a web session remembers of the officer at sign-in: the SHA-256 of their token
        /// hash and roles. A rotated token or changed roles give another value, and the
        /// session ends; the token hash itself is not kept with the session.
        public var sessionFingerprint: String {
            SHA256.hex(Array((tokenHash + "\n" + roles.joined(separator: ",")).utf8))
        }
    }

    public struct RateLimit: Sendable, Hashable {
        public var requests: Int
        public var perSeconds: Int

        public init(requests: Int, perSeconds: Int) {
            self.requests = requests
            self.perSeconds = perSeconds
        }
    }

    /// How the server guards its connections: every limit has a default a small office can keep.
    public struct Connections: Sendable, Hashable {
        /// Seconds a connection may stay silent, before its first request and between requests
        /// (a request head must arrive whole within it too).
        public var idleTimeout: Int
        /// Seconds a client has to send one request, head and body, once it has begun.
        public var requestTimeout: Int
        /// Open connections one client address may hold; more are closed at once.
        public var perAddress: Int

        public init(idleTimeout: Int = 30, requestTimeout: Int = 120, perAddress: Int = 64) {
            self.idleTimeout = idleTimeout
            self.requestTimeout = requestTimeout
            self.perAddress = perAddress
        }
    }

    /// How long an officer's web session lasts: it ends after `idleMinutes` without a request
    /// and `maxHours` after signing in, whichever comes first.
    public struct Sessions: Sendable, Hashable {
        public var idleMinutes: Int
        public var maxHours: Int

        public init(idleMinutes: Int = 30, maxHours: Int = 12) {
            self.idleMinutes = idleMinutes
            self.maxHours = maxHours
        }
    }

    /// How often the server fires the due timers of its cases (withdrawals, automatic
    /// completions, reminders, escalations).
    public struct Timers: Sendable, Hashable {
        public var intervalSeconds: Int

        public init(intervalSeconds: Int = 60) {
            self.intervalSeconds = intervalSeconds
        }
    }

    /// Where reminders and escalations go: e-mail over SMTP to the officers, and a webhook
    /// (how offices connect WhatsApp or SMS gateways). Neither set: they are recorded on the
    /// case only.
    public struct Notifications: Sendable, Hashable {
        public struct SMTP: Sendable, Hashable {
            public var host: String
            public var port: Int
            /// The sender, e.g. `layanan@dpmptsp.example.go.id`.
            public var from: String

            public init(host: String, port: Int = 25, from: String) {
                self.host = host; self.port = port; self.from = from
            }
        }

        public struct Webhook: Sendable, Hashable {
            /// `https://` (or `http://` on the same host) address the JSON is posted to.
            public var url: String

            public init(url: String) { self.url = url }
        }

        public var smtp: SMTP?
        public var webhook: Webhook?
        /// Seconds one attempt may take (connect, send, answer).
        public var timeoutSeconds: Int
        /// Attempts before a delivery is given up (shown as failed on the case page).
        public var maxAttempts: Int

        public init(smtp: SMTP? = nil, webhook: Webhook? = nil, timeoutSeconds: Int = 20, maxAttempts: Int = 8) {
            self.smtp = smtp; self.webhook = webhook; self.timeoutSeconds = timeoutSeconds; self.maxAttempts = maxAttempts
        }

        public var isEmpty: Bool { smtp == nil && webhook == nil }
    }

    public var agency: String
    /// SOP files, as written (relative to the deployment file).
    public var sops: [String]
    /// A calendar file overriding the SOPs' own, if any.
    public var calendar: String?
    public var database: String
    public var host: String
    public var port: Int
    /// Largest document accepted, in bytes.
    public var documentLimit: Int
    /// The SOP id a public complaint opens, and how often one address may file.
    public var publicSOP: String?
    public var publicRateLimit: RateLimit
    /// Largest body of a public filing, in bytes (a complaint is at most 20,000 characters).
    public var publicBodyLimit: Int
    public var officers: [Officer]
    /// The officers file these officers were read from (resolved), which a running server
    /// watches: a change takes effect on the next request. Nil: the officers are fixed.
    public var officersFile: String?
    /// Addresses of reverse proxies (e.g. nginx on the same host) whose `X-Forwarded-For`
    /// names the client; from any other peer the header is ignored.
    public var trustedProxies: [String]
    /// The address the public and officers reach the server at, e.g. `https://lapor.example.go.id`
    /// behind a TLS proxy. An `https` address marks the session cookie `Secure`.
    public var publicURL: String?
    public var connections: Connections
    public var sessions: Sessions
    public var timers: Timers
    public var notifications: Notifications

    /// Whether browsers reach the server over TLS (directly or through a proxy), so cookies
    /// are sent over TLS only.
    public var secureCookies: Bool { publicURL?.lowercased().hasPrefix("https://") == true }

    public init(agency: String, sops: [String], calendar: String? = nil, database: String, host: String = "127.0.0.1",
                port: Int = 8080, documentLimit: Int = 10 << 20, publicSOP: String? = nil,
                publicRateLimit: RateLimit = RateLimit(requests: 5, perSeconds: 60), publicBodyLimit: Int = 256 << 10,
                officers: [Officer] = [], publicURL: String? = nil, connections: Connections = Connections(),
                sessions: Sessions = Sessions(), timers: Timers = Timers(), officersFile: String? = nil,
                trustedProxies: [String] = [], notifications: Notifications = Notifications()) {
        self.agency = agency
        self.sops = sops
        self.calendar = calendar
        self.database = database
        self.host = host
        self.port = port
        self.documentLimit = documentLimit
        self.publicSOP = publicSOP
        self.publicRateLimit = publicRateLimit
        self.publicBodyLimit = publicBodyLimit
        self.officers = officers
        self.publicURL = publicURL
        self.connections = connections
        self.sessions = sessions
        self.timers = timers
        self.officersFile = officersFile
        self.trustedProxies = trustedProxies
        self.notifications = notifications
    }

    /// The officer whose token this is.
    public func officer(token: String) -> Officer? { officers.first { $0.accepts(token: token) } }
}
