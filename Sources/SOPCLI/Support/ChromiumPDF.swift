import Foundation
import Synchronization

/// Prints an HTML document to PDF with headless Chromium: the document's own page size and
/// margins (A4 landscape for SOP-AP), none of the browser's header or footer (date, file
/// path, page numbers), which the document prints itself.
enum ChromiumPDF {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The browser to use: `SOP_CHROMIUM` when set, else the first of the usual names on PATH.
    static func browser(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let chosen = environment["SOP_CHROMIUM"], !chosen.isEmpty { return chosen }
        let path = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for name in ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"] {
            for dir in path {
                let candidate = "\(dir)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }

    static let missing = """
        writing PDF needs headless Chromium, which is not installed: install the Debian package \
        chromium (apt-get install chromium), or set SOP_CHROMIUM to a Chromium or Chrome binary; \
        --format html writes the same document for any browser to print
        """

    /// Writes `html` printed to PDF at `output` by `browser` (nil: none installed), within `timeout` seconds.
    static func print(html: String, to output: String, browser: String?, timeout: TimeInterval = 120) throws {
        guard let browser else { throw Failure(description: missing) }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sop-render-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let page = dir.appendingPathComponent("sop.html")
        try Data(html.utf8).write(to: page)
        let pdf = dir.appendingPathComponent("sop.pdf")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: browser)
        process.arguments = [
            "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--disable-extensions",
            "--user-data-dir=\(dir.appendingPathComponent("profile").path)",
            "--no-pdf-header-footer", "--print-to-pdf-no-header", "--print-to-pdf=\(pdf.path)", page.absoluteString,
        ]
        let log = Pipe()
        process.standardOutput = log
        process.standardError = log
        do { try process.run() } catch {
            throw Failure(description: "\(browser) could not be started: \(error.localizedDescription)")
        }
        // Read the browser's chatter while it runs so that a full pipe never stalls it.
        let chatter = Chatter()
        let reader = Thread { chatter.data.withLock { $0 = log.fileHandleForReading.readDataToEndOfFile() } }
        reader.start()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning {
            process.terminate()
            throw Failure(description: "\(browser) did not finish printing the PDF within \(Int(timeout)) s")
        }
        guard let bytes = try? Data(contentsOf: pdf), bytes.starts(with: Array("%PDF".utf8)) else {
            let said = String(decoding: chatter.data.withLock { $0 }.suffix(600), as: UTF8.self)
            throw Failure(description: "\(browser) wrote no PDF (exit \(process.terminationStatus))\(said.isEmpty ? "" : ": \(said)")")
        }
        do { try bytes.write(to: URL(fileURLWithPath: output)) } catch {
            throw Failure(description: "cannot write \(output): \(error.localizedDescription)")
        }
    }
}

/// The browser's output, handed from its reader thread.
private final class Chatter: Sendable {
    let data = Mutex(Data())
}
