import SOPCore

/// Bytes appended to a buffer and handed to `sink` in large chunks: exports stream millions
/// of events without building strings or holding the output in memory. The buffer is raw
/// memory written with `memcpy`-style copies (an array's append checks cost more than the
/// copy itself for the many short pieces of an XML line). Not meant to be copied.
public struct ByteWriter {
    private final class Storage {
        let base: UnsafeMutableRawPointer
        let capacity: Int
        var count = 0

        init(capacity: Int) {
            self.capacity = capacity
            base = .allocate(byteCount: capacity, alignment: 16)
        }

        deinit { base.deallocate() }
    }

    private let storage: Storage
    private let sink: (UnsafeRawBufferPointer) throws -> Void
    private let chunk: Int
    /// Pieces larger than the slack are written through a grown copy.
    private var overflow: [UInt8] = []

    /// `sink` gets each chunk as borrowed bytes, valid only during the call.
    public init(chunk: Int = 1 << 20, sink: @escaping (UnsafeRawBufferPointer) throws -> Void) {
        self.sink = sink
        self.chunk = min(chunk, 1 << 20)
        storage = Storage(capacity: self.chunk + (64 << 10))
    }

    @inline(__always)
    private mutating func append(_ p: UnsafeRawPointer?, _ n: Int) {
        guard n > 0, let p else { return }
        if storage.count + n > storage.capacity || !overflow.isEmpty {
            // Only a writer used for a long string (SVG, BPMN) gets here: keep everything in order.
            overflow += UnsafeRawBufferPointer(start: storage.base, count: storage.count)
            storage.count = 0
            overflow += UnsafeRawBufferPointer(start: p, count: n)
            return
        }
        (storage.base + storage.count).copyMemory(from: p, byteCount: n)
        storage.count += n
    }

    @inline(__always)
    private mutating func append(_ byte: UInt8) {
        withUnsafeBytes(of: byte) { append($0.baseAddress, 1) }
    }

    public mutating func write(_ text: StaticString) {
        append(text.utf8Start, text.utf8CodeUnitCount)
    }

    public mutating func writeString(_ text: String) {
        var text = text
        text.withUTF8 { append($0.baseAddress, $0.count) }
    }

    public mutating func write(_ n: Int) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { d in
            var m = n.magnitude
            var i = 24
            repeat {
                i -= 1
                d[i] = UInt8(ascii: "0") + UInt8(m % 10)
                m /= 10
            } while m > 0
            if n < 0 { i -= 1; d[i] = UInt8(ascii: "-") }
            append(d.baseAddress! + i, 24 - i)
        }
    }

    /// `n` with at least `width` digits.
    public mutating func write(_ n: Int, width: Int) {
        var d = 10, w = 1
        while w < width { if n < d { append(UInt8(ascii: "0")) }; d *= 10; w += 1 }
        write(n)
    }

    public mutating func write(_ bytes: UnsafeRawBufferPointer) {
        append(bytes.baseAddress, bytes.count)
    }

    /// Text escaped for an XML attribute value or element content.
    public mutating func writeXML(_ text: String) {
        var text = text
        text.withUTF8 { writeXML(UnsafeRawBufferPointer($0)) }
    }

    /// UTF-8 bytes escaped for XML; runs without special characters are copied at once.
    public mutating func writeXML(_ bytes: UnsafeRawBufferPointer) {
        var start = 0
        for (i, b) in bytes.enumerated() where b < 0x20 || b == UInt8(ascii: "&") || b == UInt8(ascii: "<")
            || b == UInt8(ascii: ">") || b == UInt8(ascii: "\"") {
            if start < i { append(bytes.baseAddress! + start, i - start) }
            start = i + 1
            switch b {
            case UInt8(ascii: "&"): write("&amp;")
            case UInt8(ascii: "<"): write("&lt;")
            case UInt8(ascii: ">"): write("&gt;")
            case UInt8(ascii: "\""): write("&quot;")
            case 0x0A: write("&#10;")
            case 0x09: write("&#9;")
            case 0x0D: write("&#13;")
            default: continue // other control characters are not allowed in XML 1.0
            }
        }
        if start < bytes.count { append(bytes.baseAddress! + start, bytes.count - start) }
    }

    /// A CSV field (RFC 4180): quoted when it holds a comma, quote or line break.
    public mutating func writeCSV(_ text: String) {
        var text = text
        text.withUTF8 { writeCSV(UnsafeRawBufferPointer($0)) }
    }

    public mutating func writeCSV(_ bytes: UnsafeRawBufferPointer) {
        let needsQuotes = bytes.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else { write(bytes); return }
        append(UInt8(ascii: "\""))
        for b in bytes {
            if b == UInt8(ascii: "\"") { append(b) }
            append(b)
        }
        append(UInt8(ascii: "\""))
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
        if storage.count >= chunk || !overflow.isEmpty { try flush() }
    }

    public mutating func flush() throws {
        if overflow.isEmpty {
            guard storage.count > 0 else { return }
            try sink(UnsafeRawBufferPointer(start: storage.base, count: storage.count))
        } else {
            overflow += UnsafeRawBufferPointer(start: storage.base, count: storage.count)
            try overflow.withUnsafeBytes { try sink($0) }
            overflow = []
        }
        storage.count = 0
    }

    /// Everything written and not yet flushed.
    public var bytes: [UInt8] { overflow + UnsafeRawBufferPointer(start: storage.base, count: storage.count) }
}

extension ByteWriter {
    /// Collects everything written by `body` into a string.
    public static func string(_ body: (inout ByteWriter) throws -> Void) rethrows -> String {
        var w = ByteWriter(chunk: 4096) { _ in }
        try body(&w)
        return String(decoding: w.bytes, as: UTF8.self)
    }
}
