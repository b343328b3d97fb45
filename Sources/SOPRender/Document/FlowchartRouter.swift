/// Orthogonal routing of the flowchart's arrows between symbols that stand in horizontal
/// levels (one per table row, plus the bands of off-page connectors): an arrow leaves its
/// source by the bottom or a side, runs along a track in the free gap under the source's
/// level, down or up a vertical corridor that no symbol of the levels it passes stands in,
/// along a track in the gap above the target, and into the target's top (the bottom, for a
/// target beside the source). Symbols never stand in a gap, so no arrow crosses a symbol it
/// does not connect; tracks and corridors are handed out so that two arrows run along the
/// same line only when they share their source or their target (a fork's trunk, a join).
struct FlowchartRouter {
    struct Rect: Equatable {
        var x0, y0, x1, y1: Int
        /// Whether the interiors overlap (touching edges do not).
        func overlaps(_ o: Rect) -> Bool { x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1 }
        var midX: Int { (x0 + x1) / 2 }
        var midY: Int { (y0 + y1) / 2 }
    }

    struct Point: Equatable { var x, y: Int }

    enum Port { case bottom, right, left }

    /// A horizontal band in which symbols stand; gaps lie between consecutive levels.
    struct Level { var top, bottom: Int }

    struct Node { var id: String; var rect: Rect; var level: Int }

    struct Edge {
        var from: String
        var to: String
        var label: String?
        var port: Port = .bottom
        var cssClass = "flow"
    }

    struct Route { var edge: Edge; var points: [Point] }

    /// A placed text: its anchor point and the box it covers.
    struct Label { var text: String; var x, y: Int; var anchor: SVGCanvas.Anchor; var rect: Rect; var cssClass: String; var size: Int; var bold: Bool }

    let levels: [Level]
    /// Where a page's table body starts and ends: the first gap's top and the last gap's bottom.
    let top: Int, bottom: Int
    /// The x of every vertical corridor an arrow may take (lane centres and lane edges).
    let corridors: [Int]
    private(set) var nodes: [String: Node] = [:]
    /// Every symbol, drawn or not as an endpoint (participants, alternatives): arrows avoid them all.
    private(set) var obstacles: [(rect: Rect, level: Int)] = []
    private var vertical: [Int: [(y0: Int, y1: Int, tag: String)]] = [:]
    private var horizontal: [Int: [Int: [(x0: Int, x1: Int, tag: String)]]] = [:]
    private(set) var labels: [Label] = []

    static let trackSpacing = 5, margin = 3

    init(levels: [Level], top: Int, bottom: Int, corridors: [Int]) {
        self.levels = levels
        self.top = top
        self.bottom = bottom
        self.corridors = corridors
    }

    mutating func add(node id: String, rect: Rect, level: Int) {
        nodes[id] = Node(id: id, rect: rect, level: level)
        obstacles.append((rect, level))
    }

    mutating func add(obstacle rect: Rect, level: Int) { obstacles.append((rect, level)) }

    /// Gap `k` lies above level `k` (gap `levels.count` below the last level).
    func gap(_ k: Int) -> (top: Int, bottom: Int) {
        let t = k == 0 ? top : levels[k - 1].bottom
        let b = k == levels.count ? bottom : levels[k].top
        return (t + Self.margin, b - Self.margin)
    }

    /// A track (a y) in gap `k` free along `x0...x1`, or shared with a segment of the same tag.
    private mutating func track(gap k: Int, from a: Int, to b: Int, tag: String) -> Int {
        let g = gap(k)
        let x0 = min(a, b), x1 = max(a, b)
        let count = max(1, (g.bottom - g.top) / Self.trackSpacing + 1)
        // Tracks from the middle of the gap outwards, so that a lone arrow runs through its middle.
        let mid = (g.top + g.bottom) / 2
        let order = (0..<count).map { t in mid + (t % 2 == 0 ? 1 : -1) * ((t + 1) / 2) * Self.trackSpacing }
            .filter { $0 >= g.top && $0 <= g.bottom }
        for y in order.isEmpty ? [mid] : order {
            let used = horizontal[k]?[y] ?? []
            if used.allSatisfy({ $0.tag == tag || $0.x1 + 2 < x0 || x1 + 2 < $0.x0 }) {
                horizontal[k, default: [:]][y, default: []].append((x0, x1, tag))
                return y
            }
        }
        let y = order.first ?? mid
        horizontal[k, default: [:]][y, default: []].append((x0, x1, tag))
        return y
    }

    private func corridorFree(_ x: Int, levels range: ClosedRange<Int>, y0: Int, y1: Int, tag: String, arrows: Bool = true) -> Bool {
        for o in obstacles where range.contains(o.level) && o.rect.x0 - 2 <= x && x <= o.rect.x1 + 2 { return false }
        guard arrows else { return true }
        let lo = min(y0, y1), hi = max(y0, y1)
        return (vertical[x] ?? []).allSatisfy { $0.tag == tag || $0.y1 + 2 < lo || hi + 2 < $0.y0 }
    }

    private mutating func claim(x: Int, _ a: Int, _ b: Int, tag: String) {
        vertical[x, default: []].append((min(a, b), max(a, b), tag))
    }

    /// Routes `edge` and returns its points, first on the source's boundary, last on the target's.
    mutating func route(_ edge: Edge) -> Route? {
        guard let s = nodes[edge.from], let t = nodes[edge.to] else { return nil }
        let from = "from:\(edge.from)", into = "to:\(edge.to)"
        var points: [Point] = []
        // Beside the source on its level with nothing in between: one straight line.
        if s.level == t.level, edge.port != .bottom {
            let right = edge.port == .right
            let a = Point(x: right ? s.rect.x1 : s.rect.x0, y: s.rect.midY)
            let b = Point(x: right ? t.rect.x0 : t.rect.x1, y: s.rect.midY)
            let line = Rect(x0: min(a.x, b.x), y0: a.y - 1, x1: max(a.x, b.x), y1: a.y + 1)
            if (right ? b.x > a.x : b.x < a.x), !obstacles.contains(where: { $0.rect.overlaps(line) }) {
                return Route(edge: edge, points: [a, b])
            }
        }
        // Leaving: down from the bottom, or a short stub out of a side and then down.
        let below = s.level + 1
        var exitX: Int
        switch edge.port {
        case .bottom:
            exitX = s.rect.midX
            points.append(Point(x: exitX, y: s.rect.y1))
        case .right, .left:
            let right = edge.port == .right
            exitX = right ? s.rect.x1 + 6 : s.rect.x0 - 6
            points.append(Point(x: right ? s.rect.x1 : s.rect.x0, y: s.rect.midY))
            points.append(Point(x: exitX, y: s.rect.midY))
        }
        // Arriving: into the top from the gap above, or into the bottom for a target on the same level.
        let tx = t.rect.midX
        let intoTop = t.level > s.level || t.level < s.level
        let above = intoTop ? t.level : t.level + 1
        let end = Point(x: tx, y: intoTop ? t.rect.y0 : t.rect.y1)
        if above == below {
            let y = track(gap: below, from: exitX, to: tx, tag: from)
            points += [Point(x: exitX, y: y), Point(x: tx, y: y), end]
            return Route(edge: edge, points: Self.simplified(points))
        }
        // A corridor through the levels between the two gaps.
        let span = below < above ? below...(above - 1) : above...(below - 1)
        let gapA = gap(below), gapB = gap(above)
        let ya0 = (gapA.top + gapA.bottom) / 2, yb0 = (gapB.top + gapB.bottom) / 2
        let back = above < below
        let candidates = (corridors + [tx, exitX]).sorted {
            let ca = abs($0 - exitX) + abs($0 - tx), cb = abs($1 - exitX) + abs($1 - tx)
            return ca != cb ? ca < cb : (back ? $0 > $1 : $0 < $1)
        }
        // Free of symbols and of other arrows; else free of symbols at least (sharing a line with
        // another arrow is better than crossing a symbol).
        let x = candidates.first { corridorFree($0, levels: span, y0: ya0, y1: yb0, tag: into) }
            ?? candidates.first { corridorFree($0, levels: span, y0: 0, y1: 0, tag: into, arrows: false) }
            ?? candidates[0]
        if x == tx, !back {
            let y = track(gap: below, from: exitX, to: tx, tag: from)
            claim(x: tx, y, end.y, tag: into)
            points += [Point(x: exitX, y: y), Point(x: tx, y: y), end]
        } else if x == exitX, !back {
            let y = track(gap: above, from: exitX, to: tx, tag: into)
            claim(x: exitX, points.last!.y, y, tag: from)
            points += [Point(x: exitX, y: y), Point(x: tx, y: y), end]
        } else {
            let ya = track(gap: below, from: exitX, to: x, tag: from)
            let yb = track(gap: above, from: x, to: tx, tag: into)
            claim(x: x, ya, yb, tag: into)
            points += [Point(x: exitX, y: ya), Point(x: x, y: ya), Point(x: x, y: yb), Point(x: tx, y: yb), end]
        }
        return Route(edge: edge, points: Self.simplified(points))
    }

    /// Drops repeated points and points in the middle of a straight run.
    static func simplified(_ p: [Point]) -> [Point] {
        var out: [Point] = []
        for q in p {
            if out.last == q { continue }
            if out.count >= 2 {
                let a = out[out.count - 2], b = out[out.count - 1]
                if (a.x == b.x && b.x == q.x) || (a.y == b.y && b.y == q.y) { out[out.count - 1] = q; continue }
            }
            out.append(q)
        }
        return out
    }

    /// The box a text covers at the flowchart's fonts (a generous average width per character).
    static func textRect(_ text: String, x: Int, y: Int, size: Int, anchor: SVGCanvas.Anchor, bold: Bool) -> Rect {
        let w = (text.count * size * (bold ? 68 : 62) + 99) / 100
        let x0 = anchor == .start ? x : anchor == .end ? x - w : x - w / 2
        return Rect(x0: x0, y0: y - size + 1, x1: x0 + w, y1: y + 2)
    }

    /// Places `text` at the first candidate that overlaps no placed label and no symbol (the
    /// first candidate when none is free) and returns it.
    @discardableResult
    mutating func place(_ text: String, size: Int, bold: Bool, cssClass: String,
                        candidates: [(x: Int, y: Int, anchor: SVGCanvas.Anchor)]) -> Label? {
        guard let first = candidates.first else { return nil }
        func label(_ c: (x: Int, y: Int, anchor: SVGCanvas.Anchor)) -> Label {
            Label(text: text, x: c.x, y: c.y, anchor: c.anchor,
                  rect: Self.textRect(text, x: c.x, y: c.y, size: size, anchor: c.anchor, bold: bold), cssClass: cssClass,
                  size: size, bold: bold)
        }
        let chosen = candidates.map(label).first { l in
            !labels.contains { $0.rect.overlaps(l.rect) } && !obstacles.contains { $0.rect.overlaps(l.rect) }
        } ?? label(first)
        labels.append(chosen)
        return chosen
    }

    /// Where the label of a routed arrow may stand: beside its first segments, nearest the source first.
    /// Above and below the target come last (the outcome that ends the case beside its terminator).
    func labelCandidates(_ route: Route) -> [(x: Int, y: Int, anchor: SVGCanvas.Anchor)] {
        var out = Self.labelCandidates(route.points)
        for (k, (a, b)) in zip(route.points, route.points.dropFirst()).enumerated() where k < 4 {
            let mx = (a.x + b.x) / 2, my = (a.y + b.y) / 2
            out += a.y == b.y ? [(mx, my - 3, .middle), (mx, my + 10, .middle)] : [(mx + 3, my + 4, .start), (mx - 3, my + 4, .end)]
        }
        if let t = nodes[route.edge.to]?.rect {
            out += [(t.midX, t.y0 - 2, .middle), (t.midX, t.y1 + 9, .middle), (t.x1 + 3, t.y0 - 1, .start), (t.x0 - 3, t.y0 - 1, .end)]
        }
        return out
    }

    static func labelCandidates(_ points: [Point]) -> [(x: Int, y: Int, anchor: SVGCanvas.Anchor)] {
        var out: [(x: Int, y: Int, anchor: SVGCanvas.Anchor)] = []
        for k in 0..<min(3, points.count - 1) {
            let a = points[k], b = points[k + 1]
            if a.x == b.x {
                let y = (b.y > a.y ? a.y + 10 : a.y - 3)
                out += [(a.x + 3, y, .start), (a.x - 3, y, .end)]
            } else {
                let right = b.x > a.x
                out += [(a.x + (right ? 2 : -2), a.y - 3, right ? .start : .end),
                        (a.x + (right ? 2 : -2), a.y + 10, right ? .start : .end)]
            }
        }
        return out
    }
}
