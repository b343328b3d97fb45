import Foundation
import Hummingbird
import HummingbirdTesting
import SOPCore
@testable import SOPServer
import Testing

/// The hand-written JSON of case lists says exactly what JSONEncoder (sorted keys) says.
@Suite struct CaseListJSONTests {
    /// A licensing case at its fork, or with the plans sent back to the applicant.
    static func licensingCase(sendBack: Bool) throws -> (CaseState, CaseMachine) {
        let sop = ServerFixtures.sop("dpmptsp-imb-jatim.yaml")
        let machine = CaseMachine(definition: sop.definition, definitionHash: sop.hash, calendar: WorkingCalendar(sop.calendar))
        var at = Instant.parse("2026-03-02T09:00", defaultUTCOffsetSeconds: 25_200)!
        func doc(_ id: String) -> DocumentAttachment { DocumentAttachment(document: id, sha256: String(repeating: "a", count: 64), name: "\(id).txt", mediaType: "text/plain", size: 1) }
        var state = try #require(CaseState.fold(try machine.open(caseID: "IMB-J1", at: at, attachments: [doc("berkas-imb")])))
        func step(_ id: String, _ role: String, outcome: String? = nil, _ docs: [String] = []) throws {
            at = Instant(secondsSinceEpoch: at.secondsSinceEpoch + 600)
            for e in try machine.complete(state, step: id, role: role, outcome: outcome, attachments: docs.map(doc), at: at) { state.apply(e) }
        }
        try step("terima-berkas", "pengadministrasi-perizinan", ["tanda-terima"])
        try step("evaluasi-rencana", "tim-teknis")
        if sendBack { try step("peninjauan-lokasi", "tim-teknis", outcome: "tidak-sesuai", ["berita-acara-pemeriksaan"]) }
        return (state, machine)
    }

    @Test func handWrittenJSONMatchesTheEncoder() async throws {
        let open = CaseSummary(caseID: "A-\"1\"\\\n", sopID: "s", definitionHash: "h", status: .open, activeStep: "langkah\t1",
                               activeRole: "peran", activeDue: Instant(secondsSinceEpoch: 1_772_420_400),
                               openedAt: Instant(secondsSinceEpoch: 1_772_416_800), closedAt: nil, due: nil, version: 3, revisionRounds: 1)
        let closed = CaseSummary(caseID: "B\u{1}é", sopID: "s", definitionHash: "h", status: .closed, activeStep: nil, activeRole: nil,
                                 activeDue: nil, openedAt: Instant(secondsSinceEpoch: 0), closedAt: nil, due: Instant(secondsSinceEpoch: 60),
                                 version: 9, revisionRounds: 0)
        let now = Instant(secondsSinceEpoch: 1_772_500_000)
        var views = [CaseSummaryView(open, now: now, offset: 25_200, calendar: nil), CaseSummaryView(closed, now: now, offset: 25_200, calendar: nil)]
        // Cases of the licensing SOP read from their states: two parallel branches, and the
        // applicant's turn (a pending withdrawal timer, the paused clock).
        for back in [false, true] {
            let (state, machine) = try Self.licensingCase(sendBack: back)
            views.append(CaseSummaryView(CaseSummary(state, definition: machine.definition), now: now, offset: 25_200,
                                         calendar: machine.calendar, state: state, machine: machine))
        }
        #expect(views[2].activeSteps.count == 2 && views[3].waitingOnApplicant && views[3].activeSteps.contains { !$0.timers.isEmpty })
        let listed = views
        struct Wrapper: Encodable { var cases: [CaseSummaryView] }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let expected = String(decoding: try encoder.encode(Wrapper(cases: listed)), as: UTF8.self)
        let router = Router(context: SOPRequestContext.self)
        router.get("list") { _, _ in CaseList(cases: listed) }
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/list", method: .get) { r in
                #expect(String(buffer: r.body) == expected)
            }
        }
    }
}
