import SOPCore

/// The flowchart table of an SOP-AP document as SVG: No, activity, one column per lane with
/// the five symbols Permenpan RB 35/2012 allows (terminator, process, decision, arrow,
/// off-page connector; a meeting is a process across its lanes), then the quality-standard
/// columns (requirements, time, output) and notes.
///
/// Arrows are routed by ``FlowchartRouter`` (never through a symbol, labels never on one
/// another); a loop back is an arrow up a free corridor. Printed, the table is cut into pages
/// between rows (``pages(_:lang:pageHeight:firstPage:)``), each with the header rows, and a
/// flow that continues on another page, forward or back, ends in an off-page connector
/// numbered with the step it leads to and the page it is on, met by its twin on that page.
public enum FlowchartSVG {
    /// Columns of the table; widths fit an A4 landscape page (about 1,040 px of print area).
    struct Columns {
        var columns: [(x: Int, width: Int)] = []
        var lanes: [Role] = []
        var laneColumn: [String: Int] = [:]
        var headerHeight = 0
        var width = 0
        var symbolWidth = 0

        /// Column indexes: 0 No, 1 activity, 2..<2+lanes, then requirements, time, output, note.
        var requirements: Int { 2 + lanes.count }
        var time: Int { requirements + 1 }
        var output: Int { requirements + 2 }
        var note: Int { requirements + 3 }

        func centre(lane: String) -> Int { centre(column: laneColumn[lane] ?? 2) }
        func centre(column: Int) -> Int { columns[column].x + columns[column].width / 2 }
    }

    static let lineHeight = 11, fontSize = 9, padding = 6
    /// The band above and below a page's rows where off-page connectors stand.
    static let bandHeight = 40
    /// The height of a printed page's table in SVG units: A4 landscape's 190 mm of print area
    /// less the caption and the page footer, at the table's 1,042 units across 277 mm.
    public static let printedPageHeight = 650

    /// Characters that fit in `width` pixels at the table's font (a conservative average).
    static func capacity(_ width: Int) -> Int { max(4, (width - 2 * padding) * 100 / (fontSize * 57)) }

    static func wrap(_ text: String, width: Int) -> [String] { TextWrap.lines(text, width: capacity(width)) }

    static func columns(_ sop: SOPDefinition) -> Columns {
        var l = Columns()
        let used = Set(sop.steps.flatMap { $0.actors + $0.participants })
        l.lanes = sop.roles.filter { used.contains($0.id) }
        let fixed = [28, 210] + [150, 58, 140, 64]
        let laneWidth = max(66, (1040 - fixed.reduce(0, +)) / max(1, l.lanes.count))
        let widths = fixed[0..<2] + Array(repeating: laneWidth, count: l.lanes.count) + fixed[2...]
        var x = 0
        for w in widths { l.columns.append((x, w)); x += w }
        l.width = x
        for (k, lane) in l.lanes.enumerated() { l.laneColumn[lane.id] = 2 + k }
        let titleLines = l.lanes.map { wrap($0.title, width: laneWidth).count }.max() ?? 1
        l.headerHeight = 22 + titleLines * lineHeight + 10
        l.symbolWidth = min(60, laneWidth - 24)
        return l
    }

    /// The Kelengkapan cell: the documents, then the requirements that are not documents (a
    /// system, a fee and where it is paid, an appointment, equipment).
    static func requirements(_ step: Step, _ sop: SOPDefinition, lang: DocumentLanguage = .id) -> String {
        (step.inputs.map { ref in (sop.document(ref.document)?.name ?? ref.document) + (ref.condition.map { " (\($0))" } ?? "") }
            + step.requirements.map(lang.requirement)).joined(separator: "; ")
    }

    /// The Keterangan cell: the note, then what the step's timers do.
    static func note(_ step: Step, _ sop: SOPDefinition, lang: DocumentLanguage) -> String {
        ([step.note].compactMap { $0 } + step.timers.map { lang.timer($0, step: step, role: { sop.role($0)?.title ?? $0 }) })
            .joined(separator: "\n")
    }

    static func outputs(_ step: Step, _ sop: SOPDefinition) -> String {
        step.outputs.map { ref in (sop.document(ref.document)?.name ?? ref.document) + (ref.condition.map { " (\($0))" } ?? "") }
            .joined(separator: "; ")
    }

    /// Where a row's symbols stand: the lanes they take, and the lane of each terminator an
    /// ending outcome leads to (a free lane of the row, or under the decision when none is free).
    struct RowPlan {
        var height: Int
        /// The cells' text, marks included, as drawn and as measured for the height.
        var text: (activity: String, requirements: String, time: String, output: String, note: String)
        /// The notes explaining the row's marked values, wrapped, printed under the page's table.
        var notes: [String] = []
        var notesHeight: Int { notes.count * noteLineHeight }
        var ends: [(outcome: Step.Outcome, column: Int, below: Bool)]
        var occupied: Set<Int>
    }

    /// The text of each cell of step `i`'s row with the marks of its values that the document does not state.
    static func cells(_ i: Int, _ sop: SOPDefinition, lang: DocumentLanguage, marks: ProvenanceMarks)
        -> (activity: String, requirements: String, time: String, output: String, note: String) {
        let step = sop.steps[i]
        let other = step.provenance.keys.filter { !ProvenanceMarks.stepFields.contains($0) }
        return (step.activity + marks.suffix(step: i, fields: ["activity"] + other),
                requirements(step, sop, lang: lang) + marks.suffix(step: i, fields: ["inputs", "requirements"]),
                lang.time(step.time) + marks.suffix(step: i, fields: ["time"]),
                outputs(step, sop) + marks.suffix(step: i, fields: ["outputs"]),
                note(step, sop, lang: lang) + marks.suffix(step: i, fields: ["timers", "note"]))
    }

    static let noteLineHeight = 10, noteFont = 8

    static func plan(_ i: Int, _ sop: SOPDefinition, _ l: Columns, lang: DocumentLanguage, marks: ProvenanceMarks) -> RowPlan {
        let step = sop.steps[i]
        let text = cells(i, sop, lang: lang, marks: marks)
        let texts = [wrap(text.activity, width: l.columns[1].width).count,
                     wrap(text.requirements, width: l.columns[l.requirements].width).count,
                     wrap(text.output, width: l.columns[l.output].width).count,
                     wrap(text.note, width: l.columns[l.note].width).count,
                     wrap(text.time, width: l.columns[l.time].width).count]
        var height = max(64, (texts.max() ?? 1) * lineHeight + 2 * padding + 4)
        var occupied = Set((step.actors + step.participants).compactMap { l.laneColumn[$0] })
        if step.kind == .meeting, let lo = occupied.min(), let hi = occupied.max() { occupied = Set(lo...hi) }
        let own = l.laneColumn[step.actor] ?? 2
        var free = Set(2..<(2 + l.lanes.count)).subtracting(occupied)
        var ends: [(Step.Outcome, Int, Bool)] = []
        var belowCount = 0
        for o in step.outcomes where o.next == nil && o.end != nil {
            if let lane = free.sorted(by: { (abs($0 - own), $0 < own ? 1 : 0) < (abs($1 - own), $1 < own ? 1 : 0) }).first {
                free.remove(lane)
                ends.append((o, lane, false))
            } else {
                ends.append((o, own, true))
                belowCount += 1
            }
        }
        if belowCount > 0 { height = max(height, 108) }
        let perLine = max(20, (l.width - 12) * 100 / (noteFont * 57))
        let notes = marks.forStep(i).flatMap { TextWrap.lines(ProvenanceMarks.note($0, sop, lang: lang), width: perLine) }
        return RowPlan(height: height, text: text, notes: notes, ends: ends, occupied: occupied)
    }

    /// Rows split into pages whose table fits `pageHeight` (one page when nil), never inside a row.
    static func paginate(_ heights: [Int], header: Int, pageHeight: Int?) -> [Range<Int>] {
        guard let pageHeight, header + notesHeading + heights.reduce(0, +) > pageHeight else { return [0..<heights.count] }
        var pages: [Range<Int>] = []
        let header = header + notesHeading
        var start = 0, used = header + 2 * bandHeight
        for (i, h) in heights.enumerated() {
            if i > start, used + h > pageHeight {
                pages.append(start..<i)
                start = i
                used = header + 2 * bandHeight
            }
            used += h
        }
        pages.append(start..<heights.count)
        return pages
    }

    /// The flowchart table whole, as one SVG (no page breaks).
    public static func svg(_ sop: SOPDefinition, lang: DocumentLanguage = .id, marks: Bool = true) -> String {
        pages(sop, lang: lang, pageHeight: nil, marks: marks)[0]
    }

    /// The space above a page's notes ("Catatan:").
    static let notesHeading = 18

    /// The flowchart table cut into pages of at most `pageHeight` units (each page one SVG),
    /// the first of them printed as page `firstPage` (for the off-page connectors' page numbers).
    /// With `marks`, every value the document does not state is marked ("*3") and explained
    /// in a numbered note under the table of its page.
    public static func pages(_ sop: SOPDefinition, lang: DocumentLanguage = .id, pageHeight: Int? = printedPageHeight,
                             firstPage: Int = 2, marks: Bool = true) -> [String] {
        let l = columns(sop)
        let marked = ProvenanceMarks(sop, enabled: marks)
        let plans = sop.steps.indices.map { plan($0, sop, l, lang: lang, marks: marked) }
        let ranges = paginate(plans.map { $0.height + $0.notesHeight }, header: l.headerHeight, pageHeight: pageHeight)
        var pageOf: [String: Int] = [:]
        for (p, r) in ranges.enumerated() { for i in r { pageOf[sop.steps[i].id] = p } }
        // Flows between pages: the connectors each page needs, out at its foot and in at its head.
        var outgoing = Array(repeating: [String](), count: ranges.count)
        var incoming = Array(repeating: [String: [Int]](), count: ranges.count)
        for step in sop.steps {
            let p = pageOf[step.id]!
            for target in step.successors {
                guard let q = pageOf[target], q != p else { continue }
                if !outgoing[p].contains(target) { outgoing[p].append(target) }
                if !(incoming[q][target]?.contains(p) ?? false) { incoming[q][target, default: []].append(p) }
            }
        }
        return ranges.enumerated().map { p, rows in
            page(sop, lang: lang, l, plans, marked, rows: rows, pageOf: pageOf, outgoing: outgoing[p],
                 incoming: incoming[p], pageNumber: { firstPage + $0 }, of: (p, ranges.count))
        }
    }

    static func page(_ sop: SOPDefinition, lang: DocumentLanguage, _ l: Columns, _ plans: [RowPlan], _ marks: ProvenanceMarks,
                     rows: Range<Int>,
                     pageOf: [String: Int], outgoing: [String], incoming: [String: [Int]],
                     pageNumber: (Int) -> Int, of page: (index: Int, count: Int)) -> String {
        typealias Rect = FlowchartRouter.Rect
        let steps = sop.steps
        let index = Dictionary(steps.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let sw = l.symbolWidth
        // Vertical layout: header, the band of incoming connectors, the rows, the band of outgoing ones.
        var y = l.headerHeight
        var levels: [FlowchartRouter.Level] = []
        let inBand: (top: Int, level: Int)? = incoming.isEmpty ? nil : (y, 0)
        if inBand != nil {
            levels.append(.init(top: y + 3, bottom: y + 32))
            y += bandHeight
        }
        var rowTop: [Int: Int] = [:], mainLevel: [Int: Int] = [:], belowLevel: [Int: Int] = [:], centreY: [Int: Int] = [:]
        for i in rows {
            rowTop[i] = y
            let h = plans[i].height
            let hasBelow = plans[i].ends.contains { $0.below }
            let cy = hasBelow ? y + 30 : y + h / 2
            centreY[i] = cy
            mainLevel[i] = levels.count
            levels.append(.init(top: cy - 18, bottom: cy + 18))
            if hasBelow {
                belowLevel[i] = levels.count
                levels.append(.init(top: cy + 48 - 12, bottom: cy + 48 + 12))
            }
            y += h
        }
        let outBand: (top: Int, level: Int)? = outgoing.isEmpty ? nil : (y, levels.count)
        if outBand != nil {
            levels.append(.init(top: y + 3, bottom: y + 32))
            y += bandHeight
        }
        let tableHeight = y
        let notes = rows.flatMap { plans[$0].notes }
        let height = notes.isEmpty ? y : y + notesHeading + notes.count * noteLineHeight
        var corridors: [Int] = []
        for k in 2..<(2 + l.lanes.count) {
            let c = l.columns[k]
            corridors += [c.x + c.width / 2, c.x + 5, c.x + 10, c.x + 15, c.x + c.width - 5, c.x + c.width - 10, c.x + c.width - 15]
        }
        var router = FlowchartRouter(levels: levels, top: l.headerHeight, bottom: tableHeight, corridors: corridors.sorted())

        // Symbols (and what arrows must go round).
        enum Shape { case terminator, process, meeting(lanes: [Int]), decision, offpage(number: String, page: String) }
        var drawn: [(id: String, cls: String, shape: Shape, rect: Rect, title: String, dashed: Bool, text: String?)] = []
        // Connectors of a band stand in their target's lane, pushed apart left to right when they would touch.
        func spread(_ targets: [String], band: (top: Int, level: Int), prefix: String, caption: (String) -> (short: String, long: String)) {
            let wanted = targets.map { (t: $0, x: l.centre(lane: steps[index[$0]!].actor)) }.sorted { ($0.x, index[$0.t]!) < ($1.x, index[$1.t]!) }
            var last = Int.min / 2
            for w in wanted {
                let x = max(w.x, last + 32)
                last = x
                let r = Rect(x0: x - 13, y0: band.top + 4, x1: x + 13, y1: band.top + 31)
                let id = "\(prefix):\(w.t)"
                router.add(node: id, rect: r, level: band.level)
                let number = steps[index[w.t]!].number, text = caption(w.t)
                drawn.append((id, "offpage", .offpage(number: "\(number)", page: text.short), r, "\(number). \(w.t) — \(text.long)", false, nil))
            }
        }
        if let band = inBand {
            spread(incoming.keys.sorted { index[$0]! < index[$1]! }, band: band, prefix: "in") { t in
                let pages = incoming[t]!.sorted().map { "\(pageNumber($0))" }.joined(separator: ",")
                return ((lang == .id ? "hal " : "p ") + pages, (lang == .id ? "dari halaman " : "from page ") + pages)
            }
        }
        if let band = outBand {
            spread(outgoing, band: band, prefix: "out") { t in
                let page = "\(pageNumber(pageOf[t]!))"
                return ((lang == .id ? "hal " : "p ") + page, (lang == .id ? "ke halaman " : "to page ") + page)
            }
        }
        for i in rows {
            let step = steps[i], cy = centreY[i]!, level = mainLevel[i]!
            let cx = l.centre(lane: step.actor)
            let title = "\(step.number). \(step.id)"
            switch step.kind {
            case .start, .end:
                let r = Rect(x0: cx - sw / 2, y0: cy - 12, x1: cx + sw / 2, y1: cy + 12)
                router.add(node: step.id, rect: r, level: level)
                drawn.append((step.id, "terminator", .terminator, r, title, false, nil))
            case .task:
                let r = Rect(x0: cx - sw / 2, y0: cy - 12, x1: cx + sw / 2, y1: cy + 12)
                router.add(node: step.id, rect: r, level: level)
                drawn.append((step.id, "process", .process, r, title, false, nil))
            case .meeting:
                let lanes = ([step.actor] + step.participants).compactMap { l.laneColumn[$0] }
                let xs = lanes.map { l.centre(column: $0) }
                let r = Rect(x0: (xs.min() ?? cx) - sw / 2, y0: cy - 12, x1: (xs.max() ?? cx) + sw / 2, y1: cy + 12)
                router.add(node: step.id, rect: r, level: level)
                drawn.append((step.id, "meeting", .meeting(lanes: xs.filter { $0 != cx }), r, title, false, nil))
            case .decision:
                let hw = min(26, sw / 2)
                let r = Rect(x0: cx - hw, y0: cy - 18, x1: cx + hw, y1: cy + 18)
                router.add(node: step.id, rect: r, level: level)
                drawn.append((step.id, "decision", .decision, r, title, false, nil))
            }
            if step.kind != .meeting {
                for lane in step.participants.compactMap({ l.laneColumn[$0] }) {
                    let px = l.centre(column: lane)
                    let r = Rect(x0: px - sw / 2 + 4, y0: cy - 9, x1: px + sw / 2 - 4, y1: cy + 9)
                    router.add(obstacle: r, level: level)
                    drawn.append(("", "participant", .process, r, "\(title) (\(lang.text(.together)))", true, lang.text(.together)))
                }
            }
            for lane in step.alternativeActors.compactMap({ l.laneColumn[$0] }) {
                let ax = l.centre(column: lane)
                let own = router.nodes[step.id]!.rect
                let r = Rect(x0: ax - (own.x1 - own.x0) / 2, y0: own.y0, x1: ax + (own.x1 - own.x0) / 2, y1: own.y1)
                router.add(obstacle: r, level: level)
                let shape: Shape = step.kind == .decision ? .decision : step.kind == .start || step.kind == .end ? .terminator : .process
                drawn.append(("", "alternative", shape, r, "\(title) (\(lang.text(.or)))", true, nil))
            }
            var belowIndex = 0
            for end in plans[i].ends {
                let tx = end.below ? cx + (belowIndex * (sw + 8)) : l.centre(column: end.column)
                let ty = end.below ? cy + 48 : cy
                if end.below { belowIndex += 1 }
                let r = Rect(x0: tx - sw / 2, y0: ty - 9, x1: tx + sw / 2, y1: ty + 9)
                let id = "\(step.id)>\(end.outcome.id)"
                router.add(node: id, rect: r, level: end.below ? belowLevel[i]! : level)
                drawn.append((id, "terminator end-outcome", .terminator, r, "\(title): \(end.outcome.label) → \(end.outcome.end!)", false, end.outcome.end!))
            }
        }

        // "atau" between a step and its alternative actors, placed before the arrows' labels.
        for i in rows {
            let step = steps[i], cy = centreY[i]!
            guard let own = router.nodes[step.id]?.rect else { continue }
            for lane in step.alternativeActors.compactMap({ l.laneColumn[$0] }) {
                let ax = l.centre(column: lane)
                let right = ax > own.midX, half = (own.x1 - own.x0) / 2
                router.place(lang.text(.or), size: 7, bold: false, cssClass: "label",
                             candidates: [((own.midX + ax) / 2, cy - 3, .middle), ((own.midX + ax) / 2, cy + 9, .middle),
                                          (right ? own.x1 + 2 : own.x0 - 2, cy - 3, right ? .start : .end),
                                          (right ? ax - half - 2 : ax + half + 2, cy - 3, right ? .end : .start),
                                          (own.midX, own.y0 - 2, .middle), (ax, own.y0 - 2, .middle)])
            }
        }

        // Arrows: every transition whose source is on this page, then those that come in from other pages.
        var routes: [FlowchartRouter.Route] = []
        var forkMarks: [String] = []
        for i in rows {
            let step = steps[i]
            var sides: Set<String> = []
            var edges: [FlowchartRouter.Edge] = []
            func target(_ t: String) -> String { pageOf[t] == pageOf[step.id] ? t : "out:\(t)" }
            if step.kind == .decision {
                for end in plans[i].ends {
                    let port: FlowchartRouter.Port = end.below ? .bottom : (end.column > (l.laneColumn[step.actor] ?? 2) ? .right : .left)
                    if port == .right { sides.insert("right") }
                    if port == .left { sides.insert("left") }
                    edges.append(.init(from: step.id, to: "\(step.id)>\(end.outcome.id)", label: end.outcome.label, port: port, cssClass: "flow end-flow"))
                }
                var bottomTaken = false
                for o in step.outcomes {
                    guard let next = o.next else { continue }
                    let label = o.label.isEmpty ? (o.revision ? lang.text(.no_) : lang.text(.yes)) : o.label
                    var port = FlowchartRouter.Port.bottom
                    let backwards = (index[next] ?? 0) <= i
                    if (!bottomTaken && !o.revision && !backwards) { bottomTaken = true }
                    else if !sides.contains("right") { port = .right; sides.insert("right") }
                    else if !sides.contains("left") { port = .left; sides.insert("left") }
                    edges.append(.init(from: step.id, to: target(next), label: label, port: port,
                                       cssClass: backwards ? "flow loop" : "flow"))
                }
            } else {
                for next in step.successors {
                    let backwards = (index[next] ?? 0) <= i
                    edges.append(.init(from: step.id, to: target(next), label: nil, port: backwards ? .right : .bottom,
                                       cssClass: backwards ? "flow loop" : "flow"))
                }
                if step.isFork { forkMarks.append(step.id) }
            }
            // One arrow per connector: a second outcome to the same off-page target joins the first's.
            var seen: Set<String> = []
            for e in edges where !(e.to.hasPrefix("out:") && !seen.insert(e.to).inserted && e.label == nil) {
                if let r = router.route(e) { routes.append(r) }
            }
        }
        for t in incoming.keys.sorted(by: { index[$0]! < index[$1]! }) {
            if let r = router.route(.init(from: "in:\(t)", to: t, label: nil)) { routes.append(r) }
        }
        for r in routes {
            guard let text = r.edge.label else { continue }
            router.place(text, size: 8, bold: true, cssClass: "label", candidates: router.labelCandidates(r))
        }
        // The marks of a lane the document does not name (an inferred actor or participants), beside the symbol.
        for i in rows {
            let mark = marks.suffix(step: i, fields: ["actor", "participants"]).trimmingCharacters(in: .whitespaces)
            guard !mark.isEmpty, let own = router.nodes[steps[i].id]?.rect else { continue }
            router.place(mark, size: 7, bold: true, cssClass: "mark",
                         candidates: [(own.x1 + 2, own.y0 + 5, .start), (own.x0 - 2, own.y0 + 5, .end),
                                      (own.x1 + 2, own.y1 + 7, .start), (own.x0 - 2, own.y1 + 7, .end), (own.midX, own.y0 - 2, .middle)])
        }
        for id in forkMarks {
            guard let own = router.nodes[id]?.rect else { continue }
            router.place(lang.text(.parallel), size: 7, bold: false, cssClass: "label",
                         candidates: [(own.midX + 4, own.y1 + 10, .start), (own.midX - 4, own.y1 + 10, .end),
                                      (own.x1 + 3, own.y0 - 2, .start), (own.x0 - 3, own.y0 - 2, .end)])
        }

        // Drawing: the header, the cells, the bands, the symbols, the arrows, the labels.
        var c = SVGCanvas(width: l.width + 2, height: height + 2)
        c.raw("""
            <defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">\
            <path d="M 0 0 L 10 5 L 0 10 z" fill="#000"/></marker></defs>
            <g transform="translate(1,1)" font-size="\(fontSize)">

            """)
        drawHeader(&c, l, lang: lang, titles: sop.identity.columns)
        for i in rows {
            let step = steps[i], y = rowTop[i]!, h = plans[i].height
            c.raw("<g class=\"row\" data-step=\"\(SVGCanvas.escape(step.id))\" data-top=\"\(y)\" data-height=\"\(h)\">\n")
            for col in l.columns { c.rect(x: col.x, y: y, width: col.width, height: h, fill: "none", stroke: "#000000") }
            func cell(_ text: String, _ column: Int, centred: Bool = false) {
                let col = l.columns[column]
                for (k, line) in wrap(text, width: col.width).enumerated() {
                    c.text(line, x: centred ? col.x + col.width / 2 : col.x + padding, y: y + padding + (k + 1) * lineHeight - 2,
                           size: fontSize, anchor: centred ? .middle : .start)
                }
            }
            let text = plans[i].text
            cell("\(step.number)", 0, centred: true)
            cell(text.activity, 1)
            cell(text.requirements, l.requirements)
            cell(text.time, l.time, centred: true)
            cell(text.output, l.output)
            cell(text.note, l.note)
            c.raw("</g>\n")
        }
        for band in [inBand, outBand].compactMap({ $0 }) {
            c.raw("<g class=\"connector-band\">\n")
            for col in l.columns { c.rect(x: col.x, y: band.top, width: col.width, height: bandHeight, fill: "none", stroke: "#000000") }
            c.raw("</g>\n")
        }
        for d in drawn {
            let node = d.id.isEmpty ? "" : " data-node=\"\(SVGCanvas.escape(d.id))\""
            let dash = d.dashed ? " stroke-dasharray=\"3 2\"" : ""
            let title = "<title>\(SVGCanvas.escape(d.title))</title>"
            let r = d.rect
            switch d.shape {
            case .terminator:
                c.raw("<rect class=\"\(d.cls)\" data-box=\"\"\(node) x=\"\(r.x0)\" y=\"\(r.y0)\" width=\"\(r.x1 - r.x0)\" height=\"\(r.y1 - r.y0)\" rx=\"\((r.y1 - r.y0) / 2)\" fill=\"#ffffff\" stroke=\"#000\"\(dash)>\(title)</rect>\n")
            case .process:
                c.raw("<rect class=\"\(d.cls)\" data-box=\"\"\(node) x=\"\(r.x0)\" y=\"\(r.y0)\" width=\"\(r.x1 - r.x0)\" height=\"\(r.y1 - r.y0)\" fill=\"#ffffff\" stroke=\"#000\"\(dash)>\(title)</rect>\n")
            case .meeting(let lanes):
                c.raw("<rect class=\"\(d.cls)\" data-box=\"\"\(node) x=\"\(r.x0)\" y=\"\(r.y0)\" width=\"\(r.x1 - r.x0)\" height=\"\(r.y1 - r.y0)\" fill=\"#ffffff\" stroke=\"#000\" stroke-width=\"1.5\">\(title)</rect>\n")
                for x in lanes { c.raw("<line x1=\"\(x)\" y1=\"\(r.y0)\" x2=\"\(x)\" y2=\"\(r.y1)\" stroke=\"#888\" stroke-dasharray=\"2 2\"/>\n") }
            case .decision:
                c.raw("<polygon class=\"\(d.cls)\" data-box=\"\"\(node) points=\"\(r.midX),\(r.y0) \(r.x1),\(r.midY) \(r.midX),\(r.y1) \(r.x0),\(r.midY)\" fill=\"#ffffff\" stroke=\"#000\"\(dash)>\(title)</polygon>\n")
            case .offpage(let number, let page):
                // The off-page connector: a pentagon pointing down, with the step it leads to and its page.
                c.raw("<polygon class=\"\(d.cls)\" data-box=\"\"\(node) points=\"\(r.x0),\(r.y0) \(r.x1),\(r.y0) \(r.x1),\(r.y1 - 8) \(r.midX),\(r.y1) \(r.x0),\(r.y1 - 8)\" fill=\"#ffffff\" stroke=\"#000\">\(title)</polygon>\n")
                c.text(number, x: r.midX, y: r.y0 + 9, size: 8, anchor: .middle, weight: "bold")
                c.raw("<text class=\"connector-page\" x=\"\(r.midX)\" y=\"\(r.y0 + 17)\" font-size=\"6\" text-anchor=\"middle\" fill=\"#222\">\(SVGCanvas.escape(page))</text>\n")
            }
            if let text = d.text { c.text(text, x: r.midX, y: r.midY + 3, size: 7, anchor: .middle, fill: d.dashed ? "#444" : "#222") }
        }
        // Dashed ties from a step's symbol to its participants and alternative actors, along its row.
        for i in rows {
            let step = steps[i], cy = centreY[i]!
            guard step.kind != .meeting, let own = router.nodes[step.id]?.rect else { continue }
            for lane in (step.participants + step.alternativeActors).compactMap({ l.laneColumn[$0] }) {
                let px = l.centre(column: lane)
                let half = step.participants.contains(where: { l.laneColumn[$0] == lane }) ? sw / 2 - 4 : (own.x1 - own.x0) / 2
                let a = px > own.midX ? own.x1 : own.x0, b = px > own.midX ? px - half : px + half
                c.raw("<line class=\"tie\" x1=\"\(a)\" y1=\"\(cy)\" x2=\"\(b)\" y2=\"\(cy)\" stroke=\"#888\" stroke-dasharray=\"2 2\"/>\n")
            }
        }
        for r in routes {
            let d = r.points.enumerated().map { ($0 == 0 ? "M " : "L ") + "\($1.x) \($1.y)" }.joined(separator: " ")
            c.raw("<path class=\"\(r.edge.cssClass)\" data-from=\"\(SVGCanvas.escape(r.edge.from))\" data-to=\"\(SVGCanvas.escape(r.edge.to))\" d=\"\(d)\" fill=\"none\" stroke=\"#000\" marker-end=\"url(#arrow)\"/>\n")
        }
        if !notes.isEmpty {
            c.raw("<g class=\"provenance-notes\">\n")
            c.text(lang == .id ? "Catatan (nilai yang tidak tertulis dalam dokumen sumber):" : "Notes (values the source document does not state):",
                   x: 0, y: tableHeight + 13, size: noteFont, weight: "bold")
            for (k, line) in notes.enumerated() {
                c.text(line, x: 0, y: tableHeight + notesHeading + (k + 1) * noteLineHeight - 2, size: noteFont)
            }
            c.raw("</g>\n")
        }
        for label in router.labels {
            c.raw("<text class=\"\(label.cssClass)\" x=\"\(label.x)\" y=\"\(label.y)\" font-size=\"\(label.size)\" text-anchor=\"\(label.anchor.rawValue)\" fill=\"\(label.bold ? "#222" : "#444")\"\(label.bold ? " font-weight=\"bold\"" : "")>\(SVGCanvas.escape(label.text))</text>\n")
        }
        c.raw("</g>\n")
        let suffix = page.count > 1 ? " (\(page.index + 1)/\(page.count))" : ""
        return c.document(title: "\(sop.identity.name) — \(sop.identity.agency.regency): \(lang.text(.flowchart))\(suffix)")
    }

    /// The two header rows, with PELAKSANA and MUTU BAKU spanning their columns.
    static func drawHeader(_ c: inout SVGCanvas, _ l: Columns, lang: DocumentLanguage, titles: Identity.ColumnTitles?) {
        let top = 22
        // The document's own column titles where it has them ("Uraian Prosedur"), else the standard ones.
        let t = titles ?? Identity.ColumnTitles()
        func header(_ text: String, from: Int, to: Int, y: Int, height: Int) {
            let x0 = l.columns[from].x, x1 = l.columns[to].x + l.columns[to].width
            c.rect(x: x0, y: y, width: x1 - x0, height: height, fill: "#e8e8e8", stroke: "#000000", cssClass: "header")
            let lines = wrap(text, width: x1 - x0)
            for (k, line) in lines.enumerated() {
                c.text(line, x: (x0 + x1) / 2, y: y + (height - lines.count * lineHeight) / 2 + (k + 1) * lineHeight - 2,
                       size: fontSize, anchor: .middle, weight: "bold")
            }
        }
        header(t.no ?? lang.text(.no), from: 0, to: 0, y: 0, height: l.headerHeight)
        header(t.activity ?? lang.text(.activity), from: 1, to: 1, y: 0, height: l.headerHeight)
        header(t.lanes ?? lang.text(.lanes), from: 2, to: 1 + l.lanes.count, y: 0, height: top)
        for (k, lane) in l.lanes.enumerated() { header(lane.title, from: 2 + k, to: 2 + k, y: top, height: l.headerHeight - top) }
        header(t.standard ?? lang.text(.standard), from: l.requirements, to: l.output, y: 0, height: top)
        header(t.requirements ?? lang.text(.requirements), from: l.requirements, to: l.requirements, y: top, height: l.headerHeight - top)
        header(t.time ?? lang.text(.time), from: l.time, to: l.time, y: top, height: l.headerHeight - top)
        header(t.output ?? lang.text(.output), from: l.output, to: l.output, y: top, height: l.headerHeight - top)
        header(t.note ?? lang.text(.note), from: l.note, to: l.note, y: 0, height: l.headerHeight)
    }
}
