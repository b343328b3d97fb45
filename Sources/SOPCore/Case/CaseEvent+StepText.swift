/// A value that names a step by its interned id (``Symbol``); `step` is the id as text, what
/// code outside the interpreter reads and writes.
public protocol StepNaming {
    var stepSymbol: Symbol { get set }
}

extension StepNaming {
    public var step: String {
        get { stepSymbol.text }
        set { stepSymbol = Symbol(newValue) }
    }
}

/// A value that may name a step (a document attached at the opening, the case's own due).
public protocol OptionalStepNaming {
    var stepSymbol: Symbol? { get set }
}

extension OptionalStepNaming {
    public var step: String? {
        get { stepSymbol?.text }
        set { stepSymbol = newValue.map { Symbol($0) } }
    }
}

extension CaseEvent.StepActivated: StepNaming {}
extension CaseEvent.StepCompleted: StepNaming {}
extension CaseEvent.Closed: StepNaming {}
extension CaseEvent.ClockStopped: StepNaming {}
extension CaseEvent.ClockResumed: StepNaming {}
extension CaseEvent.TaskAssigned: StepNaming {}
extension CaseEvent.TimerSet: StepNaming {}
extension CaseEvent.TimerFired: StepNaming {}
extension CaseState.StepRecord: StepNaming {}
extension CaseEvent.DocumentAttached: OptionalStepNaming {}
extension CaseEvent.DueShifted: OptionalStepNaming {}
extension CaseEvent.StepMigrated: StepNaming {}
