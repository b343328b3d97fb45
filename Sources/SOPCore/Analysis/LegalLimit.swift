/// A time limit the law sets for a complaint, measured from the case opening to the first
/// time the case reaches a milestone.
public struct LegalLimit: Sendable, Hashable, Codable {
    public enum Milestone: String, Sendable, Hashable, Codable {
        /// The first step with purpose ``Step/Purpose/reply`` is completed: the complainant has an answer.
        case reply
        /// The case is closed.
        case closed
    }

    public var id: String
    public var source: String
    public var time: StandardTime
    public var milestone: Milestone

    public init(id: String, source: String, time: StandardTime, milestone: Milestone) {
        self.id = id
        self.source = source
        self.time = time
        self.milestone = milestone
    }

    /// UU 25/2009 Pasal 50: respond within 14 days and decide within 60 days. The statute says
    /// "hari"; local SOPs read it as working days, which is the default here (`unit` changes it).
    public static func undangUndang25of2009(unit: StandardTime.Unit = .workingDays) -> [LegalLimit] {
        [LegalLimit(id: "respond", source: "UU 25/2009 Pasal 50: tanggapan dalam 14 hari", time: StandardTime(14, unit), milestone: .reply),
         LegalLimit(id: "decide", source: "UU 25/2009 Pasal 50: keputusan dalam 60 hari", time: StandardTime(60, unit), milestone: .closed)]
    }
}
