import Hummingbird
import SOPCore

/// A case answer written by hand, byte for byte what the encoder writes (sorted keys, nils left
/// out, slashes unescaped; checked by a test): JSONEncoder was a tenth of a completion's CPU.
extension CaseView: ResponseGenerator {
    func response(from request: Request, context: some RequestContext) throws -> Response {
        JSONBody(ByteBuffer(string: json())).response()
    }

    func json() -> String {
        var out = ""
        out.reserveCapacity(1024 + 512 * timeline.count)
        var w = JSONObjectWriter()
        func key(_ name: String) { w.key(name, in: &out) }
        func string(_ name: String, _ value: String?) { w.string(name, value, in: &out) }
        func number(_ name: String, _ value: (some BinaryInteger)?) { w.number(name, value, in: &out) }
        func bool(_ name: String, _ value: Bool?) { w.bool(name, value, in: &out) }
        string("activeStep", activeStep)
        key("activeSteps"); out += "["
        for (n, step) in activeSteps.enumerated() {
            if n > 0 { out += "," }
            step.appendJSON(to: &out)
        }
        out += "]"
        number("agencyOfficeMinutes", agencyOfficeMinutes)
        number("applicantOfficeMinutes", applicantOfficeMinutes)
        string("caseID", caseID)
        string("closedAt", closedAt)
        key("documents"); out += "["
        for (n, d) in documents.enumerated() {
            if n > 0 { out += "," }
            out += "{\"document\":"; JSONText.append(d.document, to: &out)
            out += ",\"href\":"; JSONText.append(d.href, to: &out)
            out += ",\"mediaType\":"; JSONText.append(d.mediaType, to: &out)
            out += ",\"name\":"; JSONText.append(d.name, to: &out)
            out += ",\"sha256\":"; JSONText.append(d.sha256, to: &out)
            out += ",\"size\":" + String(d.size) + "}"
        }
        out += "]"
        string("due", due)
        string("openedAt", openedAt)
        bool("overdue", overdue)
        string("pausedAt", pausedAt)
        string("resolution", resolution)
        number("revisionRounds", revisionRounds)
        string("sop", sop)
        string("status", status)
        key("timeline"); out += "["
        for (n, s) in timeline.enumerated() {
            if n > 0 { out += "," }
            s.appendJSON(to: &out)
        }
        out += "]"
        number("version", version)
        bool("waitingOnApplicant", waitingOnApplicant)
        out += "}"
        return out
    }
}

extension StepView {
    /// The same JSON as the encoder writes, for ``CaseView/json()``.
    func appendJSON(to out: inout String) {
        var w = JSONObjectWriter()
        func key(_ name: String) { w.key(name, in: &out) }
        func string(_ name: String, _ value: String?) { w.string(name, value, in: &out) }
        func number(_ name: String, _ value: (some BinaryInteger)?) { w.number(name, value, in: &out) }
        func bool(_ name: String, _ value: Bool?) { w.bool(name, value, in: &out) }
        string("activatedAt", activatedAt)
        string("actor", actor)
        bool("automatic", automatic)
        string("completedAt", completedAt)
        string("due", due)
        number("officeMinutes", officeMinutes)
        bool("onBehalf", onBehalf)
        bool("onTime", onTime)
        string("outcome", outcome)
        string("role", role)
        number("round", round)
        if let standard {
            key("standard")
            out += "{"
            if let minimum = standard.minimum { out += "\"minimum\":" + String(minimum) + "," }
            out += "\"unit\":"; JSONText.append(standard.unit.rawValue, to: &out)
            out += ",\"value\":" + String(standard.value)
            if let written = standard.written { out += ",\"written\":"; JSONText.append(written, to: &out) }
            out += "}"
        }
        string("step", step)
        string("substituteFor", substituteFor)
        string("title", title)
        number("workingDays", workingDays)
        out += "}"
    }
}
