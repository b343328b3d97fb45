import ArgumentParser
import Foundation
import SOPCore
import SOPRender
import SOPServer
import SOPStore
import SOPStoreSQLite

/// `sop export events|bpmn`: what process-mining and modelling tools read.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export the case event log (CSV, XES) or an SOP as BPMN 2.0.",
        subcommands: [ExportEvents.self, ExportBPMN.self]
    )
}

enum EventFormat: String, ExpressibleByArgument, CaseIterable {
    case csv, xes
}

struct ExportEvents: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "The event log of every case, case by case, streamed (notes are left out).")

    @Option(help: "The SQLite database file, or a PostgreSQL server (postgres://user@host:port/database).") var db: String = "sop.db"
    @Option(help: "csv or xes (IEEE 1849).") var format: EventFormat = .csv
    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?

    func run() async throws {
        let log = try await StoreLocation.open(db, access: .read, maximumConnections: 4)
        let sink = try OutputSink(path: output)
        do {
            switch format {
            case .csv:
                var writer = EventCSVWriter(sink: sink.write)
                try await log.forEachEventBytes { try writer.write($0) }
                try writer.finish()
            case .xes:
                var writer = XESWriter(definitions: try await log.storedDefinitions(), sink: sink.write)
                try await log.forEachEventBytes { try writer.write($0) }
                try writer.finish()
            }
        }
        try sink.close()
    }
}

struct ExportBPMN: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bpmn",
        abstract: "An SOP as BPMN 2.0 XML: a lane per role, user tasks, exclusive gateways, standard times.")

    @Argument(help: "The SOP file.") var file: String
    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?

    func run() throws {
        let sop = try loadValid(file)
        let sink = try OutputSink(path: output)
        try sink.write(BPMNWriter.xml(sop))
        try sink.close()
    }
}
