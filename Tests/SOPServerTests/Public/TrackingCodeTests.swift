import Testing
@testable import SOPServer

@Suite struct TrackingCodeTests {
    @Test func aNewCodeReadsBackInAnyCaseAndSpacing() {
        for _ in 0..<200 {
            let code = TrackingCode.make()
            #expect(code.count == 19 && code.hasPrefix("LAPOR-"))
            #expect(TrackingCode.read(code) == .code(code))
            #expect(TrackingCode.read("  " + code.lowercased() + "\n") == .code(code))
        }
    }

    /// Luhn mod 31 catches every single wrong character and every swap of two different
    /// neighbours, at every position of the body and the check character.
    @Test(arguments: 0..<20) func everySingleTypoAndNeighbourSwapIsToldApartAsMistyped(_ run: Int) {
        let code = TrackingCode.make()
        let chars = Array(code)
        for i in 6..<chars.count {
            for c in TrackingCode.alphabet where c != chars[i] {
                var typo = chars
                typo[i] = c
                #expect(TrackingCode.read(String(typo)) == .mistyped, "\(String(typo))")
            }
        }
        for i in 6..<(chars.count - 1) where chars[i] != chars[i + 1] {
            var swapped = chars
            swapped.swapAt(i, i + 1)
            #expect(TrackingCode.read(String(swapped)) == .mistyped, "\(String(swapped))")
        }
    }

    @Test func codesIssuedBeforeTheCheckCharacterAreStillRead() {
        #expect(TrackingCode.read("LAPOR-ABCDEFGHJKMN") == .code("LAPOR-ABCDEFGHJKMN"))
        #expect(TrackingCode.read("lapor-abcdefghjkmn") == .code("LAPOR-ABCDEFGHJKMN"))
    }

    @Test func anythingElseIsNoCode() {
        for text in ["", "LAPOR-", "LAPOR-ABC", "ABCDEFGHJKMNP", "LAPOR-ABCDEFGHJKMNPQ", "LAPOR-ABCDEFGHJKM0", "LAPOR-ABCDEFGHJKMI",
                     "LAPOR ABCDEFGHJKMNP", "../../etc/passwd"] {
            #expect(TrackingCode.read(text) == .invalid, "\(text)")
        }
    }
}
