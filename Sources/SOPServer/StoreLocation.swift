import SOPCore
import SOPStore
import SOPStorePostgres
import SOPStoreSQLite

/// The one place that picks a store from where it is: a `postgres://` URL is a PostgreSQL
/// server, anything else an SQLite file (opened with `access`). Used by `sop serve` for a
/// deployment's `database` and by every command's `--db`.
public enum StoreLocation {
    public static func open(_ location: String, access: SQLiteCaseStore.Access, maximumConnections: Int = 20) async throws
        -> any CaseStore & EventLog {
        if Deployment.isDatabaseURL(location) { return try await PostgresCaseStore(url: location, maximumConnections: maximumConnections) }
        return try SQLiteCaseStore(path: location, access: access)
    }
}
