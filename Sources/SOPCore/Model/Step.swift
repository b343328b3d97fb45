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

    /// A named answer of a decision ("Ya" / "Tidak") and the step it leads to.
    public struct Outcome: Sendable, Hashable, Codable {
        public var id: String
        /// Label as printed next to the arrow, e.g. "Ya", "Tidak".
        public var label: String
        public var next: String
        /// True when this outcome sends work back to an earlier step for revision.
        public var revision: Bool
        /// For a revision: how many times it may send a case back before another outcome must
        /// be chosen (escalation); nil for no limit.
        public var maxRounds: Int?

        public init(id: String, label: String, next: String, revision: Bool = false, maxRounds: Int? = nil) {
            self.id = id
            self.label = label
            self.next = next
            self.revision = revision
            self.maxRounds = maxRounds
        }
    }

    /// The printed row number ("No").
    public var number: Int
    public var id: String
    public var kind: Kind
    /// The role id of the lane that performs the step.
    public var actor: String
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
    /// The next step for a non-decision step; nil for an end step.
    public var next: String?
    /// Outcomes of a decision step.
    public var outcomes: [Outcome]
    /// Provenance marks for fields of this step the document does not state.
    public var provenance: [String: Provenance]

    public init(number: Int, id: String, kind: Kind, actor: String, participants: [String] = [],
                activity: String, inputs: [DocumentRef] = [], outputs: [DocumentRef] = [],
                time: StandardTime? = nil, note: String? = nil, purpose: Purpose? = nil, next: String? = nil,
                outcomes: [Outcome] = [], provenance: [String: Provenance] = [:]) {
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
        return outcomes.map(\.next)
    }

    /// The step taken when everything goes right: `next`, or the first outcome that is not a revision.
    public var forwardSuccessor: String? {
        next ?? outcomes.first(where: { !$0.revision })?.next
    }
}
