import Foundation
import Logging
import Synchronization

/// The server's log handler: lines as swift-log's `StreamLogHandler` writes them
/// (`2026-12-03T13:04:50+0000 info sop-engine: method=GET … [SOPServer] request`), gathered in
/// memory and written to standard error by one thread at most every 100 ms, in one `write` for
/// all the lines of that time.
///
/// With one line per request, an unbuffered `write` under the stream's lock for every line was
/// a seventh of what a request cost, and made the requests of both cores wait for each other.
/// A warning or an error is written at once with everything before it, and so is what is
/// pending when the process ends normally; a crash loses at most the last 100 ms of access lines.
public struct BufferedLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    let label: String
    let sink: LogSink

    public init(label: String, sink: LogSink = .standardError) {
        self.label = label
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var all = event.metadata ?? [:]
        if !metadata.isEmpty { all.merge(metadata) { explicit, _ in explicit } }
        if let error = event.error {
            all["error.message"] = .string("\(error)")
            all["error.type"] = .string("\(type(of: error))")
        }
        var text = sink.timestamp()
        text += " \(event.level)"
        if !label.isEmpty { text += " " + label }
        text += ":"
        for (key, value) in all.sorted(by: { $0.key < $1.key }) { text += " \(key)=\(value)" }
        text += " [\(event.source)] \(event.message)\n"
        sink.append(text, flushNow: event.level >= .warning)
    }
}

/// Where ``BufferedLogHandler`` lines go: a buffer, and a thread that writes it out.
public final class LogSink: Sendable {
    private struct State {
        var pending: [UInt8] = []
        var dropped = 0
        var second: Int = -1
        var stamp = ""
        var closed = false
    }

    /// What waits at most: past it (standard error stalled) lines are counted, not kept, and
    /// the count is written when the stream takes lines again.
    static let limit = 8 << 20

    private let state = Mutex(State())
    /// Serializes the writes themselves, so lines leave in the order they were logged.
    private let writing = Mutex(())
    private let descriptor: Int32

    public static let standardError = LogSink(descriptor: 2)

    /// Writes to `descriptor` every `interval` seconds.
    public init(descriptor: Int32, interval: TimeInterval = 0.1) {
        self.descriptor = descriptor
        // The thread holds the sink only while it flushes, so a sink nobody uses ends with it.
        let thread = Thread { [weak self] in
            while true {
                Thread.sleep(forTimeInterval: interval)
                guard let sink = self, !sink.isClosed else { return }
                sink.flush()
            }
        }
        thread.name = "sop.log"
        thread.start()
        atexit_flush.withLock { $0.removeAll { $0.sink == nil }; $0.append(WeakSink(sink: self)) }
    }

    private var isClosed: Bool { state.withLock { $0.closed } }

    func append(_ line: String, flushNow: Bool) {
        state.withLock { s in
            if s.pending.count + line.utf8.count > Self.limit { s.dropped += 1 } else { s.pending.append(contentsOf: line.utf8) }
        }
        if flushNow { flush() }
    }

    /// Writes out everything logged so far.
    public func flush() {
        writing.withLock { _ in
            // The buffer is taken whole, not copied: the next lines start a new one.
            var (bytes, dropped) = state.withLock { s -> ([UInt8], Int) in
                var taken: [UInt8] = []
                swap(&taken, &s.pending)
                defer { s.dropped = 0 }
                return (taken, s.dropped)
            }
            if dropped > 0 {
                bytes += Array("\(timestamp()) warning sop.log: dropped=\(dropped) [SOPServer] log lines dropped while standard error did not take them\n".utf8)
            }
            var offset = 0
            while offset < bytes.count {
                let n = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, bytes.count - offset) }
                if n < 0 && (errno == EINTR || errno == EAGAIN) {
                    if errno == EAGAIN { usleep(1000) }
                    continue
                }
                // A stream that is gone (closed, EPIPE) takes nothing more: the lines are dropped.
                if n <= 0 { return }
                offset += n
            }
        }
    }

    /// Writes what is pending and stops the sink's thread (a sink of the tests; the standard
    /// error sink lives as long as the process).
    public func close() {
        flush()
        state.withLock { $0.closed = true }
    }

    /// The time as `StreamLogHandler` writes it (local time, `%Y-%m-%dT%H:%M:%S%z`), formatted
    /// once a second.
    func timestamp() -> String {
        var now = time(nil)
        if let hit = state.withLock({ $0.second == Int(now) ? $0.stamp : nil }) { return hit }
        var local = tm()
        localtime_r(&now, &local)
        var buffer = [Int8](repeating: 0, count: 64)
        let length = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &local)
        let stamp = String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        state.withLock { $0.second = Int(now); $0.stamp = stamp }
        return stamp
    }
}

/// The sinks to flush when the process exits normally (held weakly: a closed sink goes).
private let atexit_flush: Mutex<[WeakSink]> = {
    atexit { atexit_flush.withLock { sinks in for s in sinks { s.sink?.flush() } } }
    return Mutex([])
}()

private struct WeakSink: @unchecked Sendable {
    weak var sink: LogSink?
}
