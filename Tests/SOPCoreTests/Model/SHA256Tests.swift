import Testing
@testable import SOPCore

/// FIPS 180-4 test vectors.
@Suite struct SHA256Tests {
    @Test func knownVectors() {
        #expect(SHA256.hex([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func incrementalEqualsOneShot() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        var h = SHA256()
        h.update(bytes[..<333])
        h.update(bytes[333...])
        #expect(h.finalize() == { var g = SHA256(); g.update(bytes); return g.finalize() }())
    }

    /// Every way of cutting the input in two, through contiguous and non-contiguous sequences
    /// (the block-wise path and the byte-wise one), hashes as the whole input does.
    @Test func everySplitAndSequenceKindAgrees() {
        let bytes = (0..<200).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 5) }
        let whole = { var g = SHA256(); g.update(bytes); return g.finalize() }()
        #expect(SHA256.hex(bytes) == whole.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined())
        for cut in 0...bytes.count {
            var contiguous = SHA256()
            contiguous.update(bytes[..<cut])
            contiguous.update(bytes[cut...])
            #expect(contiguous.finalize() == whole, "cut at \(cut)")
            var lazy = SHA256()
            lazy.update(bytes[..<cut].lazy.map { $0 })
            lazy.update(bytes[cut...])
            #expect(lazy.finalize() == whole, "lazy cut at \(cut)")
        }
    }
}
