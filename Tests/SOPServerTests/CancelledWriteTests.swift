import Hummingbird
@testable import SOPServer
import SOPStoreSQLite
import Testing

/// A request cancelled while its write waited for a store thread (the server stopping) wrote
/// nothing: it is answered 503, not blamed on the server as a 500 fault.
@Suite struct CancelledWriteTests {
    @Test func aCancelledWriteIsUnavailableNotAFault() async throws {
        let task = Task { try await StoreThreads.run { () -> Int in 1 } }
        task.cancel()
        // Cancelled before it ran (503 `cancelled`) or ran first (its value): never a 500.
        do {
            #expect(try await task.value == 1)
        } catch {
            let answer = APIError.from(error)
            #expect(answer.status == .serviceUnavailable && answer.code == "cancelled", "\(error)")
        }
        let direct = APIError.from(CancellationError())
        #expect(direct.status == .serviceUnavailable && direct.code == "cancelled")
    }
}
