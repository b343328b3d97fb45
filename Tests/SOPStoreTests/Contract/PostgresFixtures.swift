import Foundation
import SOPStorePostgres

/// The PostgreSQL server the tests use: `SOP_TEST_POSTGRES_URL` (`postgres://user@host:port/db`,
/// set by `.ci/run`, which starts a throwaway cluster); without it the PostgreSQL cases are left
/// out, and say so once.
enum PostgresFixtures {
    static let serverURL: String? = {
        let url = ProcessInfo.processInfo.environment["SOP_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
        if url == nil {
            print("PostgreSQL store tests skipped: no SOP_TEST_POSTGRES_URL (`make test` starts a throwaway cluster and sets it)")
        }
        return url
    }()

    /// A store on a database of its own, created for the test.
    static func freshStore() async throws -> PostgresCaseStore {
        guard let serverURL else { throw Missing() }
        let name = "sop_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        return try await PostgresCaseStore(url: try await PostgresCaseStore.createDatabase(on: serverURL, named: name), maximumConnections: 4)
    }

    struct Missing: Error {}
}
