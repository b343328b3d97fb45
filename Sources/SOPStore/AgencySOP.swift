import SOPCore

/// An SOP as an agency runs it: the definition, the content hash cases are pinned to, and the
/// agency calendar its times are counted on.
public struct AgencySOP: Sendable {
    public var definition: SOPDefinition
    public var hash: String
    public var calendar: CalendarDefinition

    public init(definition: SOPDefinition, hash: String, calendar: CalendarDefinition) {
        self.definition = definition
        self.hash = hash
        self.calendar = calendar
    }
}
