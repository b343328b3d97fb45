/// The shape of an SOP's flow, computed once from its steps: positions by id, forks and the
/// joins where their branches meet, and which steps lie inside each fork.
///
/// A fork (`next: [a, b]`) starts all its branches at once; its join is the first step that
/// every branch reaches going forward (revision outcomes left out). Steps reached from a
/// branch before the join are the fork's region: a token moving from the region into the
/// join is an arrival, and the join becomes active when every branch has arrived.
public struct StepGraph: Sendable, Hashable {
    public struct Fork: Sendable, Hashable {
        /// Position of the fork step.
        public var fork: Int
        /// Position of the join, nil when the branches never meet (SOP045).
        public var join: Int?
        /// Positions of the steps inside the fork (its branches up to the join).
        public var region: Set<Int>
        public var branches: Int
    }

    public let index: [String: Int]
    /// Forks by the position of their fork step.
    public let forks: [Int: Fork]
    /// For a join's position, the fork whose branches it joins (the first, when several
    /// forks share a join, which the validator refuses as SOP046).
    public let forkOfJoin: [Int: Int]
    /// Positions of joins shared by more than one fork.
    public let sharedJoins: [Int]

    public init(_ steps: [Step]) {
        var index: [String: Int] = [:]
        for (i, s) in steps.enumerated() where index[s.id] == nil { index[s.id] = i }
        self.index = index
        func forward(_ i: Int) -> [Int] {
            steps[i].forwardSuccessors.compactMap { index[$0] } +
                steps[i].outcomes.filter { !$0.revision }.dropFirst().compactMap { $0.next.flatMap { index[$0] } }
        }
        var forks: [Int: Fork] = [:]
        var forkOfJoin: [Int: Int] = [:]
        var shared: [Int] = []
        for (f, step) in steps.enumerated() where step.isFork {
            let starts = step.parallel.compactMap { index[$0] }
            // Forward reach of each branch, in breadth-first order from the first branch.
            var reach: [Set<Int>] = []
            var orderFromFirst: [Int] = []
            for (b, start) in starts.enumerated() {
                var seen: Set<Int> = [start]
                var queue = [start], head = 0
                while head < queue.count {
                    let i = queue[head]; head += 1
                    if b == 0 { orderFromFirst.append(i) }
                    for n in forward(i) where n != f && seen.insert(n).inserted { queue.append(n) }
                }
                reach.append(seen)
            }
            let join = starts.count < 2 ? nil : orderFromFirst.first { i in reach.allSatisfy { $0.contains(i) } }
            // The region: everything reached from a branch (any outcome) before the join.
            var region: Set<Int> = []
            var stack = starts.filter { $0 != join }
            while let i = stack.popLast() {
                guard i != f, i != join, region.insert(i).inserted else { continue }
                for n in forward(i) { stack.append(n) }
            }
            forks[f] = Fork(fork: f, join: join, region: region, branches: starts.count)
            if let join {
                if forkOfJoin[join] != nil { shared.append(join) } else { forkOfJoin[join] = f }
            }
        }
        self.forks = forks
        self.forkOfJoin = forkOfJoin
        self.sharedJoins = shared
    }

    /// The fork whose join `next` is, when a token leaving `from` arrives there from inside
    /// the fork: the join then waits for the other branches.
    public func arrival(from: Int, at next: Int) -> Fork? {
        guard !forkOfJoin.isEmpty, let f = forkOfJoin[next], let fork = forks[f], fork.region.contains(from) else { return nil }
        return fork
    }
}

extension SOPDefinition {
    /// The flow's forks and joins (``StepGraph``).
    public var graph: StepGraph { StepGraph(steps) }
}
