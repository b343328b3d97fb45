import ArgumentParser
import Foundation
import SOPCore
import SOPRender

/// `sop render FILE --format html|svg`: the official SOP-AP document.
struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Render the official SOP-AP document (Permenpan RB 35/2012): the identity page and the flowchart table.",
        discussion: """
        html is the whole document for A4 landscape, ready to print or to turn into PDF \
        (chromium --headless --print-to-pdf=sop.pdf sop.html); svg is the flowchart table alone.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case html, svg }

    @Argument(help: "The SOP file (a variant is resolved first).") var file: String
    @Option(help: "html or svg.") var format: Format = .html
    @Option(help: "id (Indonesian, the official form) or en.") var lang: DocumentLanguage = .id
    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?

    func run() throws {
        let sop = try loadValid(file)
        let text: String
        switch format {
        case .svg: text = FlowchartSVG.svg(sop, lang: lang)
        case .html:
            do { text = try SOPDocument.html(sop, lang: lang) } catch {
                Console.current.err("error: \(error)")
                throw ExitCode(1)
            }
        }
        let sink = try OutputSink(path: output)
        try sink.write(text)
        try sink.close()
    }
}

extension DocumentLanguage: ExpressibleByArgument {}
