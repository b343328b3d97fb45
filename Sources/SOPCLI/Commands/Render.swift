import ArgumentParser
import Foundation
import SOPCore
import SOPLoader
import SOPRender

/// `sop render FILE --format html|pdf|svg`: the official SOP-AP document.
struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Render the official SOP-AP document (Permenpan RB 35/2012): the identity page and the flowchart table.",
        discussion: """
        pdf is the print-ready document (A4 landscape, header rows on every page of the flowchart, \
        rows never split, off-page connectors where a flow continues on another page, "Halaman 1 \
        dari 3" in its own footer and no browser header or footer), printed by headless Chromium \
        (the Debian package chromium, or SOP_CHROMIUM); html is the same document for a browser; \
        svg is the flowchart table whole, on one sheet.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case html, pdf, svg }

    @Argument(help: "The SOP file (a variant is resolved first).") var file: String
    @Option(help: "html, pdf (needs --output) or svg.") var format: Format = .html
    @Option(help: "id (Indonesian, the official form) or en.") var lang: DocumentLanguage = .id
    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?
    @Flag(help: "Print without the marks and notes of values the document does not state (the copy to sign); refused while any value is assumed or illegible.")
    var withoutMarks = false

    func run() throws {
        if format == .pdf, output == nil {
            Console.current.err("error: --format pdf writes a file: give it with --output FILE.pdf")
            throw ExitCode(1)
        }
        let sop = try loadValid(file)
        if withoutMarks {
            let guessed = SOPDocument.unmarkable(sop)
            if !guessed.isEmpty {
                Console.current.err("error: \(file) cannot be printed without marks: \(guessed.count) value\(guessed.count == 1 ? " is" : "s are") not the agency's own text: \(guessed.joined(separator: ", "))")
                Console.current.err("  hint: replace them with the agency's values and drop their provenance, or print with the marks")
                throw ExitCode(1)
            }
        }
        let text: String
        switch format {
        case .svg: text = FlowchartSVG.svg(sop, lang: lang, marks: !withoutMarks)
        case .html, .pdf:
            do { text = try SOPDocument.html(sop, lang: lang, marks: !withoutMarks, logo: try SOPLoader.logo(for: sop, sopPath: file)) } catch {
                Console.current.err("error: \(error)")
                throw ExitCode(1)
            }
        }
        if format == .pdf, let output {
            do { try ChromiumPDF.print(html: text, to: output, browser: ChromiumPDF.browser()) } catch {
                Console.current.err("error: \(error)")
                throw ExitCode(1)
            }
            return
        }
        let sink = try OutputSink(path: output)
        try sink.write(text)
        try sink.close()
    }
}

extension DocumentLanguage: ExpressibleByArgument {}
