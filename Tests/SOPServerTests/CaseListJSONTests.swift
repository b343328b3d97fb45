import Foundation
import Hummingbird
import HummingbirdTesting
import SOPCore
@testable import SOPServer
import Testing

/// The hand-written JSON of case lists says exactly what JSONEncoder (sorted keys) says.
@Suite struct CaseListJSONTests {
    @Test func handWrittenJSONMatchesTheEncoder() async throws {
        let open = CaseSummary(caseID: "A-\"1\"\\\n", sopID: "s", definitionHash: "h", status: .open, activeStep: "langkah\t1",
                               activeRole: "peran", activeDue: Instant(secondsSinceEpoch: 1_772_420_400),
                               openedAt: Instant(secondsSinceEpoch: 1_772_416_800), closedAt: nil, due: nil, version: 3, revisionRounds: 1)
        let closed = CaseSummary(caseID: "B\u{1}é", sopID: "s", definitionHash: "h", status: .closed, activeStep: nil, activeRole: nil,
                                 activeDue: nil, openedAt: Instant(secondsSinceEpoch: 0), closedAt: nil, due: Instant(secondsSinceEpoch: 60),
                                 version: 9, revisionRounds: 0)
        let now = Instant(secondsSinceEpoch: 1_772_500_000)
        let views = [CaseSummaryView(open, now: now, offset: 25_200, calendar: nil), CaseSummaryView(closed, now: now, offset: 25_200, calendar: nil)]
        struct Wrapper: Encodable { var cases: [CaseSummaryView] }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let expected = String(decoding: try encoder.encode(Wrapper(cases: views)), as: UTF8.self)
        let router = Router(context: SOPRequestContext.self)
        router.get("list") { _, _ in CaseList(cases: views) }
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/list", method: .get) { r in
                #expect(String(buffer: r.body) == expected)
            }
        }
    }
}
