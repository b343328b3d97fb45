/// What structural errors left out of a definition, so that its meaning can still be checked
/// in the same run (every problem at once) without reporting what the missing parts would
/// have answered: a step left out is not "unknown" to the steps that lead to it.
public struct UnreadParts: Sendable, Hashable {
    /// The lists whose entries the validator looks up: roles, documents, steps.
    public enum List: String, Sendable, Hashable, CaseIterable { case roles, documents, steps }

    /// Ids written in an entry that could not be read, by list.
    public var ids: [List: Set<String>] = [:]
    /// Lists with an entry left out whose id could not be read either: references into them
    /// cannot be checked.
    public var anonymous: Set<List> = []
    /// For each list with entries left out, the position in the file of each entry read, so that
    /// what is reported about the n-th entry read points at its own line.
    public var positions: [List: [Int]] = [:]
    /// The SOP's parts whose problems make whole-procedure checks (a start, an end, reachability,
    /// document flow, unused lanes) meaningless until they are fixed.
    public var wholeUnchecked = false
    /// The identity block could not be read (its provenance marks are not checked).
    public var identity = false

    public init() {}

    /// Nothing was left out: the definition is the file.
    public var isEmpty: Bool { ids.isEmpty && anonymous.isEmpty && positions.isEmpty && !wholeUnchecked && !identity }

    /// Whether some entry of `list` was left out.
    public func lost(_ list: List) -> Bool { positions[list] != nil || anonymous.contains(list) }

    /// Records that the entry at `position` of `list` could not be read (its id, if it has one).
    public mutating func leftOut(_ list: List, id: String?, kept: [Int]) {
        if let id { ids[list, default: []].insert(id) } else { anonymous.insert(list) }
        positions[list] = kept
    }

    /// `path` ("steps[3].next") with the index of the entry read turned into its position in the file.
    public func filePath(_ path: String) -> String {
        guard !positions.isEmpty else { return path }
        for (list, kept) in positions where path.hasPrefix(list.rawValue + "[") {
            let rest = path.dropFirst(list.rawValue.count + 1)
            guard let close = rest.firstIndex(of: "]"), let i = Int(rest[..<close]), kept.indices.contains(i) else { return path }
            return "\(list.rawValue)[\(kept[i])" + rest[close...]
        }
        return path
    }
}
