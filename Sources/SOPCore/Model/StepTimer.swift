/// What happens when a step's time runs out without action: the step is completed (with an
/// outcome for a decision), the case closes as withdrawn, a reminder is recorded, or another
/// role may act on the step.
public struct StepTimer: Sendable, Hashable, Codable {
    public enum Action: String, Sendable, Hashable, Codable, CaseIterable {
        /// The step is completed as if done ("dianggap menerima"); a decision takes ``outcome``.
        case complete
        /// The case closes as withdrawn ("dianggap dicabut", UU 25/2009).
        case withdraw
        /// A reminder is recorded (and sent where notifications are set up).
        case remind
        /// The role ``to`` may now complete the step as well.
        case escalate
    }

    public var action: Action
    /// When it fires, counted from the step's activation on the step's clock; nil: at the step's due.
    public var after: StandardTime?
    /// The outcome chosen by ``Action/complete`` on a decision.
    public var outcome: String?
    /// The role given the step by ``Action/escalate``.
    public var to: String?

    public init(_ action: Action, after: StandardTime? = nil, outcome: String? = nil, to: String? = nil) {
        self.action = action
        self.after = after
        self.outcome = outcome
        self.to = to
    }

    /// The resolution of a case closed by ``Action/withdraw``.
    public static let withdrawnResolution = "withdrawn"
}
