import Foundation
import Hummingbird
import HummingbirdTesting
import SOPCore
import SOPServer
import SOPStore
import SOPStoreSQLite
import Testing

/// One error model (#16, finding 17): every layer's error answered by its kind through one
/// table; a fault of the server is a 500 with a logged reference, never a 400 that blames the client.
@Suite struct ErrorModelTests {
    typealias F = ServerFixtures

    /// A store whose case lists fail the way the given error says.
    struct FailingStore: ForwardingCaseStore {
        let base: SQLiteCaseStore
        let failure: @Sendable () -> any Error
        func cases(_ query: CaseQuery) throws -> [CaseSummary] { throw failure() }
        func listings(_ query: CaseQuery) throws -> [CaseListing] { throw failure() }
    }

    struct Unexpected: Error {}

    func answer(to failure: @escaping @Sendable () -> any Error) async throws -> (HTTPResponse.Status, [String: Any]) {
        var config = try F.config()
        config.store = FailingStore(base: try SQLiteCaseStore(), failure: failure)
        let app = try await buildApplication(config, host: "127.0.0.1", port: 0)
        return try await app.test(.router) { client in
            try await client.execute(uri: "/api/cases", method: .get, headers: F.headers("humas")) { r in
                (r.status, F.body(r)["error"] as? [String: Any] ?? [:])
            }
        }
    }

    @Test func anUnknownErrorIsA500WithAReferenceNotTheClientsFault() async throws {
        let (status, error) = try await answer { Unexpected() }
        #expect(status == .internalServerError)
        #expect(error["code"] as? String == "internal")
        let message = try #require(error["message"] as? String)
        #expect(message.contains("reference "))
        #expect(!message.contains("Unexpected"), "the answer names no internal type: \(message)")
    }

    @Test func storeErrorsAnswerByTheirKind() async throws {
        let (corrupt, e1) = try await answer { StoreError.corrupt("event 3 of case X") }
        #expect(corrupt == .internalServerError)
        #expect(e1["code"] as? String == "internal")
        let (unavailable, e2) = try await answer { StoreError.unavailable("sop.db", reason: "disk I/O error") }
        #expect(unavailable == .serviceUnavailable)
        #expect(e2["code"] as? String == "store-unavailable")
    }

    @Test func everyKindHasItsOwnStatus() {
        let statuses = ErrorKind.allCases.map(\.httpStatus.code)
        #expect(Set(statuses).count == ErrorKind.allCases.count)
        #expect(ErrorKind.internal.httpStatus == .internalServerError)
        #expect(ErrorKind.invalid.httpStatus == .badRequest)
    }

    @Test func refusalMessagesNameNoCommandLineFlags() {
        let e = CaseError.missingOutput(step: "telaah-pengaduan", document: "telaahan-staf")
        #expect(!e.description.contains("--"))
        #expect(e.kind == .invalid)
        #expect(!StoreError.missing("x.db").description.contains("--db"))
    }
}
