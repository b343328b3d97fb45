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

/// Runs `a` and `b` at the same time (each on its own core when there are two) and returns
/// both results: for a pipeline whose next stage is prepared while the current one runs.
public func concurrently<A: Sendable, B: Sendable>(_ a: @Sendable () -> A, _ b: @Sendable () -> B) -> (A, B) {
    let first = Results<A>(count: 1), second = Results<B>(count: 1)
    DispatchQueue.concurrentPerform(iterations: 2) { i in
        if i == 0 { first.set(0, a()) } else { second.set(0, b()) }
    }
    return (first.values[0]!, second.values[0]!)
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
