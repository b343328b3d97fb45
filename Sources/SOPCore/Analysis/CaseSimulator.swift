#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Produces realistic executed cases through any SOP, deterministically from a seed: each
/// step takes a log-normally drawn share of its standard time (most on time, some late),
/// decisions sometimes send work back, and cases opened near `until` are still running.
///
/// Pure: it drives a ``CaseMachine`` and returns the events; storing them is the caller's.
public struct CaseSimulator: Sendable {
    public struct Parameters: Sendable, Hashable {
        /// Median share of the standard time a step takes (0.6 = 60 %).
        public var medianPace: Double = 0.6
        /// Spread of the log-normal pace; 0.5 makes about one step in six late.
        public var spread: Double = 0.5
        /// Chance that a decision sends the case back (at most `maxRounds` times per decision).
        public var rejection: Double = 0.15
        public var maxRounds: Int = 2

        public init() {}
    }

    public let machine: CaseMachine
    public let parameters: Parameters
    private let path: [Step]
    /// Office minutes of a working day, for turning working-day standards into office time.
    private static let workingDayMinutes = 450

    public init(machine: CaseMachine, parameters: Parameters = Parameters()) {
        self.machine = machine
        self.parameters = parameters
        self.path = machine.definition.steps
    }

    /// One case opened at `opened`, played until it closes, the next completion would fall
    /// after `until`, or the calendar cannot place it: a step whose end, or the next step's due
    /// date, lies past the calendar's last year is left active, so the case stays open at the
    /// last step the calendar can place. A case the calendar cannot open at all throws
    /// (``Simulation`` checks this for every opening before it writes anything). Document
    /// contents are synthetic and the same for the same step, so they are stored once.
    public func run(caseID: String, opened: Instant, until: Instant,
                    using rng: inout SeededGenerator) throws(CaseError) -> [RecordedEvent] {
        let sop = machine.definition
        let opening = sop.documents.filter { $0.origin == .caseOpening }.map { attachment($0.id) }
        var events = try machine.open(caseID: caseID, at: opened, actor: nil, attachments: opening)
        var state = CaseState.fold(events)!
        var rounds: [String: Int] = [:]
        var guardCount = 0
        // Each activation's finish is drawn once, when first seen, so the draws do not depend
        // on how many steps run beside it; the earliest open finish (or due timer) goes next.
        var planned: [Int: Instant] = [:]
        playing: while state.status == .open, !state.openRecords.isEmpty, guardCount < 200 {
            guardCount += 1
            for r in state.openRecords where planned[r] == nil {
                guard let step = sop.step(state.history[r].step) else { break playing }
                do {
                    planned[r] = try finish(step, from: state.history[r].activatedAt, using: &rng)
                } catch {
                    if Self.isPastCoverage(error) { break playing }
                    throw .calendar(error)
                }
            }
            guard let r = state.openRecords.min(by: { (planned[$0]!, $0) < (planned[$1]!, $1) }) else { break }
            let at = planned[r]!
            if let timer = machine.pendingTimers(state).first, timer.at <= at {
                if timer.at > until { break }
                let fired: [RecordedEvent]
                do { fired = try machine.fire(state, step: timer.step, timer: timer.timer, at: timer.at) } catch {
                    if case .calendar(let e) = error, Self.isPastCoverage(e) { break playing }
                    throw error
                }
                state.apply(contentsOf: fired)
                events += fired
                continue
            }
            let active = state.history[r]
            guard let step = sop.step(active.step) else { break }
            if at > until { break }
            var attachments: [DocumentAttachment] = []
            for ref in step.inputs where !ref.isConditional && !state.holds(Symbol(ref.document)) { attachments.append(attachment(ref.document)) }
            for ref in step.outputs where !ref.isConditional { attachments.append(attachment(ref.document)) }
            var outcome: String?
            if step.kind == .decision {
                let back = step.outcomes.first(where: \.revision)
                if let back, rounds[step.id, default: 0] < min(parameters.maxRounds, back.maxRounds ?? .max), rng.unit() < parameters.rejection {
                    outcome = back.id
                    rounds[step.id, default: 0] += 1
                } else {
                    outcome = (step.outcomes.first { !$0.revision } ?? step.outcomes.first)?.id
                }
            }
            let more: [RecordedEvent]
            do {
                more = try machine.complete(state, step: step.id, role: step.actor, actor: "sim-\(step.actor)",
                                            outcome: outcome, attachments: attachments, at: at)
            } catch {
                // The next step's due date is past the calendar: this step stays the active one.
                if case .calendar(let e) = error, Self.isPastCoverage(e) { break playing }
                throw error
            }
            state.apply(contentsOf: more)
            events += more
        }
        return events
    }

    /// Whether `error` says only that the calendar's years end too early.
    static func isPastCoverage(_ error: CalendarError) -> Bool {
        switch error {
        case .runsPastEnd, .outOfRange: true
        case .nonPositiveDuration, .durationTooLarge: false
        }
    }

    /// When a step activated at `start` is done: a drawn share of its standard time in office
    /// minutes (a working day counts 450), at least one minute.
    func finish(_ step: Step, from start: Instant, using rng: inout SeededGenerator) throws(CalendarError) -> Instant {
        let pace = parameters.medianPace * exp(parameters.spread * rng.normal())
        guard let time = step.time else { return try machine.calendar.due(from: start, adding: StandardTime(5, .minutes)) }
        switch time.unit {
        case .minutes, .hours:
            return try machine.calendar.due(from: start, adding: Self.minutes(Double(time.officeMinutes!) * pace))
        case .workingDays:
            return try machine.calendar.due(from: start, adding: Self.minutes(Double(time.value) * Double(Self.workingDayMinutes) * pace))
        case .calendarDays, .months:
            let days = Double(time.value) * (time.unit == .months ? 30 : 1)
            let seconds = max(60, Int64(min(1e12, (days * 86_400 * pace).rounded())))
            let end = start.adding(seconds: seconds)
            // Ends past the calendar are unplaceable like the other units' (the next due date needs the calendar).
            _ = try machine.calendar.elapsed(from: start, to: end)
            return end
        }
    }

    /// `minutes` rounded, kept between one minute and the longest standard time (a slow draw on
    /// a long step must not turn into a duration the calendar refuses as invalid).
    static func minutes(_ minutes: Double) -> StandardTime {
        let most = StandardTime.maximumValue(for: .minutes)
        return StandardTime(minutes.isFinite ? max(1, min(most, Int(min(Double(most), minutes.rounded())))) : most, .minutes)
    }

    /// A synthetic document for `document`: the same bytes (and content address) every time.
    public func attachment(_ document: String) -> DocumentAttachment {
        let bytes = Self.syntheticBytes(document)
        return DocumentAttachment(document: document, sha256: SHA256.hex(bytes), name: "\(document).txt",
                                  mediaType: "text/plain", size: bytes.count)
    }

    public static func syntheticBytes(_ document: String) -> [UInt8] { Array("simulated \(document)\n".utf8) }
}
