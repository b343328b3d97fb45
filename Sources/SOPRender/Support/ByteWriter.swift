import SOPCore

/// Bytes appended to a buffer and handed to `sink` in large chunks: exports stream millions
/// of events without building strings or holding the output in memory.
public struct ByteWriter {
    private var buffer: [UInt8] = []
    private let sink: ([UInt8]) throws -> Void
    private let chunk: Int

    public init(chunk: Int = 1 << 20, sink: @escaping ([UInt8]) throws -> Void) {
        self.sink = sink
        self.chunk = chunk
        buffer.reserveCapacity(min(chunk, 1 << 20) + 4096)
    }

    public mutating func write(_ text: StaticString) {
        text.withUTF8Buffer { buffer.append(contentsOf: $0) }
    }

    public mutating func write(_ text: String) {
        var text = text
        text.withUTF8 { buffer.append(contentsOf: $0) }
    }

    public mutating func write(_ n: Int) {
        if n < 0 { buffer.append(UInt8(ascii: "-")) }
        var m = n.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { d in
            repeat {
                d[count] = UInt8(ascii: "0") + UInt8(m % 10)
                m /= 10
                count += 1
            } while m > 0
            for i in stride(from: count - 1, through: 0, by: -1) { buffer.append(d[i]) }
        }
    }

    /// `n` with at least `width` digits.
    public mutating func write(_ n: Int, width: Int) {
        var d = 10, w = 1
        while w < width { if n < d { buffer.append(UInt8(ascii: "0")) }; d *= 10; w += 1 }
        write(n)
    }

    /// Text escaped for an XML attribute value or element content.
    public mutating func writeXML(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            for b in bytes {
                switch b {
                case UInt8(ascii: "&"): buffer.append(contentsOf: [0x26, 0x61, 0x6D, 0x70, 0x3B]) // &amp;
                case UInt8(ascii: "<"): buffer.append(contentsOf: [0x26, 0x6C, 0x74, 0x3B]) // &lt;
                case UInt8(ascii: ">"): buffer.append(contentsOf: [0x26, 0x67, 0x74, 0x3B]) // &gt;
                case UInt8(ascii: "\""): buffer.append(contentsOf: [0x26, 0x71, 0x75, 0x6F, 0x74, 0x3B]) // &quot;
                case 0x0A: buffer.append(contentsOf: Array("&#10;".utf8))
                case 0x00..<0x20 where b != 0x09: continue // not allowed in XML 1.0
                default: buffer.append(b)
                }
            }
        }
    }

    /// A CSV field (RFC 4180): quoted when it holds a comma, quote or line break.
    public mutating func writeCSV(_ text: String) {
        let needsQuotes = text.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else { write(text); return }
        buffer.append(UInt8(ascii: "\""))
        for b in text.utf8 {
            if b == UInt8(ascii: "\"") { buffer.append(b) }
            buffer.append(b)
        }
        buffer.append(UInt8(ascii: "\""))
    }

    /// `2026-03-02T02:00:00.000+00:00` (UTC, milliseconds), as XES expects.
    public mutating func writeTimestamp(_ instant: Instant, utcOffsetSeconds offset: Int = 0) {
        let (date, s) = instant.local(utcOffsetSeconds: offset)
        write(date.year, width: 4); write("-"); write(date.month, width: 2); write("-"); write(date.day, width: 2)
        write("T"); write(s / 3600, width: 2); write(":"); write(s / 60 % 60, width: 2); write(":"); write(s % 60, width: 2)
        write(".000")
        write(offset < 0 ? "-" : "+")
        let o = abs(offset)
        write(o / 3600, width: 2); write(":"); write(o / 60 % 60, width: 2)
    }

    /// Hands a full chunk to the sink.
    public mutating func flushIfNeeded() throws {
        if buffer.count >= chunk { try flush() }
    }

    public mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        try sink(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Everything written so far, for writers used on strings.
    public var bytes: [UInt8] { buffer }
}

extension ByteWriter {
    /// Collects everything written by `body` into a string.
    public static func string(_ body: (inout ByteWriter) throws -> Void) rethrows -> String {
        var w = ByteWriter(chunk: 1 << 40) { _ in }
        try body(&w)
        return String(decoding: w.bytes, as: UTF8.self)
    }
}
