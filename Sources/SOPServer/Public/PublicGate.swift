import SOPCore

/// The public side's budgets, per fixed window, so that an office's shared Wi-Fi or a kiosk
/// is not refused for honest use while a script is slowed down and then stopped:
///
/// - **Filing, per address**: the deployment's `public.rateLimit` is the honest budget. Past
///   it, a filing needs the answer to a simple question (``PublicQuestion``): people at one
///   address go on filing, a loop does not. Past ten times the budget the address is refused
///   (429) until the window ends.
/// - **Tracking, per code**: one code is looked up at most ``lookupsPerCode`` times a
///   minute, whoever asks, so a shared address with many complainants is never the unit.
/// - **Guessing, per address**: lookups of codes that name no complaint (a well-formed code
///   with a valid check character; a mistyped one is told apart for free) count against the
///   address, at most ``missesPerAddress`` in ten minutes.
///
/// Shared by every request, hence an actor. The counts live in this process: behind several
/// nodes each node counts on its own.
actor PublicGate {
    struct Budget: Sendable {
        var limit: Int
        var window: Int64
    }

    let filing: Budget
    static let ceilingFactor = 10
    static let lookupsPerCode = Budget(limit: 30, window: 60)
    static let missesPerAddress = Budget(limit: 20, window: 600)

    nonisolated let question: PublicQuestion
    private var windows: [String: (start: Int64, count: Int)] = [:]
    /// Nonces of answered questions, until their expiry.
    private var answered: [String: Int64] = [:]

    init(filing: Budget, question: PublicQuestion = PublicQuestion()) {
        self.filing = filing
        self.question = question
    }

    /// What a filing from `address` may do.
    enum Admission: Equatable, Sendable {
        case allowed
        /// The honest budget is used: the filing needs the answer to this question.
        /// `wrongAnswer` when one was given and it was not right (or had been used).
        case question(PublicQuestion.Asked, wrongAnswer: Bool)
        /// Past the ceiling: refused until the window ends.
        case refused
    }

    /// Counts a filing from `address` at `now` when it is admitted; with `challenge` and
    /// `answer` from the form once the budget is used.
    func admitFiling(from address: String, challenge: String?, answer: String?, now: Instant, lang: String) -> Admission {
        let key = "file|" + address
        let used = count(key, filing, now: now)
        if used >= filing.limit * Self.ceilingFactor { return .refused }
        if used >= filing.limit {
            guard let challenge, let answer, let (nonce, expiry) = question.check(challenge: challenge, answer: answer, now: now),
                  answered[nonce] == nil else {
                var rng = SystemRandomNumberGenerator()
                return .question(question.ask(now: now, lang: lang, using: &rng), wrongAnswer: challenge != nil || answer != nil)
            }
            forgetExpired(now)
            answered[nonce] = expiry
        }
        bump(key, filing, now: now)
        return .allowed
    }

    /// The question to show on the form before the filing, when `address` has used its budget.
    func pendingQuestion(for address: String, now: Instant, lang: String) -> PublicQuestion.Asked? {
        let used = count("file|" + address, filing, now: now)
        guard used >= filing.limit, used < filing.limit * Self.ceilingFactor else { return nil }
        var rng = SystemRandomNumberGenerator()
        return question.ask(now: now, lang: lang, using: &rng)
    }

    /// Whether a lookup of `code` from `address` may go ahead (and counts it): false when the
    /// code was looked up too often this minute, or the address has guessed too often.
    func admitLookup(of code: String, from address: String, now: Instant) -> Bool {
        guard count("miss|" + address, Self.missesPerAddress, now: now) < Self.missesPerAddress.limit,
              count("code|" + code, Self.lookupsPerCode, now: now) < Self.lookupsPerCode.limit else { return false }
        bump("code|" + code, Self.lookupsPerCode, now: now)
        return true
    }

    /// Counts a lookup of a code that names no complaint against `address`.
    func recordMiss(from address: String, now: Instant) {
        bump("miss|" + address, Self.missesPerAddress, now: now)
    }

    // MARK: Windows

    private func start(_ budget: Budget, _ now: Instant) -> Int64 {
        now.secondsSinceEpoch - now.secondsSinceEpoch % budget.window
    }

    private func count(_ key: String, _ budget: Budget, now: Instant) -> Int {
        guard let w = windows[key], w.start == start(budget, now) else { return 0 }
        return w.count
    }

    private func bump(_ key: String, _ budget: Budget, now: Instant) {
        let s = start(budget, now)
        // Bounded: past 10,000 keys, those of ended windows go (a key of any budget whose
        // window is the longest, ten minutes, is kept while it may still count).
        if windows.count > 10_000 { windows = windows.filter { $0.value.start + 600 > now.secondsSinceEpoch } }
        var w = windows[key] ?? (s, 0)
        if w.start != s { w = (s, 0) }
        w.count += 1
        windows[key] = w
    }

    private func forgetExpired(_ now: Instant) {
        guard answered.count > 1_000 else { return }
        answered = answered.filter { $0.value >= now.secondsSinceEpoch }
    }
}
