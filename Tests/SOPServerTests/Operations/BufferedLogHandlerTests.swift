import Foundation
import Logging
@testable import SOPServer
import Testing

/// The server's buffered log: StreamLogHandler's line format, lines in order, a warning
/// written at once with everything before it.
@Suite struct BufferedLogHandlerTests {
    /// A sink on a pipe that flushes only when told (its thread waits an hour), and the reader end.
    func pipeSink() throws -> (LogSink, Int32) {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        _ = fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK)
        return (LogSink(descriptor: fds[1], interval: 3600), fds[0])
    }

    func drain(_ fd: Int32) -> String {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n <= 0 { break }
            out += buffer[0..<n]
        }
        return String(decoding: out, as: UTF8.self)
    }

    @Test func linesWaitForTheFlushAndAWarningTakesThemOutInOrder() throws {
        let (sink, reader) = try pipeSink()
        var logger = Logger(label: "sop-engine") { BufferedLogHandler(label: $0, sink: sink) }
        logger[metadataKey: "node"] = "a"
        for n in 1...3 { logger.info("request", metadata: ["status": "200", "n": .stringConvertible(n)]) }
        #expect(drain(reader).isEmpty, "info lines wait for the next flush")
        logger.warning("the notification run failed", metadata: ["type": "X"])
        let lines = drain(reader).split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        // As StreamLogHandler writes them: time, level, label, sorted metadata, [source], message.
        let pattern = #/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4} info sop-engine: n=1 node=a status=200 \[SOPServerTests\] request$/#
        #expect(lines.first.map { $0.wholeMatch(of: pattern) != nil } == true, "\(lines)")
        #expect(lines.prefix(3).map { $0.components(separatedBy: " n=")[1].prefix(1) } == ["1", "2", "3"])
        #expect(lines[3].hasSuffix(" warning sop-engine: node=a type=X [SOPServerTests] the notification run failed"))
        logger.info("later")
        sink.flush()
        #expect(drain(reader).hasSuffix("[SOPServerTests] later\n"))
        sink.close()
    }

    @Test func aStalledStreamCostsBoundedMemoryAndTheDropIsSaid() throws {
        let (sink, reader) = try pipeSink()
        let logger = Logger(label: "x") { BufferedLogHandler(label: $0, sink: sink) }
        // Nobody reads the pipe meanwhile: 10 lines of 1 MiB wait, past the 8 MiB bound.
        let big = String(repeating: "a", count: 1 << 20)
        for _ in 0..<10 { logger.info("\(big)") }
        let flushed = Thread { sink.close() }
        flushed.start()
        var text = ""
        let deadline = Date().addingTimeInterval(20)
        while !text.suffix(300).contains("log lines dropped"), Date() < deadline { text += drain(reader); usleep(1000) }
        let kept = text.components(separatedBy: "\n").filter { $0.hasSuffix(big) }.count
        #expect(kept == 7, "8 MiB hold 7 lines of 1 MiB with their prefixes")
        #expect(text.contains("warning sop.log: dropped=3 [SOPServer] log lines dropped while standard error did not take them"))
    }

    @Test func levelsBelowTheLoggersAreDropped() throws {
        let (sink, reader) = try pipeSink()
        var logger = Logger(label: "x") { BufferedLogHandler(label: $0, sink: sink) }
        logger.logLevel = .notice
        logger.info("dropped")
        logger.notice("kept")
        sink.flush()
        let text = drain(reader)
        #expect(!text.contains("dropped") && text.contains("notice x: [SOPServerTests] kept"), "\(text)")
        sink.close()
    }
}

/// The access line's latency, written without Foundation's formatter, as `%.2f` writes it.
@Suite struct AccessLatencyTextTests {
    @Test func twoDecimalsAgreeWithPrintf() {
        for value in [0, 0.004, 0.005, 0.05, 0.6, 1.84, 9.999, 10, 123.456, 59_999.994] {
            #expect(AccessLogMiddleware.twoDecimals(value) == String(format: "%.2f", value), "\(value)")
        }
    }
}
