import Foundation
import Logging

/// Log records kept for a test to read.
final class LogCapture: @unchecked Sendable {
    struct Record {
        var level: Logger.Level
        var message: String
        var metadata: [String: String]
    }

    private let lock = NSLock()
    private var records: [Record] = []

    func add(_ r: Record) { lock.withLock { records.append(r) } }
    var all: [Record] { lock.withLock { records } }
}

struct CapturingLogHandler: LogHandler {
    let capture: LogCapture
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    init(_ capture: LogCapture) { self.capture = capture }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?, source: String,
             file: String, function: String, line: UInt) {
        let all = metadata.merging(explicit ?? [:]) { _, new in new }
        capture.add(.init(level: level, message: message.description, metadata: all.mapValues { "\($0)" }))
    }
}

extension LogCapture {
    /// A logger whose every line lands here.
    var logger: Logger { Logger(label: "test") { _ in CapturingLogHandler(self) } }
}
