import Foundation
import SOPCore
@testable import SOPServer
import Testing

/// The hand-written JSON of a case answer says exactly what JSONEncoder (sorted keys, slashes
/// unescaped) says, for every field a case answer can carry.
@Suite struct CaseViewJSONTests {
    func encoded(_ view: CaseView) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(view), as: UTF8.self)
    }

    @Test func handWrittenJSONMatchesTheEncoder() throws {
        let now = Instant.parse("2026-03-20T10:00", defaultUTCOffsetSeconds: 25_200)!
        var views: [CaseView] = []
        // The licensing SOP at its fork (two active steps, times as written), and with the plans
        // sent back to the applicant (a paused clock, a pending withdrawal timer).
        for back in [false, true] {
            let (state, machine) = try CaseListJSONTests.licensingCase(sendBack: back)
            views.append(CaseView(state, machine: machine, now: now, offset: 25_200))
        }
        #expect(views[0].activeSteps.count == 2 && views[1].waitingOnApplicant && !views[0].documents.isEmpty)
        #expect(views[0].timeline.contains { $0.standard?.written != nil })
        // Every optional a view may carry, with text that needs escaping.
        var odd = views[1]
        odd.timeline[0].standard = StandardTime(3, .workingDays, minimum: 1, written: "1-3 \"hari\"\n/ kerja")
        odd.timeline[0].automatic = true
        odd.timeline[0].onBehalf = true
        odd.timeline[0].substituteFor = "budi/cuti"
        odd.timeline[0].outcome = "tidak-sesuai"
        odd.documents[0].name = "surat \"balasan\"\t\u{1}é.pdf"
        odd.resolution = "withdrawn"
        odd.closedAt = "2026-03-21T09:00:00+07:00"
        odd.agencyOfficeMinutes = nil
        views.append(odd)
        for view in views {
            #expect(view.json() == (try encoded(view)))
        }
    }
}
