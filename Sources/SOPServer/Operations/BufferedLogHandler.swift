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

    public func log(level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?,
                    source: String, file: String, function: String, line: UInt) {
        var all = explicit ?? [:]
        if !metadata.isEmpty { all.merge(metadata) { explicit, _ in explicit } }
        var text = sink.timestamp()
        text += " \(level)"
        if !label.isEmpty { text += " " + label }
        text += ":"
        for (key, value) in all.sorted(by: { $0.key < $1.key }) { text += " \(key)=\(value)" }
        text += " [\(source)] \(message)\n"
        sink.append(text, flushNow: level >= .warning)
    }
}

/// Where ``BufferedLogHandler`` lines go: a buffer, and a thread that writes it out.
public final class LogSink: Sendable {
    private struct State {
        var pending: [UInt8] = []
        var second: Int = -1
        var stamp = ""
    }

    private let state = Mutex(State())
    /// Serializes the writes themselves, so lines leave in the order they were logged.
    private let writing = Mutex(())
    private let descriptor: Int32

    public static let standardError = LogSink(descriptor: 2)

    /// Writes to `descriptor` every `interval` seconds.
    public init(descriptor: Int32, interval: TimeInterval = 0.1) {
        self.descriptor = descriptor
        let thread = Thread { [weak self] in
            while self != nil {
                Thread.sleep(forTimeInterval: interval)
                self?.flush()
            }
        }
        thread.name = "sop.log"
        thread.start()
        atexit_flush.withLock { $0.append(self) }
    }

    func append(_ line: String, flushNow: Bool) {
        state.withLock { $0.pending.append(contentsOf: line.utf8) }
        if flushNow { flush() }
    }

    /// Writes out everything logged so far.
    public func flush() {
        writing.withLock { _ in
            let bytes = state.withLock { s -> [UInt8] in
                defer { s.pending.removeAll(keepingCapacity: true) }
                return s.pending
            }
            var offset = 0
            while offset < bytes.count {
                let n = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, bytes.count - offset) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return }
                offset += n
            }
        }
    }

    /// The time as `StreamLogHandler` writes it (local time, `%Y-%m-%dT%H:%M:%S%z`), formatted
    /// once a second.
    func timestamp() -> String {
        var now = time(nil)
        if let hit = state.withLock({ $0.second == Int(now) ? $0.stamp : nil }) { return hit }
        var local = tm()
        localtime_r(&now, &local)
        var buffer = [Int8](repeating: 0, count: 64)
        strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &local)
        let stamp = String(cString: buffer)
        state.withLock { $0.second = Int(now); $0.stamp = stamp }
        return stamp
    }
}

/// The sinks to flush when the process exits normally.
private let atexit_flush: Mutex<[LogSink]> = {
    atexit { atexit_flush.withLock { sinks in for s in sinks { s.flush() } } }
    return Mutex([])
}()
