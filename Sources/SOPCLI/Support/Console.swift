import Foundation

/// Where commands write. Standard output and error by default; tests bind a capturing
/// console with ``Console/$current`` so they can run commands in-process.
public final class Console: @unchecked Sendable {
    private let lock = NSLock()
    private var capturedOut = ""
    private var capturedErr = ""
    private let capturing: Bool

    public init(capturing: Bool) { self.capturing = capturing }

    @TaskLocal public static var current = Console(capturing: false)

    public func out(_ text: String, terminator: String = "\n") {
        if capturing {
            lock.withLock { capturedOut += text + terminator }
        } else {
            FileHandle.standardOutput.write(Data((text + terminator).utf8))
        }
    }

    public func err(_ text: String, terminator: String = "\n") {
        if capturing {
            lock.withLock { capturedErr += text + terminator }
        } else {
            FileHandle.standardError.write(Data((text + terminator).utf8))
        }
    }

    /// Raw bytes to standard output (exports): no conversion unless captured.
    public func out(bytes: UnsafeRawBufferPointer) {
        if capturing {
            lock.withLock { capturedOut += String(decoding: bytes, as: UTF8.self) }
        } else {
            try? FileHandle.standardOutput.write(contentsOf: bytes)
        }
    }

    public var standardOutput: String { lock.withLock { capturedOut } }
    public var standardError: String { lock.withLock { capturedErr } }
}
