import SOPCore

/// The flowchart table of an SOP-AP document as SVG: No, activity, one column per lane with
/// the standard symbols (terminator for the start and the end, rectangle for a process, a
/// rectangle across the lanes of a meeting, diamond for a decision with its Ya/Tidak arrows,
/// lettered connectors for loops that jump back), arrows routed between lanes, then the
/// quality-standard columns (requirements, time, output) and notes.
public enum FlowchartSVG {
    /// Geometry of the table; widths fit an A4 landscape page (about 1,040 px of print area).
    struct Layout {
        var columns: [(x: Int, width: Int)] = []
        var lanes: [Role] = []
        var laneColumn: [String: Int] = [:]
        var rowTop: [Int] = []
        var rowHeight: [Int] = []
        var headerHeight = 0
        var width = 0
        var height = 0

        /// Column indexes: 0 No, 1 activity, 2..<2+lanes, then requirements, time, output, note.
        var requirements: Int { 2 + lanes.count }
        var time: Int { requirements + 1 }
        var output: Int { requirements + 2 }
        var note: Int { requirements + 3 }

        func centre(lane: String) -> Int {
            let c = columns[laneColumn[lane] ?? 2]
            return c.x + c.width / 2
        }
    }

    static let lineHeight = 11, fontSize = 9, padding = 6

    /// Characters that fit in `width` pixels at the table's font (a conservative average).
    static func capacity(_ width: Int) -> Int { max(4, (width - 2 * padding) * 100 / (fontSize * 57)) }

    static func wrap(_ text: String, width: Int) -> [String] { TextWrap.lines(text, width: capacity(width)) }

    static func layout(_ sop: SOPDefinition, lang: DocumentLanguage) -> Layout {
        var l = Layout()
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
        var y = l.headerHeight
        for step in sop.steps {
            let texts = [wrap(step.activity, width: l.columns[1].width).count,
                         wrap(requirements(step, sop, lang: lang), width: l.columns[l.requirements].width).count,
                         wrap(outputs(step, sop), width: l.columns[l.output].width).count,
                         wrap(note(step, sop, lang: lang), width: l.columns[l.note].width).count,
                         wrap(lang.time(step.time), width: l.columns[l.time].width).count]
            let h = max(64, (texts.max() ?? 1) * lineHeight + 2 * padding + 4)
            l.rowTop.append(y)
            l.rowHeight.append(h)
            y += h
        }
        l.height = y
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

    public static func svg(_ sop: SOPDefinition, lang: DocumentLanguage = .id) -> String {
        let l = layout(sop, lang: lang)
        var c = SVGCanvas(width: l.width + 2, height: l.height + 2)
        c.raw("""
            <defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">\
            <path d="M 0 0 L 10 5 L 0 10 z" fill="#000"/></marker></defs>
            <g transform="translate(1,1)" font-size="\(fontSize)">

            """)
        // Header: two rows, with PELAKSANA and MUTU BAKU spanning their columns.
        let top = 22
        func header(_ text: String, from: Int, to: Int, y: Int, height: Int) {
            let x0 = l.columns[from].x, x1 = l.columns[to].x + l.columns[to].width
            c.rect(x: x0, y: y, width: x1 - x0, height: height, fill: "#e8e8e8", stroke: "#000000", cssClass: "header")
            let lines = wrap(text, width: x1 - x0)
            for (k, line) in lines.enumerated() {
                c.text(line, x: (x0 + x1) / 2, y: y + (height - lines.count * lineHeight) / 2 + (k + 1) * lineHeight - 2,
                       size: fontSize, anchor: .middle, weight: "bold")
            }
        }
        header(lang.text(.no), from: 0, to: 0, y: 0, height: l.headerHeight)
        header(lang.text(.activity), from: 1, to: 1, y: 0, height: l.headerHeight)
        header(lang.text(.lanes), from: 2, to: 1 + l.lanes.count, y: 0, height: top)
        for (k, lane) in l.lanes.enumerated() { header(lane.title, from: 2 + k, to: 2 + k, y: top, height: l.headerHeight - top) }
        header(lang.text(.standard), from: l.requirements, to: l.output, y: 0, height: top)
        header(lang.text(.requirements), from: l.requirements, to: l.requirements, y: top, height: l.headerHeight - top)
        header(lang.text(.time), from: l.time, to: l.time, y: top, height: l.headerHeight - top)
        header(lang.text(.output), from: l.output, to: l.output, y: top, height: l.headerHeight - top)
        header(lang.text(.note), from: l.note, to: l.note, y: 0, height: l.headerHeight)

        // Cells and their text.
        for (i, step) in sop.steps.enumerated() {
            let y = l.rowTop[i], h = l.rowHeight[i]
            for col in l.columns { c.rect(x: col.x, y: y, width: col.width, height: h, fill: "none", stroke: "#000000") }
            func cell(_ text: String, _ column: Int, centred: Bool = false) {
                let col = l.columns[column]
                for (k, line) in wrap(text, width: col.width).enumerated() {
                    c.text(line, x: centred ? col.x + col.width / 2 : col.x + padding, y: y + padding + (k + 1) * lineHeight - 2,
                           size: fontSize, anchor: centred ? .middle : .start)
                }
            }
            cell("\(step.number)", 0, centred: true)
            cell(step.activity, 1)
            cell(requirements(step, sop, lang: lang), l.requirements)
            cell(lang.time(step.time), l.time, centred: true)
            cell(outputs(step, sop), l.output)
            cell(note(step, sop, lang: lang), l.note)
        }

        // Symbols.
        var shapes: [String: (x: Int, y: Int, halfWidth: Int, halfHeight: Int)] = [:]
        let symbolWidth = min(64, l.columns[2].width - 14)
        for (i, step) in sop.steps.enumerated() {
            let cy = l.rowTop[i] + l.rowHeight[i] / 2
            let lanes = ([step.actor] + step.participants).compactMap { l.laneColumn[$0] }
            let cx = l.centre(lane: step.actor)
            let title = "\(step.number). \(step.id)"
            switch step.kind {
            case .start, .end:
                c.raw("<rect class=\"terminator\" x=\"\(cx - symbolWidth / 2)\" y=\"\(cy - 12)\" width=\"\(symbolWidth)\" height=\"24\" rx=\"12\" fill=\"#ffffff\" stroke=\"#000\"><title>\(SVGCanvas.escape(title))</title></rect>\n")
                shapes[step.id] = (cx, cy, symbolWidth / 2, 12)
            case .task:
                c.raw("<rect class=\"process\" x=\"\(cx - symbolWidth / 2)\" y=\"\(cy - 12)\" width=\"\(symbolWidth)\" height=\"24\" fill=\"#ffffff\" stroke=\"#000\"><title>\(SVGCanvas.escape(title))</title></rect>\n")
                shapes[step.id] = (cx, cy, symbolWidth / 2, 12)
            case .meeting:
                let xs = lanes.map { l.columns[$0].x + l.columns[$0].width / 2 }
                let x0 = (xs.min() ?? cx) - symbolWidth / 2, x1 = (xs.max() ?? cx) + symbolWidth / 2
                c.raw("<rect class=\"meeting\" x=\"\(x0)\" y=\"\(cy - 12)\" width=\"\(x1 - x0)\" height=\"24\" fill=\"#ffffff\" stroke=\"#000\" stroke-width=\"1.5\"><title>\(SVGCanvas.escape(title))</title></rect>\n")
                for x in xs where x != cx { c.raw("<line x1=\"\(x)\" y1=\"\(cy - 12)\" x2=\"\(x)\" y2=\"\(cy + 12)\" stroke=\"#888\" stroke-dasharray=\"2 2\"/>\n") }
                shapes[step.id] = (cx, cy, symbolWidth / 2, 12)
            case .decision:
                let hw = min(28, symbolWidth / 2), hh = 18
                c.raw("<polygon class=\"decision\" points=\"\(cx),\(cy - hh) \(cx + hw),\(cy) \(cx),\(cy + hh) \(cx - hw),\(cy)\" fill=\"#ffffff\" stroke=\"#000\"><title>\(SVGCanvas.escape(title))</title></polygon>\n")
                shapes[step.id] = (cx, cy, hw, hh)
            }
            if step.kind != .meeting, let own = shapes[step.id] {
                // Participants of a step that is not a meeting: a dashed box in each of their lanes, tied to the step's symbol.
                for lane in step.participants.compactMap({ l.laneColumn[$0] }) {
                    let px = l.columns[lane].x + l.columns[lane].width / 2
                    let edge = px > cx ? cx + own.halfWidth : cx - own.halfWidth
                    let near = px > cx ? px - symbolWidth / 2 + 6 : px + symbolWidth / 2 - 6
                    c.raw("<line class=\"participant-link\" x1=\"\(edge)\" y1=\"\(cy)\" x2=\"\(near)\" y2=\"\(cy)\" stroke=\"#888\" stroke-dasharray=\"2 2\"/>\n")
                    c.raw("<rect class=\"participant\" x=\"\(px - symbolWidth / 2 + 6)\" y=\"\(cy - 9)\" width=\"\(symbolWidth - 12)\" height=\"18\" fill=\"#ffffff\" stroke=\"#000\" stroke-dasharray=\"3 2\"><title>\(SVGCanvas.escape("\(title) (\(lang.text(.together)))"))</title></rect>\n")
                    c.text(lang.text(.together), x: px, y: cy + 3, size: 7, anchor: .middle, fill: "#444")
                }
            }
        }

        // Several actors (any one may do it): the same symbol repeated, dashed, in each other
        // actor's lane, tied to the first by a dashed line marked "atau".
        for (i, step) in sop.steps.enumerated() where !step.alternativeActors.isEmpty {
            guard let main = shapes[step.id] else { continue }
            for lane in step.alternativeActors.compactMap({ l.laneColumn[$0] }) {
                let ax = l.columns[lane].x + l.columns[lane].width / 2
                let cy = l.rowTop[i] + l.rowHeight[i] / 2
                let title = SVGCanvas.escape("\(step.number). \(step.id) (\(lang.text(.or)))")
                c.raw("<line class=\"alternative-link\" x1=\"\(main.x + (ax > main.x ? main.halfWidth : -main.halfWidth))\" y1=\"\(cy)\" x2=\"\(ax + (ax > main.x ? -main.halfWidth : main.halfWidth))\" y2=\"\(cy)\" stroke=\"#000\" stroke-dasharray=\"3 2\"/>\n")
                if step.kind == .decision {
                    c.raw("<polygon class=\"alternative\" points=\"\(ax),\(cy - main.halfHeight) \(ax + main.halfWidth),\(cy) \(ax),\(cy + main.halfHeight) \(ax - main.halfWidth),\(cy)\" fill=\"#ffffff\" stroke=\"#000\" stroke-dasharray=\"3 2\"><title>\(title)</title></polygon>\n")
                } else {
                    c.raw("<rect class=\"alternative\" x=\"\(ax - main.halfWidth)\" y=\"\(cy - main.halfHeight)\" width=\"\(2 * main.halfWidth)\" height=\"\(2 * main.halfHeight)\"\(step.kind == .start || step.kind == .end ? " rx=\"12\"" : "") fill=\"#ffffff\" stroke=\"#000\" stroke-dasharray=\"3 2\"><title>\(title)</title></rect>\n")
                }
                c.text(lang.text(.or), x: (main.x + ax) / 2, y: cy - 3, size: 7, anchor: .middle, fill: "#444")
            }
        }

        // Outcomes that end the case: an arrow to a terminator beside the decision, named by the resolution.
        for (i, step) in sop.steps.enumerated() where step.kind == .decision {
            guard let from = shapes[step.id], let lane = l.laneColumn[step.actor] else { continue }
            let ending = step.outcomes.filter { $0.next == nil && $0.end != nil }
            for (k, o) in ending.enumerated() {
                // The neighbouring lane on the right (the left one for the last lane), lower for a second one.
                let side = lane + 1 < 2 + l.lanes.count ? lane + 1 : max(2, lane - 1)
                let tx = l.columns[side].x + l.columns[side].width / 2
                let ty = l.rowTop[i] + l.rowHeight[i] / 2 + k * 14
                let tw = min(64, l.columns[side].width - 14)
                let right = tx > from.x
                let x1 = right ? from.x + from.halfWidth : from.x - from.halfWidth, x2 = right ? tx - tw / 2 : tx + tw / 2
                c.raw("<path class=\"flow end-flow\" d=\"M \(x1) \(from.y) L \(x1 + (right ? 6 : -6)) \(from.y) L \(x1 + (right ? 6 : -6)) \(ty) L \(x2) \(ty)\" fill=\"none\" stroke=\"#000\" marker-end=\"url(#arrow)\"/>\n")
                c.raw("<rect class=\"terminator end-outcome\" x=\"\(tx - tw / 2)\" y=\"\(ty - 9)\" width=\"\(tw)\" height=\"18\" rx=\"9\" fill=\"#ffffff\" stroke=\"#000\"><title>\(SVGCanvas.escape("\(step.number). \(step.id): \(o.label) → \(o.end!)"))</title></rect>\n")
                c.text(o.end!, x: tx, y: ty + 3, size: 7, anchor: .middle)
                c.text(o.label, x: x1 + (right ? 2 : -2), y: from.y - 4, size: 8, anchor: right ? .start : .end, weight: "bold")
            }
        }

        // Arrows: forward transitions drawn; transitions back to an earlier row become lettered connectors.
        let index = Dictionary(sop.steps.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        var letter = 0, detours = 0
        for (i, step) in sop.steps.enumerated() {
            guard let from = shapes[step.id] else { continue }
            // Outcomes carry their own labels (Ya/Tidak, Setuju/Tidak setuju, …) as the SOP prints them.
            let transitions: [(target: String, label: String?)] = step.kind == .decision
                ? step.outcomes.compactMap { o in o.next.map { ($0, o.label.isEmpty ? (o.revision ? lang.text(.no_) : lang.text(.yes)) : o.label) } }
                : step.successors.map { ($0, nil) }
            if step.isFork, let from = shapes[step.id] {
                c.text(lang.text(.parallel), x: from.x + 4, y: from.y + from.halfHeight + 10, size: 7, fill: "#444")
            }
            for t in transitions {
                guard let j = index[t.target], let to = shapes[t.target] else { continue }
                if j > i {
                    let startY = from.y + from.halfHeight, endY = to.y - to.halfHeight
                    // A line down the target's lane would cross a symbol of a row in between (a second
                    // branch of a fork, a return to the applicant's lane): the arrow goes round on the right.
                    let blocked = sop.steps[(i + 1)..<j].contains { shapes[$0.id]?.x == to.x }
                    let mid = l.rowTop[i] + l.rowHeight[i] + 8
                    if blocked {
                        let side = to.x + symbolWidth / 2 + 6 + 4 * (detours % 3)
                        detours += 1
                        let above = to.y - to.halfHeight - 8
                        c.raw("<path class=\"flow\" d=\"M \(from.x) \(startY) L \(from.x) \(mid) L \(side) \(mid) L \(side) \(above) L \(to.x) \(above) L \(to.x) \(endY)\" fill=\"none\" stroke=\"#000\" marker-end=\"url(#arrow)\"/>\n")
                    } else if from.x == to.x {
                        c.raw("<path class=\"flow\" d=\"M \(from.x) \(startY) L \(to.x) \(endY)\" fill=\"none\" stroke=\"#000\" marker-end=\"url(#arrow)\"/>\n")
                    } else {
                        c.raw("<path class=\"flow\" d=\"M \(from.x) \(startY) L \(from.x) \(mid) L \(to.x) \(mid) L \(to.x) \(endY)\" fill=\"none\" stroke=\"#000\" marker-end=\"url(#arrow)\"/>\n")
                    }
                    // The label beside the arrow's first turn, on the side it turns to (below the symbol when straight).
                    if let label = t.label, blocked || from.x != to.x {
                        let right = (blocked ? to.x + symbolWidth / 2 + 6 : to.x) > from.x
                        c.text(label, x: from.x + (right ? 4 : -4), y: mid - 3, size: 8, anchor: right ? .start : .end, weight: "bold")
                        continue
                    }
                    if let label = t.label { c.text(label, x: from.x + 4, y: startY + 10, size: 8, weight: "bold") }
                } else {
                    // A loop back: a connector circle beside this symbol and the same letter beside the target.
                    let name = (letter >= 26 ? String(UnicodeScalar(UInt8(64 + letter / 26))) : "") + String(UnicodeScalar(UInt8(65 + letter % 26)))
                    letter += 1
                    let x1 = from.x + from.halfWidth, cx1 = x1 + 20
                    c.raw("<path class=\"loop\" d=\"M \(x1) \(from.y) L \(cx1 - 7) \(from.y)\" fill=\"none\" stroke=\"#000\" marker-end=\"url(#arrow)\"/>\n")
                    connector(&c, name, x: cx1, y: from.y)
                    if let label = t.label { c.text(label, x: x1 + 1, y: from.y - 9, size: 8, weight: "bold") }
                    let cx2 = to.x - to.halfWidth - 20
                    connector(&c, name, x: cx2, y: to.y)
                    c.raw("<path class=\"loop\" d=\"M \(cx2 + 7) \(to.y) L \(to.x - to.halfWidth) \(to.y)\" fill=\"none\" stroke=\"#000\" marker-end=\"url(#arrow)\"/>\n")
                }
            }
        }
        c.raw("</g>\n")
        return c.document(title: "\(sop.identity.name) — \(sop.identity.agency.regency): \(lang.text(.flowchart))")
    }

    static func connector(_ c: inout SVGCanvas, _ letter: String, x: Int, y: Int) {
        c.raw("<circle class=\"connector\" cx=\"\(x)\" cy=\"\(y)\" r=\"7\" fill=\"#ffffff\" stroke=\"#000\"/>\n")
        c.text(letter, x: x, y: y + 3, size: 8, anchor: .middle, weight: "bold")
    }
}

/// Greedy word wrap by character count, shared by the printed document and the terminal
/// tables: explicit line breaks are kept, overlong words are cut.
public enum TextWrap {
    public static func lines(_ text: String, width: Int) -> [String] {
        var result: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var current = ""
            for word in paragraph.split(separator: " ") {
                var word = Substring(word)
                while word.count > width {
                    if !current.isEmpty { result.append(current); current = "" }
                    result.append(String(word.prefix(width)))
                    word = word.dropFirst(width)
                }
                if current.isEmpty { current = String(word) }
                else if current.count + 1 + word.count <= width { current += " " + word }
                else { result.append(current); current = String(word) }
            }
            result.append(current)
        }
        return result.isEmpty ? [""] : result
    }
}
