import ArgumentParser
import Foundation

/// Where a command's main output goes: a file (`--output`) or standard output. Large
/// exports are written in chunks as they are produced.
struct OutputSink {
    private let handle: FileHandle?

    /// Opens `path` for writing (created or truncated), or standard output when nil.
    init(path: String?) throws {
        guard let path else { handle = nil; return }
        guard FileManager.default.createFile(atPath: path, contents: nil), let h = FileHandle(forWritingAtPath: path) else {
            throw ValidationError("cannot write \(path)")
        }
        handle = h
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        if let handle { try handle.write(contentsOf: bytes) } else { Console.current.out(bytes: bytes) }
    }

    func write(_ text: String) throws { try Array(text.utf8).withUnsafeBytes { try write($0) } }

    func close() throws { try handle?.close() }
}
