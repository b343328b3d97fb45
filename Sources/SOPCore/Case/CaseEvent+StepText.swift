/// The step ids of the events as text (each is stored as a ``Symbol``): what code outside the
/// interpreter reads and writes.
extension CaseEvent.StepActivated {
    public var step: String {
        get { stepSymbol.text }
        set { stepSymbol = Symbol(newValue) }
    }
}

extension CaseEvent.StepCompleted {
    public var step: String {
        get { stepSymbol.text }
        set { stepSymbol = Symbol(newValue) }
    }
}

extension CaseEvent.Closed {
    public var step: String {
        get { stepSymbol.text }
        set { stepSymbol = Symbol(newValue) }
    }
}

extension CaseEvent.ClockStopped {
    public var step: String {
        get { stepSymbol.text }
        set { stepSymbol = Symbol(newValue) }
    }
}

extension CaseEvent.ClockResumed {
    public var step: String {
        get { stepSymbol.text }
        set { stepSymbol = Symbol(newValue) }
    }
}

extension CaseEvent.TimerSet {
    public var step: String {
        get { stepSymbol.text }
        set { stepSymbol = Symbol(newValue) }
    }
}

extension CaseEvent.TimerFired {
    public var step: String {
        get { stepSymbol.text }
        set { stepSymbol = Symbol(newValue) }
    }
}

extension CaseEvent.DocumentAttached {
    public var step: String? {
        get { stepSymbol?.text }
        set { stepSymbol = newValue.map { Symbol($0) } }
    }
}

extension CaseEvent.DueShifted {
    public var step: String? {
        get { stepSymbol?.text }
        set { stepSymbol = newValue.map { Symbol($0) } }
    }
}
