/// One agency's deployment, as `sop serve` will run it: the SOPs it runs, its calendar, its
/// database, where it listens, who its officers are and what the public may do.
///
/// Officers' tokens are never stored: only the SHA-256 of each (tokens are 256-bit random
/// values, so a fast hash is enough), issued once by `sop deploy add-officer`.
public struct Deployment: Sendable, Hashable {
    public struct Officer: Sendable, Hashable {
        public var id: String
        public var name: String
        /// Role ids (SOP lanes) the officer may act in.
        public var roles: [String]
        /// `sha256:` and the lowercase hex SHA-256 of the officer's token.
        public var tokenHash: String

        public init(id: String, name: String, roles: [String], tokenHash: String) {
            self.id = id
            self.name = name
            self.roles = roles
            self.tokenHash = tokenHash
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
    }

    public struct RateLimit: Sendable, Hashable {
        public var requests: Int
        public var perSeconds: Int

        public init(requests: Int, perSeconds: Int) {
            self.requests = requests
            self.perSeconds = perSeconds
        }
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
    public var officers: [Officer]

    public init(agency: String, sops: [String], calendar: String? = nil, database: String, host: String = "127.0.0.1",
                port: Int = 8080, documentLimit: Int = 10 << 20, publicSOP: String? = nil,
                publicRateLimit: RateLimit = RateLimit(requests: 5, perSeconds: 60), officers: [Officer] = []) {
        self.agency = agency
        self.sops = sops
        self.calendar = calendar
        self.database = database
        self.host = host
        self.port = port
        self.documentLimit = documentLimit
        self.publicSOP = publicSOP
        self.publicRateLimit = publicRateLimit
        self.officers = officers
    }

    /// The officer whose token this is.
    public func officer(token: String) -> Officer? { officers.first { $0.accepts(token: token) } }
}
