import SOPCore

/// Fills a store with simulated cases (``CaseSimulator``), a thousand per transaction: for
/// demos, reports and benchmarks. The same seed gives the same database content.
public struct Simulation: Sendable {
    /// One SOP to simulate, with what it is stored under.
    public typealias Input = AgencySOP

    public struct Result: Sendable, Hashable {
        public var cases: Int
        public var events: Int
        public var closed: Int
    }

    public var inputs: [Input]
    public var parameters = CaseSimulator.Parameters()
    /// Openings are spread evenly from `start` over `spreadSeconds`; nothing happens after `until`.
    public var start: Instant
    public var spreadSeconds: Int64
    public var until: Instant

    public init(inputs: [Input], start: Instant, spreadSeconds: Int64, until: Instant) {
        self.inputs = inputs
        self.start = start
        self.spreadSeconds = spreadSeconds
        self.until = until
    }

    /// Why a simulation is refused before anything is written.
    public struct Refusal: CodedError, Equatable {
        /// The SOP whose calendar cannot open its cases.
        public var sop: String
        public var calendar: String
        public var years: ClosedRange<Int>
        /// The first opening the calendar cannot place (its start step's due date included).
        public var opening: Instant
        public var utcOffsetSeconds: Int

        public var code: String { "simulation-does-not-fit" }
        public var kind: ErrorKind { .invalid }
        public var description: String {
            "cases of '\(sop)' would open as late as \(opening.iso8601(utcOffsetSeconds: utcOffsetSeconds)), where calendar "
                + "'\(calendar)' (years \(years.lowerBound)–\(years.upperBound)) cannot place their start step; "
                + "open the cases earlier or over fewer days, or extend the calendar; nothing was written"
        }
    }

    /// The instant the `n`-th case (0-based) of `cases` opens.
    func opening(_ n: Int, of cases: Int) -> Instant {
        guard cases > 1 else { return start }
        // spread × n / (cases − 1) in 128 bits: the quotient fits, since n < cases.
        return start.adding(seconds: Int64(cases - 1).dividingFullWidth(spreadSeconds.multipliedFullWidth(by: Int64(n))).quotient)
    }

    /// Checks that every case can be opened: each SOP's first and last opening (due dates grow
    /// with the start, so those two decide) lie in its calendar's years with the start step's due
    /// date. Steps later in a case that the calendar cannot place leave the case open at that step.
    public func checkFits(cases: Int) throws(Refusal) {
        for (k, input) in inputs.enumerated() where k < cases {
            let machine = CaseMachine(definition: input.definition, definitionHash: input.hash, calendar: WorkingCalendar(input.calendar))
            let last = (cases - 1 - k) / inputs.count * inputs.count + k
            for n in [k, last] {
                let at = opening(n, of: cases)
                if (try? machine.open(caseID: Self.caseID(sop: input.definition.id, number: n + 1), at: at)) == nil {
                    throw Refusal(sop: input.definition.id, calendar: input.calendar.id, years: input.calendar.years,
                                  opening: at, utcOffsetSeconds: input.calendar.utcOffsetSeconds)
                }
            }
        }
    }

    /// Case ids are `SIM-<sop id>-<n>`; cases go round the SOPs in the order given. Refused
    /// (``Refusal``) before anything is written when a calendar cannot open the cases.
    public func run(cases: Int, seed: UInt64, into store: any CaseStore, batch: Int = 1000) async throws -> Result {
        try checkFits(cases: cases)
        var rng = SeededGenerator(seed: seed)
        let simulators = inputs.map {
            CaseSimulator(machine: CaseMachine(definition: $0.definition, definitionHash: $0.hash, calendar: WorkingCalendar($0.calendar)),
                          parameters: parameters)
        }
        var result = Result(cases: 0, events: 0, closed: 0)
        var pending: [CaseAppend] = []
        var storedDocuments: Set<String> = []
        var firstOfSOP = Array(repeating: true, count: inputs.count)
        for n in 0..<cases {
            let k = n % inputs.count
            let input = inputs[k]
            let opened = opening(n, of: cases)
            let events = try simulators[k].run(caseID: Self.caseID(sop: input.definition.id, number: n + 1), opened: opened, until: until, using: &rng)
            let state = CaseState.fold(events)!
            var documents: [StoredDocument] = []
            for e in events {
                if case .documentAttached(let d) = e.event, storedDocuments.insert(d.attachment.sha256).inserted {
                    documents.append(StoredDocument(bytes: CaseSimulator.syntheticBytes(d.attachment.document), mediaType: "text/plain"))
                }
            }
            pending.append(CaseAppend(events: events, expectedVersion: 0, state: state, machine: simulators[k].machine,
                                      documents: documents,
                                      definition: firstOfSOP[k] ? (input.definition, input.hash) : nil,
                                      calendar: firstOfSOP[k] ? input.calendar : nil))
            firstOfSOP[k] = false
            result.cases += 1
            result.events += events.count
            if state.status == .closed { result.closed += 1 }
            if pending.count >= batch {
                try await store.appendBatch(pending)
                pending.removeAll(keepingCapacity: true)
            }
        }
        if !pending.isEmpty { try await store.appendBatch(pending) }
        return result
    }

    /// The id of the `number`-th simulated case (1-based, over all SOPs).
    public static func caseID(sop: String, number: Int) -> String {
        let s = String(number)
        return "SIM-\(sop)-" + (s.count >= 7 ? s : String(repeating: "0", count: 7 - s.count) + s)
    }
}
