import Testing
@testable import SOPCore

/// RFC 4231's HMAC-SHA256 test cases, and a key of exactly one block (Python's hmac module).
@Suite struct SHA256HMACTests {
    func hex(_ bytes: [UInt8]) -> String { Hex.string(bytes) }

    @Test func rfc4231Vectors() {
        #expect(hex(SHA256.hmac(key: [UInt8](repeating: 0x0b, count: 20), message: Array("Hi There".utf8)))
                == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        #expect(hex(SHA256.hmac(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8)))
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        // A key longer than the block is hashed first.
        #expect(hex(SHA256.hmac(key: [UInt8](repeating: 0xaa, count: 131),
                                message: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)))
                == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    @Test func keyOfOneBlockIsUsedAsItIs() {
        #expect(hex(SHA256.hmac(key: [UInt8](repeating: UInt8(ascii: "k"), count: 64), message: [UInt8]()))
                == "83026a325aaee70e36cfe607536aa1054104ad1077c36134810d4ccded1ccd3b")
    }
}
