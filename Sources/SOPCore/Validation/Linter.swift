/// Checks beyond validity that an administrator values before publishing an SOP: a valid
/// SOP can still name the wrong lane in its text, promise more than the law allows, loop
/// without end, or produce papers nobody reads. (A step without a time is validation's own
/// warning, SOP044.) Reports warnings
/// with the lint rules' codes (``Rule/lint``).
public struct Linter: Sendable {
    /// Revision loops allowed to send a case back more often than this are reported.
    public var maxRounds: Int
    /// The legal limits the main path is measured against (working or calendar days).
    public var limits: [LegalLimit]

    public init(maxRounds: Int = 3, limits: [LegalLimit] = LegalLimit.undangUndang25of2009()) {
        self.maxRounds = maxRounds
        self.limits = limits
    }

    /// Whether `text` contains `word` not as part of a longer word ("pengadu" is not in "pengaduan").
    public static func containsWord(_ text: String, _ word: String) -> Bool {
        !occurrences(of: word, in: Array(text)).isEmpty
    }

    /// Where `word` stands in `text` as a whole word.
    static func occurrences(of word: String, in t: [Character]) -> [Int] {
        let w = Array(word)
        guard !w.isEmpty, t.count >= w.count else { return [] }
        var found: [Int] = []
        for start in 0...(t.count - w.count) where t[start] == w[0] && Array(t[start..<start + w.count]) == w {
            let before = start > 0 ? t[start - 1] : nil
            let after = start + w.count < t.count ? t[start + w.count] : nil
            if !(before?.isLetter ?? false) && !(after?.isLetter ?? false) { found.append(start) }
        }
        return found
    }

    /// The words that make a lane the other side of a hand-over, not the one working:
    /// "diteruskan kepada Kepala Dinas", "dikembalikan pada pemohon", "diterima dari Pengadu".
    /// ("oleh" is not one of them: "diperiksa oleh Kepala Dinas" says who does the work.)
    static let handOverWords: Set<String> = ["kepada", "ke", "pada", "dari", "untuk", "bagi"]

    /// The word just before `index` (skipping spaces and punctuation), as written.
    static func word(before index: Int, in t: [Character]) -> String {
        var end = index
        while end > 0, !t[end - 1].isLetter { end -= 1 }
        var start = end
        while start > 0, t[start - 1].isLetter { start -= 1 }
        return String(t[start..<end])
    }

    /// How `text` (lowercased) names `word`: not at all, only as the other side of a hand-over, or as the one working.
    public enum Mention: Sendable { case none, handOver, work }
    public static func mention(of word: String, in t: [Character]) -> Mention {
        let at = occurrences(of: word, in: t)
        if at.isEmpty { return .none }
        return at.allSatisfy { handOverWords.contains(Self.word(before: $0, in: t)) } ? .handOver : .work
    }

    /// The names a lane is written with: its title, and each part of a title such as
    /// "Masyarakat / Pengadu" (short ones left out, they match too much).
    static func names(of role: Role) -> [String] {
        var names: [String] = [role.title]
        for part in role.title.split(separator: "/") {
            names.append(String(part.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()))
        }
        return names.filter { $0.count >= 5 }
    }

    /// Words an SOP uses for the citizen besides its lane's title.
    static let citizenWords = ["pemohon", "pengadu", "pelapor", "masyarakat"]

    public func lint(_ sop: SOPDefinition, sourceMap: SourceMap) -> [Diagnostic] {
        var out: [Diagnostic] = []
        func report(_ rule: Rule, _ message: String, _ path: String, hint: String? = nil) {
            out.append(Diagnostic(rule, message, at: sourceMap.location(of: path) ?? sourceMap.location(of: ""), hint: hint))
        }
        // A step without a time is validation's warning SOP044 (missing-time); lint does not
        // repeat it (SOP070 is superseded).
        for (i, step) in sop.steps.enumerated() {
            let text = Array(step.activity.lowercased())
            // The complainant's lane is named in most activities as the one the work is for.
            let complainant = sop.startStep?.actor
            for role in sop.roles where role.id != step.actor && !step.participants.contains(role.id) && role.id != complainant {
                // Named only as the lane a file goes to or comes from, it is a hand-over, not a worker.
                if let shown = Self.names(of: role).first(where: { Self.mention(of: $0.lowercased(), in: text) == .work }) {
                    report(.activityNamesOtherRole,
                           "the activity of step \(step.number) names '\(shown)', but the step is done by '\(sop.role(step.actor)?.title ?? step.actor)'",
                           "steps[\(i)].activity",
                           hint: "if \(shown) does this work, make it the actor (or a participant); if the step hands over to it, the text is fine")
                }
            }
            for (k, o) in step.outcomes.enumerated() where o.revision {
                if let limit = o.maxRounds, limit <= maxRounds { continue }
                let message = o.maxRounds.map { "'\(o.id)' of step \(step.number) may send a case back \($0) times (more than \(maxRounds))" }
                    ?? "'\(o.id)' of step \(step.number) may send a case back without limit"
                report(.unboundedRevision, message, "steps[\(i)].outcomes[\(k)]",
                       hint: "add `maxRounds: \(min(2, maxRounds))` to the outcome; past it the reviewer must decide or escalate")
            }
        }
        // Legal limits on the main path (the critical path through any fork). Times are
        // converted to the limit's unit without overstating: a working day is at least 7/5
        // calendar days in a week, a calendar day at least 5/7 of a working day, and 450 office
        // minutes make a working day. The applicant's steps do not count: the law measures the
        // agency's time, and the agency's clock stops while the file is with the applicant
        // (UU 25/2009).
        let path = sop.mainPath
        let applicants = Set(sop.roles.filter(\.applicant).map(\.id))
        let hasReply = path.contains { sop.purpose(of: $0) == .reply }
        for limit in limits where limit.milestone != .reply || hasReply {
            var workingDays = 0.0, calendarDays = 0.0, officeMinutes = 0.0
            for step in path {
                switch applicants.contains(step.actor) ? nil : step.time?.unit {
                case .workingDays?: workingDays += Double(step.time!.value)
                case .calendarDays?: calendarDays += Double(step.time!.value)
                case .months?: calendarDays += Double(step.time!.value * 28)
                case .minutes?, .hours?: officeMinutes += Double(step.time!.officeMinutes!)
                case nil: break
                }
                let working = workingDays + officeMinutes / 450
                let days = limit.time.unit == .calendarDays ? (working * 7 / 5).rounded(.down) + calendarDays
                    : working + (calendarDays * 5 / 7).rounded(.down)
                let reached = limit.milestone == .reply ? sop.purpose(of: step) == .reply : step.kind == .end
                if Int(days.rounded(.down)) > limit.time.value {
                    let i = sop.steps.firstIndex { $0.id == step.id } ?? 0
                    let unit = limit.time.unit == .calendarDays ? "calendar days" : "working days"
                    report(.overLegalLimit,
                           "by step \(step.number) '\(step.id)' the standard time is at least \(Int(days.rounded(.down))) \(unit), more than the \(limit.time) of \(limit.source)",
                           "steps[\(i)].time", hint: "shorten the steps before the \(limit.milestone == .reply ? "reply" : "end"), or record why the law's limit does not apply")
                    break
                }
                if reached { break }
            }
        }
        // Outputs nobody takes in. What an end step produces is what the procedure delivers, and
        // a step whose text hands its work to the citizen ("tanda terima
        // yang diserahkan ke pemohon", "memberitahukan kepada pemohon") gives its outputs to them.
        let used = Set(sop.steps.flatMap { $0.inputs.map(\.document) })
        let recorded = Set(sop.records.map { $0.name.lowercased() })
        let citizen = Set(sop.roles.filter { $0.applicant || $0.id == sop.startStep?.actor }.flatMap(Self.names).map { $0.lowercased() } + Self.citizenWords)
        for (i, step) in sop.steps.enumerated() where step.kind != .end {
            let text = Array(step.activity.lowercased())
            if citizen.contains(where: { Self.mention(of: $0, in: text) == .handOver }) { continue }
            for (k, ref) in step.outputs.enumerated() where !used.contains(ref.document) {
                let name = sop.document(ref.document)?.name ?? ref.document
                if recorded.contains(name.lowercased()) { continue }
                report(.unusedOutput, "output '\(ref.document)' of step \(step.number) is never an input of a step nor a record", "steps[\(i)].outputs[\(k)]",
                       hint: "make it an input of the step that needs it, list it under records, or drop it")
            }
        }
        // A variant that still carries its base's Nomor SOP or signer prints another agency's
        // number and signature on its document.
        for (path, what) in [("identity.number", "Nomor SOP"), ("identity.approver.name", "signer"), ("identity.approver.nip", "signer's NIP")] {
            guard let at = sourceMap.location(of: path), at.file != sourceMap.file else { continue }
            let value = path == "identity.number" ? sop.identity.number : path == "identity.approver.name" ? sop.identity.approver.name ?? "" : sop.identity.approver.nip ?? ""
            out.append(Diagnostic(.inheritedIdentity, "the \(what) '\(value)' is its base's (\(at.file)), not this agency's", at: at,
                                  hint: "set \(path) in \(sourceMap.file)" + (path == "identity.number" ? "" : ", or null to leave it blank")))
        }
        return out.sortedForOutput()
    }
}
