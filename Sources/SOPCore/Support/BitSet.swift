/// A fixed-width set of small integers, for data-flow fixed points over documents.
struct BitSet: Equatable, Sendable {
    private var words: [UInt64]

    init(width: Int, full: Bool = false) {
        words = [UInt64](repeating: full ? ~0 : 0, count: max(1, (width + 63) / 64))
    }

    mutating func insert(_ i: Int) { words[i >> 6] |= 1 << UInt64(i & 63) }
    func contains(_ i: Int) -> Bool { words[i >> 6] & (1 << UInt64(i & 63)) != 0 }

    func union(_ other: BitSet) -> BitSet {
        var r = self
        for k in r.words.indices { r.words[k] |= other.words[k] }
        return r
    }

    mutating func formUnion(_ other: BitSet) { self = union(other) }

    mutating func formIntersection(_ other: BitSet) {
        for k in words.indices { words[k] &= other.words[k] }
    }
}
