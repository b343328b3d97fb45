import SOPCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The case event log as XES (IEEE 1849-2016), streamed: one trace per case, one event per
/// step activation (`lifecycle:transition` start) and completion (complete). Documents, the
/// outcome and the working time ride on the completion; a completion by a timer has no
/// `org:resource`; a case closed as withdrawn adds the event `STEP:withdrawn` (complete, no
/// resource), the BPMN export's task of that name. Notes are left out (they may hold a
/// complainant's words).
public struct XESWriter {
    private var out: ByteWriter
    /// Per definition hash: each step id's actor, for the role of an activation.
    private let actors: [String: [(step: [UInt8], actor: [UInt8])]]
    private var currentCase: [UInt8] = []
    private var inTrace = false
    private var currentActors: [(step: [UInt8], actor: [UInt8])] = []
    /// Document ids attached since the last completion, space-separated.
    private var pendingDocuments: [UInt8] = []

    public init(definitions: [String: SOPDefinition], sink: @escaping (UnsafeRawBufferPointer) throws -> Void) {
        actors = definitions.mapValues { sop in sop.steps.map { (Array($0.id.utf8), Array($0.actor.utf8)) } }
        out = ByteWriter(sink: sink)
        out.write("""
            <?xml version="1.0" encoding="UTF-8"?>
            <log xes.version="1849-2016" xes.features="" xmlns="http://www.xes-standard.org/">
              <extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>
              <extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>
              <extension name="Organizational" prefix="org" uri="http://www.xes-standard.org/org.xesext"/>
              <extension name="Lifecycle" prefix="lifecycle" uri="http://www.xes-standard.org/lifecycle.xesext"/>
              <global scope="trace">
                <string key="concept:name" value="__INVALID__"/>
              </global>
              <global scope="event">
                <string key="concept:name" value="__INVALID__"/>
                <date key="time:timestamp" value="1970-01-01T00:00:00.000+00:00"/>
                <string key="lifecycle:transition" value="complete"/>
              </global>
              <classifier name="Activity" keys="concept:name"/>
              <classifier name="Activity and transition" keys="concept:name lifecycle:transition"/>
              <string key="concept:name" value="sop-engine case log"/>

            """)
    }

    /// Writes one event; events must come case by case, each case in sequence order, with the
    /// case's status and rounds on its first event (``SQLiteCaseStore/forEachEventBytes(_:)`` does so).
    public mutating func write(_ e: EventBytes) throws {
        if !(e.caseID.count == currentCase.count && currentCase.withUnsafeBytes({ memcmp($0.baseAddress!, e.caseID.baseAddress!, $0.count) == 0 })) {
            if inTrace { out.write("  </trace>\n") }
            inTrace = true
            currentCase = Array(e.caseID)
            currentActors = []
            pendingDocuments.removeAll(keepingCapacity: true)
            out.write("  <trace>\n")
            string("concept:name", e.caseID, indent: 4)
            if let status = e.caseStatus { string("sop:status", status, indent: 4) }
            if let rounds = e.caseRevisionRounds { out.write("    <int key=\"sop:revisionRounds\" value=\""); out.write(rounds); out.write("\"/>\n") }
        }
        switch e.kind {
        case .opened:
            if let sop = e.sopID { string("sop:id", sop, indent: 4) }
            if let hash = e.definitionHash { currentActors = actors[String(decoding: hash, as: UTF8.self)] ?? [] }
            date("sop:openedAt", e.at, indent: 4)
        case .stepActivated:
            guard let step = e.step else { break }
            eventHead(step, "start", at: e.at)
            if let actor = currentActors.first(where: { $0.step.elementsEqual(step) })?.actor {
                actor.withUnsafeBytes { string("org:role", $0, indent: 6) }
            }
            if let due = e.due { date("sop:due", due, indent: 6) }
            if let round = e.round { out.write("      <int key=\"sop:round\" value=\""); out.write(round); out.write("\"/>\n") }
            out.write("    </event>\n")
        case .documentAttached:
            guard let document = e.document else { break }
            if !pendingDocuments.isEmpty { pendingDocuments.append(UInt8(ascii: " ")) }
            pendingDocuments.append(contentsOf: document)
        case .stepCompleted:
            guard let step = e.step else { break }
            eventHead(step, "complete", at: e.at)
            if let actor = e.actor { string("org:resource", actor, indent: 6) }
            if let role = e.role { string("org:role", role, indent: 6) }
            if let outcome = e.outcome { string("sop:outcome", outcome, indent: 6) }
            if let seconds = e.officeSeconds {
                out.write("      <int key=\"sop:officeSeconds\" value=\""); out.write(Int(seconds)); out.write("\"/>\n")
            }
            if let days = e.workingDays { out.write("      <int key=\"sop:workingDays\" value=\""); out.write(days); out.write("\"/>\n") }
            if let onTime = e.onTime {
                if onTime { out.write("      <boolean key=\"sop:onTime\" value=\"true\"/>\n") } else {
                    out.write("      <boolean key=\"sop:onTime\" value=\"false\"/>\n")
                }
            }
            if !pendingDocuments.isEmpty {
                pendingDocuments.withUnsafeBytes { string("sop:documents", $0, indent: 6) }
                pendingDocuments.removeAll(keepingCapacity: true)
            }
            out.write("    </event>\n")
        case .closed:
            // A case closed as withdrawn (the applicant's time ran out) is an activity of its
            // own, the BPMN export's automatic task `STEP:withdrawn`, done by no one; other
            // closings follow from the last completion (an end step or an ending outcome).
            guard let step = e.step, let outcome = e.outcome, EventBytes.isWithdrawn(outcome) else { break }
            out.write("    <event>\n")
            out.write("      <string key=\"concept:name\" value=\""); out.writeXML(step); out.write(":withdrawn\"/>\n")
            out.write("      <string key=\"lifecycle:transition\" value=\"complete\"/>\n")
            date("time:timestamp", e.at, indent: 6)
            string("sop:resolution", outcome, indent: 6)
            out.write("    </event>\n")
        case .sentBack, .note, .unknown:
            break
        }
        try out.flushIfNeeded()
    }

    /// The same from an event in memory.
    public mutating func write(_ e: RecordedEvent, summary: CaseSummary?) throws {
        try e.withBytes(caseStatus: summary?.status.rawValue, caseRevisionRounds: summary?.revisionRounds) { try write($0) }
    }

    public mutating func finish() throws {
        if inTrace { out.write("  </trace>\n") }
        out.write("</log>\n")
        try out.flush()
    }

    private mutating func eventHead(_ name: UnsafeRawBufferPointer, _ transition: StaticString, at: Instant) {
        out.write("    <event>\n")
        string("concept:name", name, indent: 6)
        out.write("      <string key=\"lifecycle:transition\" value=\""); out.write(transition); out.write("\"/>\n")
        date("time:timestamp", at, indent: 6)
    }

    private mutating func string(_ key: StaticString, _ value: UnsafeRawBufferPointer, indent: Int) {
        if indent == 4 { out.write("    <string key=\"") } else { out.write("      <string key=\"") }
        out.write(key); out.write("\" value=\""); out.writeXML(value); out.write("\"/>\n")
    }

    private mutating func date(_ key: StaticString, _ value: Instant, indent: Int) {
        if indent == 4 { out.write("    <date key=\"") } else { out.write("      <date key=\"") }
        out.write(key); out.write("\" value=\""); out.writeTimestamp(value); out.write("\"/>\n")
    }
}
