import Testing
@testable import SOPCore

@Suite struct InstantTests {
    let wib = 7 * 3600

    @Test func parsesLocalTimeInTheAgencyZone() throws {
        let i = try #require(Instant.parse("2026-12-21T09:00", defaultUTCOffsetSeconds: wib))
        #expect(i.iso8601(utcOffsetSeconds: wib) == "2026-12-21T09:00:00+07:00")
        #expect(i.description == "2026-12-21T02:00:00+00:00")
    }

    @Test func explicitOffsetsWin() throws {
        let a = try #require(Instant.parse("2026-12-21T10:00+08:00", defaultUTCOffsetSeconds: wib))
        let b = try #require(Instant.parse("2026-12-21T02:00:00Z", defaultUTCOffsetSeconds: wib))
        #expect(a == b)
        #expect(Instant.parse("2026-12-21T09:00:30", defaultUTCOffsetSeconds: wib)!.secondsSinceEpoch
                == b.secondsSinceEpoch + 30)
    }

    @Test(arguments: ["", "2026-12-21", "2026-12-21 09:00", "2026-13-01T09:00", "2026-12-21T25:00",
                      "2026-12-21T09:60", "2026-12-21T9:00", "2026-12-21T09:00+7", "tomorrow", "2026-02-30T09:00",
                      "2026-03-03T-1:30", "2026-03-03T+9:00", "2026-03-03T09:-5", "2026-03-03T09:00+-7:00"])
    func rejectsMalformedInstants(_ text: String) {
        #expect(Instant.parse(text, defaultUTCOffsetSeconds: wib) == nil)
    }
}
