import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import SOPCore
import SOPRender
import Testing

/// The flowchart's geometry, read back from the SVG as a browser would draw it: every arrow
/// runs from the boundary of its source symbol to the boundary of its target, crosses no
/// symbol, and turns only at right angles; no two symbols and no two labels overlap, and no
/// label stands on a symbol; every transition of the SOP is drawn, across pages through a
/// pair of off-page connectors; a printed page is never taller than the page. Checked over
/// every SOP in `sops/`, both languages, whole and cut into pages, and over generated SOPs.
@Suite struct FlowchartGeometryTests {
    struct Box { var x0, y0, x1, y1: Double; var node: String?; var cls: String }
    struct Arrow { var from, to: String; var points: [(x: Double, y: Double)] }

    struct Page {
        var boxes: [Box] = []
        var arrows: [Arrow] = []
        var labels: [(text: String, rect: Box)] = []
        var height: Double = 0
        var rows: [String] = []
    }

    static func attribute(_ e: XMLNode, _ name: String) -> String? { (try? e.nodes(forXPath: "@\(name)"))?.first?.stringValue }

    static func read(_ svg: String) throws -> Page {
        let doc = try XMLDocument(xmlString: svg, options: [])
        var page = Page()
        page.height = Double(attribute(doc.rootElement()!, "height") ?? "0") ?? 0
        for case let e as XMLElement in try doc.nodes(forXPath: "//*[@data-box]") {
            let cls = attribute(e, "class") ?? ""
            if e.name == "rect" || e.localName == "rect" {
                let n = ["x", "y", "width", "height"].map { Double(attribute(e, $0) ?? "") ?? .nan }
                page.boxes.append(Box(x0: n[0], y0: n[1], x1: n[0] + n[2], y1: n[1] + n[3], node: attribute(e, "data-node"), cls: cls))
            } else {
                let pts = (attribute(e, "points") ?? "").split(separator: " ").map { $0.split(separator: ",").compactMap { Double($0) } }
                let xs = pts.compactMap(\.first), ys = pts.compactMap(\.last)
                guard let x0 = xs.min(), let y0 = ys.min(), let x1 = xs.max(), let y1 = ys.max() else {
                    Issue.record("a symbol without points: \(e.xmlString)"); continue
                }
                page.boxes.append(Box(x0: x0, y0: y0, x1: x1, y1: y1, node: attribute(e, "data-node"), cls: cls))
            }
        }
        for case let e as XMLElement in try doc.nodes(forXPath: "//*[local-name()='path'][@data-from]") {
            let numbers = (attribute(e, "d") ?? "").split(separator: " ").compactMap { Double($0) }
            let points = stride(from: 0, to: numbers.count - 1, by: 2).map { (x: numbers[$0], y: numbers[$0 + 1]) }
            page.arrows.append(Arrow(from: attribute(e, "data-from")!, to: attribute(e, "data-to")!, points: points))
        }
        for case let e as XMLElement in try doc.nodes(forXPath: "//*[local-name()='text'][@class='label' or @class='mark']") {
            let text = e.stringValue ?? ""
            let x = Double(attribute(e, "x")!)!, y = Double(attribute(e, "y")!)!
            let size = Double(attribute(e, "font-size")!)!
            // DejaVu Sans averages under 0.6 em a character; the bold labels a little more.
            let w = Double(text.count) * size * (attribute(e, "font-weight") == "bold" ? 0.6 : 0.55)
            let x0 = attribute(e, "text-anchor") == "end" ? x - w : attribute(e, "text-anchor") == "middle" ? x - w / 2 : x
            page.labels.append((text, Box(x0: x0, y0: y - size * 0.75, x1: x0 + w, y1: y + 1, node: nil, cls: "label")))
        }
        for case let e as XMLElement in try doc.nodes(forXPath: "//*[@class='row']") { page.rows.append(attribute(e, "data-step")!) }
        return page
    }

    static func overlaps(_ a: Box, _ b: Box) -> Bool { a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1 }

    static func onBoundary(_ p: (x: Double, y: Double), _ b: Box) -> Bool {
        p.x >= b.x0 && p.x <= b.x1 && p.y >= b.y0 && p.y <= b.y1 && (p.x == b.x0 || p.x == b.x1 || p.y == b.y0 || p.y == b.y1)
    }

    /// Every geometric rule for one page; the problems found, each naming what breaks it.
    static func problems(_ page: Page, pageHeight: Int?) -> [String] {
        var found: [String] = []
        let nodes = Dictionary(page.boxes.compactMap { b in b.node.map { ($0, b) } }, uniquingKeysWith: { a, _ in a })
        for (i, a) in page.boxes.enumerated() {
            for b in page.boxes[(i + 1)...] where overlaps(a, b) { found.append("symbols overlap: \(a.node ?? a.cls) and \(b.node ?? b.cls)") }
        }
        for arrow in page.arrows {
            let name = "\(arrow.from) → \(arrow.to)"
            guard let s = nodes[arrow.from], let t = nodes[arrow.to], let first = arrow.points.first, let last = arrow.points.last else {
                found.append("arrow \(name) does not join two symbols"); continue
            }
            if !onBoundary(first, s) { found.append("arrow \(name) does not start on its source") }
            if !onBoundary(last, t) { found.append("arrow \(name) does not end on its target") }
            for (a, b) in zip(arrow.points, arrow.points.dropFirst()) {
                if a.x != b.x && a.y != b.y { found.append("arrow \(name) has a slanted segment") }
                let seg = Box(x0: min(a.x, b.x), y0: min(a.y, b.y), x1: max(a.x, b.x), y1: max(a.y, b.y), node: nil, cls: "")
                for box in page.boxes {
                    // A segment crosses a box when it passes through its interior.
                    let crosses = a.x == b.x
                        ? (box.x0 < a.x && a.x < box.x1 && seg.y0 < box.y1 && box.y0 < seg.y1)
                        : (box.y0 < a.y && a.y < box.y1 && seg.x0 < box.x1 && box.x0 < seg.x1)
                    if crosses { found.append("arrow \(name) crosses \(box.node ?? box.cls)") }
                }
            }
        }
        for (i, a) in page.labels.enumerated() {
            for b in page.labels[(i + 1)...] where overlaps(a.rect, b.rect) { found.append("labels overlap: '\(a.text)' and '\(b.text)'") }
            for box in page.boxes where overlaps(a.rect, box) { found.append("label '\(a.text)' stands on \(box.node ?? box.cls)") }
        }
        if let pageHeight, page.rows.count > 1, page.height > Double(pageHeight + 2) {
            found.append("page \(page.height) high, more than \(pageHeight)")
        }
        return found
    }

    /// The problems of `sop`'s flowchart, whole and in pages, and whether every transition is drawn.
    static func check(_ sop: SOPDefinition, lang: DocumentLanguage, pageHeight: Int?) throws -> [String] {
        let pages = try FlowchartSVG.pages(sop, lang: lang, pageHeight: pageHeight).map(read)
        var found = pages.enumerated().flatMap { p, page in problems(page, pageHeight: pageHeight).map { "page \(p + 1): \($0)" } }
        var pageOf: [String: Int] = [:]
        for (p, page) in pages.enumerated() { for r in page.rows { pageOf[r] = p } }
        if pageOf.count != sop.steps.count { found.append("rows drawn \(pageOf.count) of \(sop.steps.count)") }
        for step in sop.steps {
            guard let p = pageOf[step.id] else { continue }
            for target in step.successors {
                guard let q = pageOf[target] else { continue }
                if p == q {
                    if !pages[p].arrows.contains(where: { $0.from == step.id && $0.to == target }) { found.append("no arrow \(step.id) → \(target)") }
                } else {
                    if !pages[p].arrows.contains(where: { $0.from == step.id && $0.to == "out:\(target)" }) {
                        found.append("no connector out of page \(p + 1) for \(step.id) → \(target)")
                    }
                    if !pages[q].arrows.contains(where: { $0.from == "in:\(target)" && $0.to == target }) {
                        found.append("no connector into page \(q + 1) for \(target)")
                    }
                }
            }
            for o in step.outcomes where o.next == nil && o.end != nil {
                if !pages[p].arrows.contains(where: { $0.from == step.id && $0.to == "\(step.id)>\(o.id)" }) {
                    found.append("no arrow to the end of \(step.id)'s \(o.id)")
                }
            }
        }
        return found
    }

    static let shipped: [(String, SOPDefinition)] = ["serdang-bedagai-pengaduan.yaml", "lamandau-pengaduan.yaml",
                                                     "dpmptsp-imb-jatim.yaml", "batu-bara-pengaduan.yaml"].map { ($0, RenderFixtures.load($0).sop) }

    @Test(arguments: [nil, FlowchartSVG.printedPageHeight, 330])
    func everyShippedSOPIsDrawnCleanly(pageHeight: Int?) throws {
        for (file, sop) in Self.shipped {
            for lang in [DocumentLanguage.id, .en] {
                let found = try Self.check(sop, lang: lang, pageHeight: pageHeight)
                #expect(found.isEmpty, "\(file) (\(lang), page \(pageHeight.map(String.init) ?? "none")): \(found)")
            }
        }
    }

    @Test func aLongSOPIsCutBetweenRowsWithConnectorsBothWays() throws {
        let sop = RenderFixtures.imb.sop
        let pages = try FlowchartSVG.pages(sop, pageHeight: 330).map(Self.read)
        #expect(pages.count >= 3)
        // Each page repeats the header rows and starts with whole rows only.
        for svg in FlowchartSVG.pages(sop, pageHeight: 330) {
            #expect(svg.contains(">PELAKSANA<") && svg.contains(">MUTU BAKU<"))
        }
        let connectors = pages.flatMap { $0.boxes.filter { $0.cls == "offpage" } }
        #expect(connectors.contains { $0.node?.hasPrefix("out:") == true } && connectors.contains { $0.node?.hasPrefix("in:") == true })
        let svgs = FlowchartSVG.pages(sop, pageHeight: 330).joined()
        #expect(svgs.contains("— ke halaman ") && svgs.contains("— dari halaman "))
        #expect(svgs.contains("class=\"connector-page\""))
        // The plans sent back to the applicant jump back across a page: an arrow in from a later page.
        let back = sop.steps.flatMap { s in s.successors.map { (s.id, $0) } }.filter { pair in
            let a = sop.steps.firstIndex { $0.id == pair.0 }!, b = sop.steps.firstIndex { $0.id == pair.1 }!
            return b < a
        }
        #expect(!back.isEmpty)
        // No lettered on-page circles: Permenpan RB 35/2012 has five symbols only.
        #expect(!FlowchartSVG.svg(sop).contains("<circle"))
    }

    /// SOPs drawn at random: branches forward and back, forks, several ends, meetings,
    /// participants and alternative actors in up to seven lanes.
    static func generated(seed: UInt64) -> SOPDefinition {
        var rng = SeededGenerator(seed: seed)
        var sop = RenderFixtures.serdang.sop
        let laneCount = Int.random(in: 1...7, using: &rng)
        sop.roles = (0..<laneCount).map { Role(id: "r\($0)", title: "Peran \($0)") }
        let n = Int.random(in: 3...14, using: &rng)
        func lane() -> String { "r\(Int.random(in: 0..<laneCount, using: &rng))" }
        var steps: [Step] = []
        for i in 0..<n {
            let id = "s\(i)"
            let kind: Step.Kind = i == 0 ? .start : i == n - 1 ? .end : [.task, .task, .decision, .decision, .meeting].randomElement(using: &rng)!
            var step = Step(number: i + 1, id: id, kind: kind, actor: lane(), activity: "Kegiatan \(i)")
            if kind != .end {
                let forward = "s\(Int.random(in: (i + 1)...(n - 1), using: &rng))"
                switch kind {
                case .decision:
                    step.outcomes = [Step.Outcome(id: "ya", label: "Ya", next: forward)]
                    if i > 0, Bool.random(using: &rng) {
                        step.outcomes.append(Step.Outcome(id: "tidak", label: "Tidak lengkap", next: "s\(Int.random(in: 0...i, using: &rng))", revision: true))
                    }
                    if Bool.random(using: &rng) { step.outcomes.append(Step.Outcome(id: "tolak", label: "Ditolak", next: nil, end: "ditolak")) }
                    if Int.random(in: 0..<4, using: &rng) == 0 {
                        step.outcomes.append(Step.Outcome(id: "lain", label: "Lainnya", next: "s\(Int.random(in: (i + 1)...(n - 1), using: &rng))"))
                    }
                default:
                    if i + 2 < n, Int.random(in: 0..<3, using: &rng) == 0 {
                        step.parallel = Array(Set([forward, "s\(Int.random(in: (i + 1)...(n - 1), using: &rng))"])).sorted()
                        if step.parallel.count == 1 { step.next = step.parallel[0]; step.parallel = [] }
                    } else {
                        step.next = forward
                    }
                }
            }
            if laneCount > 1, kind == .meeting || Int.random(in: 0..<4, using: &rng) == 0 {
                step.participants = Array(Set((0..<Int.random(in: 1...2, using: &rng)).map { _ in lane() })).sorted().filter { $0 != step.actor }
            }
            if laneCount > 2, kind == .task, Int.random(in: 0..<5, using: &rng) == 0 {
                step.alternativeActors = [lane()].filter { $0 != step.actor && !step.participants.contains($0) }
            }
            if Int.random(in: 0..<4, using: &rng) == 0 { step.activity = String(repeating: "Kegiatan panjang ", count: Int.random(in: 5...30, using: &rng)) }
            steps.append(step)
        }
        sop.steps = steps
        return sop
    }

    @Test func generatedSOPsAreDrawnCleanly() throws {
        var failures: [String] = []
        for seed in UInt64(1)...300 {
            let sop = Self.generated(seed: seed)
            for pageHeight in [nil, 400] {
                let found = try Self.check(sop, lang: .id, pageHeight: pageHeight)
                if !found.isEmpty { failures.append("seed \(seed), page \(pageHeight.map(String.init) ?? "none"): \(found.prefix(3))") }
            }
        }
        #expect(failures.isEmpty, "\(failures.count) failing: \(failures.prefix(8).joined(separator: "\n"))")
    }
}
