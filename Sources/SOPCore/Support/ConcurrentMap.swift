import Dispatch
import Foundation

extension Array where Element: Sendable {
    /// `map` over all cores, keeping the order. For loading many independent files.
    public func concurrentMap<T: Sendable>(_ transform: @Sendable (Element) -> T) -> [T] {
        let results = Results<T>(count: count)
        self.withUnsafeBufferPointer { buffer in
            let items = UncheckedSendable(buffer)
            DispatchQueue.concurrentPerform(iterations: buffer.count) { i in
                results.set(i, transform(items.value[i]))
            }
        }
        return results.values.map { $0! }
    }
}

/// Slots written once each from concurrent workers.
private final class Results<T>: @unchecked Sendable {
    private let lock = NSLock()
    var values: [T?]
    init(count: Int) { values = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: T) { lock.withLock { values[i] = value } }
}

private struct UncheckedSendable<V>: @unchecked Sendable {
    let value: V
    init(_ value: V) { self.value = value }
}
