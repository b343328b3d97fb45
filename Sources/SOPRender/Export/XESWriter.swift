import SOPCore

/// The case event log as XES (IEEE 1849-2016), streamed: one trace per case, one event per
/// step activation (`lifecycle:transition` start) and completion (complete). Documents, the
/// outcome and the working time ride on the completion; notes are left out (they may hold
/// a complainant's words).
public struct XESWriter {
    private var out: ByteWriter
    /// Definitions by content hash, for the role of an activation and step names.
    private let definitions: [String: SOPDefinition]
    private var currentCase: String?
    private var pendingDocuments: [String] = []
    private var currentDefinition: SOPDefinition?

    public init(definitions: [String: SOPDefinition], sink: @escaping ([UInt8]) throws -> Void) {
        self.definitions = definitions
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
    /// case's summary at its first event (``SQLiteCaseStore/forEachEvent(_:)`` does so).
    public mutating func write(_ e: RecordedEvent, summary: CaseSummary?) throws {
        if e.caseID != currentCase {
            if currentCase != nil { out.write("  </trace>\n") }
            currentCase = e.caseID
            currentDefinition = nil
            pendingDocuments.removeAll(keepingCapacity: true)
            out.write("  <trace>\n    <string key=\"concept:name\" value=\""); out.writeXML(e.caseID); out.write("\"/>\n")
            if let summary {
                attribute("sop:id", summary.sopID, indent: 4)
                attribute("sop:status", summary.status.rawValue, indent: 4)
                out.write("    <int key=\"sop:revisionRounds\" value=\""); out.write(summary.revisionRounds); out.write("\"/>\n")
            }
        }
        switch e.event {
        case .opened(let o):
            currentDefinition = definitions[o.definitionHash]
            out.write("    <date key=\"sop:openedAt\" value=\""); out.writeTimestamp(e.at); out.write("\"/>\n")
        case .stepActivated(let a):
            let role = currentDefinition?.step(a.step)?.actor
            event(a.step, "start", at: e.at, resource: nil, role: role) {
                if let due = a.due { $0.write("      <date key=\"sop:due\" value=\""); $0.writeTimestamp(due); $0.write("\"/>\n") }
                $0.write("      <int key=\"sop:round\" value=\""); $0.write(a.round); $0.write("\"/>\n")
            }
        case .documentAttached(let d):
            pendingDocuments.append(d.attachment.document)
        case .stepCompleted(let c):
            let documents = pendingDocuments
            pendingDocuments.removeAll(keepingCapacity: true)
            event(c.step, "complete", at: e.at, resource: e.actor, role: e.role) { w in
                if let outcome = c.outcome { Self.attribute(&w, "sop:outcome", outcome, indent: 6) }
                w.write("      <int key=\"sop:officeSeconds\" value=\""); w.write(Int(c.officeSeconds)); w.write("\"/>\n")
                w.write("      <int key=\"sop:workingDays\" value=\""); w.write(c.workingDays); w.write("\"/>\n")
                if let onTime = c.onTime { w.write(onTime ? "      <boolean key=\"sop:onTime\" value=\"true\"/>\n" : "      <boolean key=\"sop:onTime\" value=\"false\"/>\n") }
                if !documents.isEmpty { Self.attribute(&w, "sop:documents", documents.joined(separator: " "), indent: 6) }
            }
        case .sentBack, .closed, .note:
            break
        }
        try out.flushIfNeeded()
    }

    public mutating func finish() throws {
        if currentCase != nil { out.write("  </trace>\n") }
        out.write("</log>\n")
        try out.flush()
    }

    private mutating func event(_ name: String, _ transition: StaticString, at: Instant, resource: String?, role: String?,
                                extra: (inout ByteWriter) -> Void) {
        out.write("    <event>\n")
        Self.attribute(&out, "concept:name", name, indent: 6)
        out.write("      <string key=\"lifecycle:transition\" value=\""); out.write(transition); out.write("\"/>\n")
        out.write("      <date key=\"time:timestamp\" value=\""); out.writeTimestamp(at); out.write("\"/>\n")
        if let resource { Self.attribute(&out, "org:resource", resource, indent: 6) }
        if let role { Self.attribute(&out, "org:role", role, indent: 6) }
        extra(&out)
        out.write("    </event>\n")
    }

    private mutating func attribute(_ key: StaticString, _ value: String, indent: Int) {
        Self.attribute(&out, key, value, indent: indent)
    }

    private static func attribute(_ w: inout ByteWriter, _ key: StaticString, _ value: String, indent: Int) {
        w.write(indent == 4 ? "    <string key=\"" : "      <string key=\"")
        w.write(key); w.write("\" value=\""); w.writeXML(value); w.write("\"/>\n")
    }
}
