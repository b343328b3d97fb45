/// Standard time added up along a path, kept per unit because working days and office
/// minutes cannot be converted into each other without a calendar.
public struct TimeTotal: Sendable, Hashable, Codable {
    public var workingDays: Int = 0
    public var calendarDays: Int = 0
    public var months: Int = 0
    /// Minutes and hours, counted as office minutes.
    public var officeMinutes: Int = 0
    /// Steps on the path without a standard time.
    public var stepsWithoutTime: Int = 0

    public init() {}

    public mutating func add(_ time: StandardTime?) {
        guard let time else { stepsWithoutTime += 1; return }
        switch time.unit {
        case .workingDays: workingDays += time.value
        case .calendarDays: calendarDays += time.value
        case .months: months += time.value
        case .minutes, .hours: officeMinutes += time.officeMinutes ?? 0
        }
    }

    /// "65 working days 2 h 15 min", in English (``TimeText/total(_:_:)``).
    public var summary: String { TimeText.total(self) }
}

extension SOPDefinition {
    /// The steps taken when every decision goes forward, from the start until an end step
    /// (or a step already visited): `next` or the first non-revision outcome; at a fork, the
    /// branch with the longest standard time to the join (the critical path), then on from
    /// the join. Its total is the case's standard total.
    public var mainPath: [Step] {
        guard let start = startStep else { return [] }
        let graph = self.graph
        var path: [Step] = []
        var seen: Set<Int> = []
        var current: Int? = graph.index[start.id]
        while let i = current, seen.insert(i).inserted {
            let step = steps[i]
            path.append(step)
            if step.isFork, let fork = graph.forks[i], let join = fork.join {
                let branches = step.parallel.compactMap { graph.index[$0] }.map { branch(from: $0, to: join, graph: graph) }
                let longest = branches.max { a, b in Self.estimatedMinutes(a) < Self.estimatedMinutes(b) } ?? []
                for s in longest where seen.insert(graph.index[s.id]!).inserted { path.append(s) }
                current = join
            } else {
                current = step.forwardSuccessor.flatMap { graph.index[$0] }
            }
        }
        return path
    }

    /// Every step of the forward flow, all branches of every fork included, in the order a
    /// case meets them (a join after all its branches): what a standard timeline schedules.
    public var forwardFlow: [Step] {
        guard let start = startStep, let s = graph.index[start.id] else { return [] }
        let graph = self.graph
        // Forward edges only; Kahn's order over the steps reachable from the start.
        func forward(_ i: Int) -> [Int] { steps[i].forwardSuccessors.compactMap { graph.index[$0] } }
        var reach: Set<Int> = [s]
        var stack = [s]
        while let i = stack.popLast() { for n in forward(i) where reach.insert(n).inserted { stack.append(n) } }
        var indegree: [Int: Int] = [:]
        for i in reach { for n in forward(i) where reach.contains(n) { indegree[n, default: 0] += 1 } }
        var ready = [s]
        var order: [Step] = []
        var done: Set<Int> = []
        while !ready.isEmpty {
            ready.sort()
            let i = ready.removeFirst()
            guard done.insert(i).inserted else { continue }
            order.append(steps[i])
            for n in forward(i) where reach.contains(n) {
                indegree[n, default: 0] -= 1
                if indegree[n]! == 0 { ready.append(n) }
            }
        }
        // A loop along forward edges (refused as SOP027) leaves steps out; add them in order.
        for i in reach.sorted() where !done.contains(i) { order.append(steps[i]) }
        return order
    }

    /// The steps of one branch from `from` up to (not including) `join`, following forward successors.
    func branch(from: Int, to join: Int, graph: StepGraph) -> [Step] {
        var result: [Step] = []
        var seen: Set<Int> = []
        var current: Int? = from
        while let i = current, i != join, seen.insert(i).inserted {
            result.append(steps[i])
            if steps[i].isFork, let inner = graph.forks[i]?.join {
                let branches = steps[i].parallel.compactMap { graph.index[$0] }.map { branch(from: $0, to: inner, graph: graph) }
                result += branches.max { Self.estimatedMinutes($0) < Self.estimatedMinutes($1) } ?? []
                current = inner
            } else {
                current = steps[i].forwardSuccessor.flatMap { graph.index[$0] }
            }
        }
        return result
    }

    /// A rough length in office minutes, only to choose the longest of parallel branches (a
    /// working day as 450 minutes, a calendar day as 5/7 of one, a month as 30 calendar days).
    static func estimatedMinutes(_ steps: [Step]) -> Int {
        steps.reduce(0) { sum, step in
            guard let t = step.time else { return sum }
            let v = t.value
            let minutes: Int = switch t.unit {
            case .minutes: v
            case .hours: v * 60
            case .workingDays: v * 450
            case .calendarDays: v * 450 * 5 / 7
            case .months: v * 30 * 450 * 5 / 7
            }
            return sum + minutes
        }
    }

    /// Total standard time along ``mainPath``.
    public var mainPathTotal: TimeTotal {
        var total = TimeTotal()
        for step in mainPath { total.add(step.time) }
        return total
    }
}
