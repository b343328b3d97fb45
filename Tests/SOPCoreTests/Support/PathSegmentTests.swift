import SOPCore
import Testing

@Suite struct PathSegmentTests {
    @Test func aCaseIDStaysOneSegment() {
        #expect("LAPOR-ZE2YCE384GDES".pathSegmentEncoded == "LAPOR-ZE2YCE384GDES")
        #expect("A/1?x#y".pathSegmentEncoded == "A%2F1%3Fx%23y")
        #expect("kasus baru é".pathSegmentEncoded == "kasus%20baru%20%C3%A9")
    }
}
