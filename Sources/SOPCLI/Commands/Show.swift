import ArgumentParser
import Foundation
import SOPCore
import SOPLoader

/// `sop show FILE`: the SOP as a reader sees it, identity, lanes and the step table.
struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print an SOP: identity, roles, the step table and its total standard time."
    )

    @Argument(help: "The SOP file.")
    var file: String

    @Option(help: "Output format: text, or json for the resolved definition.")
    var format: OutputFormat = .text

    func run() throws {
        let sop = try loadValid(file)
        switch format {
        case .text: Console.current.out(SOPSummary(sop).text)
        case .json: Console.current.out(try JSON.encode(ResolvedSOP(sop)))
        }
    }
}

/// The definition plus what is derived from it, as `show --format json` prints it.
struct ResolvedSOP: Encodable {
    var sop: SOPDefinition
    var mainPath: [String]
    var mainPathTotal: TimeTotal

    init(_ sop: SOPDefinition) {
        self.sop = sop
        mainPath = sop.mainPath.map(\.id)
        mainPathTotal = sop.mainPathTotal
    }
}

/// Loads `file`, printing its diagnostics; throws exit status 1 when it has errors.
func loadValid(_ file: String) throws -> SOPDefinition {
    let result = SOPLoader.load(path: file)
    printDiagnostics(result.diagnostics, texts: result.texts)
    guard let sop = result.validDefinition else {
        Console.current.err("\(file): \(result.diagnostics.errorCount) error(s); fix them first (`sop validate \(file)`)")
        throw ExitCode(1)
    }
    return sop
}
