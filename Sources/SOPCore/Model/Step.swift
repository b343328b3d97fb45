/// One row of the SOP flowchart table.
public struct Step: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// The terminator that opens the procedure; exactly one.
        case start
        /// A process rectangle.
        case task
        /// A diamond with named outcomes (approve, send back for revision).
        case decision
        /// A meeting ("rapat"): a task with several participating lanes.
        case meeting
        /// The terminator that closes the procedure.
        case end
    }

    /// A named answer of a decision ("Ya" / "Tidak") and the step it leads to, or the end
    /// of the case it makes ("tidak valid" closes it).
    public struct Outcome: Sendable, Hashable, Codable {
        public var id: String
        /// Label as printed next to the arrow, e.g. "Ya", "Tidak".
        public var label: String
        /// The step it leads to; nil when the outcome ends the case (``end``).
        public var next: String?
        /// True when this outcome sends work back to an earlier step for revision.
        public var revision: Bool
        /// For a revision: how many times it may send a case back before another outcome must
        /// be chosen (escalation); nil for no limit.
        public var maxRounds: Int?
        /// When set, choosing this outcome closes the case with this resolution
        /// (e.g. `ditolak`); ``next`` is then nil.
        public var end: String?

        public init(id: String, label: String, next: String?, revision: Bool = false, maxRounds: Int? = nil,
                    end: String? = nil) {
            self.id = id
            self.label = label
            self.next = next
            self.revision = revision
            self.maxRounds = maxRounds
            self.end = end
        }
    }

    /// The printed row number ("No").
    public var number: Int
    public var id: String
    public var kind: Kind
    /// The role id of the lane that performs the step (the first of several: its lane).
    public var actor: String
    /// Further roles any one of which may complete the step instead (`actor: [a, b]`).
    public var alternativeActors: [String]
    /// Other lanes taking part (meetings).
    public var participants: [String]
    /// The activity text ("Kegiatan" / "Uraian Prosedur") as written.
    public var activity: String
    /// Documents needed to perform the step ("Kelengkapan / Persyaratan").
    public var inputs: [DocumentRef]
    /// Documents the step produces ("Output").
    public var outputs: [DocumentRef]
    /// The standard time ("Waktu"); nil only when the document gives none.
    public var time: StandardTime?
    /// The "Keterangan" column.
    public var note: String?
    /// What the step does (see ``Purpose``); nil lets it be read from the activity.
    public var purpose: Purpose?
    /// The next step for a non-decision step; nil for an end step or a fork.
    public var next: String?
    /// The branches a fork starts at once (`next: [a, b]`); empty when the step does not fork.
    public var parallel: [String]
    /// Requirements that are not documents (a system, a fee, an appointment, equipment).
    public var requirements: [Requirement]
    /// What happens when the step's time runs out without action.
    public var timers: [StepTimer]
    /// Outcomes of a decision step.
    public var outcomes: [Outcome]
    /// Provenance marks for fields of this step the document does not state.
    public var provenance: [String: Provenance]

    public init(number: Int, id: String, kind: Kind, actor: String, participants: [String] = [],
                activity: String, inputs: [DocumentRef] = [], outputs: [DocumentRef] = [],
                time: StandardTime? = nil, note: String? = nil, purpose: Purpose? = nil, next: String? = nil,
                outcomes: [Outcome] = [], provenance: [String: Provenance] = [:],
                alternativeActors: [String] = [], parallel: [String] = [], requirements: [Requirement] = [],
                timers: [StepTimer] = []) {
        self.alternativeActors = alternativeActors
        self.parallel = parallel
        self.requirements = requirements
        self.timers = timers
        self.purpose = purpose
        self.number = number
        self.id = id
        self.kind = kind
        self.actor = actor
        self.participants = participants
        self.activity = activity
        self.inputs = inputs
        self.outputs = outputs
        self.time = time
        self.note = note
        self.next = next
        self.outcomes = outcomes
        self.provenance = provenance
    }

    /// Every step this one can hand over to, in declaration order.
    public var successors: [String] {
        if let next { return [next] }
        if !parallel.isEmpty { return parallel }
        return outcomes.compactMap(\.next)
    }

    /// The step taken when everything goes right: `next`, or the first outcome that is not a revision.
    /// For a fork, its first branch (``forwardSuccessors`` has them all).
    public var forwardSuccessor: String? {
        next ?? parallel.first ?? outcomes.first(where: { !$0.revision })?.next
    }

    /// The steps taken when everything goes right: every branch of a fork, else ``forwardSuccessor``.
    public var forwardSuccessors: [String] {
        if !parallel.isEmpty { return parallel }
        return forwardSuccessor.map { [$0] } ?? []
    }

    /// Every role that may complete the step: ``actor`` and its alternatives.
    public var actors: [String] { alternativeActors.isEmpty ? [actor] : [actor] + alternativeActors }

    /// Whether `role` may complete the step.
    public func isActor(_ role: String) -> Bool { role == actor || alternativeActors.contains(role) }

    /// Whether completing the step with `outcome` produces its outputs: always for a step that
    /// is not a decision or when no (known) outcome is given; for a decision, unless the outcome
    /// is a revision or ends the case.
    public func producesOutputs(outcome: String?) -> Bool {
        guard kind == .decision, let outcome else { return true }
        for k in outcomes.indices where outcomes[k].id == outcome { return !outcomes[k].revision && outcomes[k].end == nil }
        return true
    }

    /// Whether the step forks into parallel branches.
    public var isFork: Bool { !parallel.isEmpty }
}

extension Step {
    private enum Key: String, CodingKey {
        case number, id, kind, actor, participants, activity, inputs, outputs, time, note, purpose, next, outcomes
        case provenance, alternativeActors, parallel, requirements, timers
    }

    /// Written by hand so that fields added after the first release are left out when empty:
    /// a definition that does not use them keeps the canonical JSON, and so the content hash,
    /// it had before (a running case stays pinned to it).
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(number, forKey: .number)
        try c.encode(id, forKey: .id)
        try c.encode(kind, forKey: .kind)
        try c.encode(actor, forKey: .actor)
        try c.encode(participants, forKey: .participants)
        try c.encode(activity, forKey: .activity)
        try c.encode(inputs, forKey: .inputs)
        try c.encode(outputs, forKey: .outputs)
        try c.encodeIfPresent(time, forKey: .time)
        try c.encodeIfPresent(note, forKey: .note)
        try c.encodeIfPresent(purpose, forKey: .purpose)
        try c.encodeIfPresent(next, forKey: .next)
        try c.encode(outcomes, forKey: .outcomes)
        try c.encode(provenance, forKey: .provenance)
        if !alternativeActors.isEmpty { try c.encode(alternativeActors, forKey: .alternativeActors) }
        if !parallel.isEmpty { try c.encode(parallel, forKey: .parallel) }
        if !requirements.isEmpty { try c.encode(requirements, forKey: .requirements) }
        if !timers.isEmpty { try c.encode(timers, forKey: .timers) }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        self.init(number: try c.decode(Int.self, forKey: .number), id: try c.decode(String.self, forKey: .id),
                  kind: try c.decode(Kind.self, forKey: .kind), actor: try c.decode(String.self, forKey: .actor),
                  participants: try c.decodeIfPresent([String].self, forKey: .participants) ?? [],
                  activity: try c.decode(String.self, forKey: .activity),
                  inputs: try c.decodeIfPresent([DocumentRef].self, forKey: .inputs) ?? [],
                  outputs: try c.decodeIfPresent([DocumentRef].self, forKey: .outputs) ?? [],
                  time: try c.decodeIfPresent(StandardTime.self, forKey: .time),
                  note: try c.decodeIfPresent(String.self, forKey: .note),
                  purpose: try c.decodeIfPresent(Purpose.self, forKey: .purpose),
                  next: try c.decodeIfPresent(String.self, forKey: .next),
                  outcomes: try c.decodeIfPresent([Outcome].self, forKey: .outcomes) ?? [],
                  provenance: try c.decodeIfPresent([String: Provenance].self, forKey: .provenance) ?? [:],
                  alternativeActors: try c.decodeIfPresent([String].self, forKey: .alternativeActors) ?? [],
                  parallel: try c.decodeIfPresent([String].self, forKey: .parallel) ?? [],
                  requirements: try c.decodeIfPresent([Requirement].self, forKey: .requirements) ?? [],
                  timers: try c.decodeIfPresent([StepTimer].self, forKey: .timers) ?? [])
    }
}
