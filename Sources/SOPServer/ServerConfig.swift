import Foundation
import Logging
import SOPCore
import SOPLoader
import SOPStore
import SOPStoreSQLite
import SOPStorePostgres

/// Everything `buildApplication` needs: the deployment, its SOPs with their calendars, the
/// store and the clock. Tests build one around an in-memory store and a fixed clock.
public struct ServerConfig: Sendable {
    /// One SOP as the server runs it.
    public typealias LoadedSOP = AgencySOP

    public var deployment: Deployment
    /// The SOPs served, as now published (``SOPShelf``).
    public var sops: [LoadedSOP] {
        get { shelf.all }
        set { shelf = SOPShelf(newValue) }
    }
    var shelf: SOPShelf
    /// The file each SOP was loaded from, by SOP id: where a revision is read when it is published.
    public var files: [String: String] = [:]
    public var store: any CaseStore
    public var clock: @Sendable () -> Instant
    /// The server's logger (requests' loggers derive from it); nil for Hummingbird's default.
    /// Tests set one to read what is logged.
    public var logger: Logger?
    /// How often the server looks at the officers file for changes (tests look every time).
    public var officersCheckInterval: Duration = .milliseconds(250)

    public init(deployment: Deployment, sops: [LoadedSOP], store: any CaseStore, clock: @escaping @Sendable () -> Instant) {
        self.deployment = deployment
        self.shelf = SOPShelf(sops)
        self.store = store
        self.clock = clock
    }

    /// Why a deployment cannot be served, with every located problem.
    public struct LoadError: Error, CustomStringConvertible {
        public var diagnostics: [Diagnostic]
        public var texts: [String: String]
        public var message: String?
        public var description: String { message ?? diagnostics.map { $0.rendered() }.joined(separator: "\n") }
    }

    /// Loads a deployment file, its SOPs and calendars, and opens its database.
    public static func load(path: String, clock: @escaping @Sendable () -> Instant) async throws -> ServerConfig {
        let result = DeploymentLoader.load(path: path)
        guard let deployment = result.deployment else { throw LoadError(diagnostics: result.diagnostics, texts: result.texts) }
        var sops: [LoadedSOP] = []
        var files: [String: String] = [:]
        for file in deployment.sops {
            let loaded = SOPLoader.load(path: file)
            guard let sop = loaded.validDefinition else { throw LoadError(diagnostics: loaded.diagnostics, texts: loaded.texts) }
            let calendar = deployment.calendar.map { CalendarLoader.load(path: $0) } ?? SOPLoader.calendar(for: sop, sopPath: file)
            guard let definition = calendar?.definition else {
                throw LoadError(diagnostics: calendar?.diagnostics ?? [], texts: [:], message: "the calendar of \(file) cannot be loaded")
            }
            sops.append(LoadedSOP(definition: sop, hash: sop.contentHash, calendar: definition))
            files[sop.id] = file
        }
        // The deployment's database: an SQLite file (the embedded default) or a PostgreSQL server.
        let store = try await StoreLocation.open(deployment.database, access: .create)
        var config = ServerConfig(deployment: deployment, sops: sops, store: store, clock: clock)
        config.files = files
        return config
    }

    func sop(_ id: String) -> LoadedSOP? { shelf.sop(id) }
}
