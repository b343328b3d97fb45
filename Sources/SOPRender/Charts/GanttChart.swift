import SOPCore

/// The standard timeline as a Gantt chart: a lane per role, a bar per step placed on the
/// calendar days it spans, weekends and holidays shaded. Steps that run at the same time
/// (parallel branches) are drawn on rows of their own, side by side in time, even within one
/// lane; the critical path has a dark red outline, the applicant's steps a dashed one.
public enum GanttChart {
    /// The row of each entry: lanes in role order, and inside a lane the first row whose
    /// last bar ends before the entry starts. Returns per lane its number of rows.
    static func rows(_ timeline: StandardTimeline, lanes: [String]) -> (row: [Int], lane: [Int], rowsInLane: [Int]) {
        var ends: [[Instant]] = Array(repeating: [], count: lanes.count)
        var row: [Int] = [], lane: [Int] = []
        for e in timeline.entries {
            let k = lanes.firstIndex(of: e.step.actor) ?? 0
            let r = ends[k].firstIndex { $0 <= e.start } ?? ends[k].count
            if r == ends[k].count { ends[k].append(e.due) } else { ends[k][r] = e.due }
            row.append(r)
            lane.append(k)
        }
        return (row, lane, ends.map { max(1, $0.count) })
    }

    public static func svg(_ timeline: StandardTimeline, sop: SOPDefinition, calendar: WorkingCalendar) -> String {
        let offset = calendar.utcOffsetSeconds
        let first = timeline.start.local(utcOffsetSeconds: offset).date
        let last = timeline.due.local(utcOffsetSeconds: offset).date
        let days = last.daysSinceEpoch - first.daysSinceEpoch + 1
        let dayWidth = max(4, min(48, 960 / max(1, days)))
        let lanes = sop.roles.filter { r in timeline.entries.contains { $0.step.actor == r.id } }
        let layout = rows(timeline, lanes: lanes.map(\.id))
        let left = 230, top = 70, rowHeight = 24, lanePadding = 10
        var laneTop: [Int] = []
        var y0 = top
        for k in lanes.indices {
            laneTop.append(y0)
            y0 += layout.rowsInLane[k] * rowHeight + 2 * lanePadding
        }
        let bottom = y0
        let width = left + days * dayWidth + 30
        let listTop = bottom + 40
        let height = listTop + timeline.entries.count * 18 + 40
        var c = SVGCanvas(width: width, height: height)
        c.text("\(sop.identity.name) — \(sop.identity.agency.regency)", x: 16, y: 24, size: 16, weight: "bold")
        c.text("Standard timeline from \(timeline.start.iso8601(utcOffsetSeconds: offset)): due \(timeline.due.iso8601(utcOffsetSeconds: offset)), "
               + "\(timeline.elapsed.workingDays) working days (\(calendar.definition.zoneAbbreviation))", x: 16, y: 44, size: 12)
        // Days: shading for weekends and holidays (named in their tooltips), a tick at each Monday.
        for d in 0..<days {
            let date = first.adding(days: d)
            let x = left + d * dayWidth
            if !calendar.isWorkingDay(date) {
                let holiday = calendar.holiday(on: date)
                c.rect(x: x, y: top, width: dayWidth, height: bottom - top,
                       fill: holiday == nil ? "#eeeeee" : "#fbe3e3", title: holiday.map { "\(date) \($0.name)" } ?? "\(date) weekend",
                       cssClass: holiday == nil ? "weekend" : "holiday")
            }
            if date.isoWeekday == 1 || d == 0 {
                c.line(x1: x, y1: top - 4, x2: x, y2: bottom, stroke: "#cccccc")
                c.text(String(describing: date).dropFirst(5).description, x: x + 2, y: top - 8, size: 9, fill: "#555")
            }
        }
        for (k, lane) in lanes.enumerated() {
            let y = laneTop[k]
            c.line(x1: 10, y1: y, x2: width - 10, y2: y, stroke: "#999999")
            c.text(lane.title + (lane.applicant ? " (pemohon)" : ""), x: 16, y: y + lanePadding + 16, size: 11)
        }
        c.line(x1: 10, y1: bottom, x2: width - 10, y2: bottom, stroke: "#999999")
        func x(_ i: Instant) -> Int {
            let (date, s) = i.local(utcOffsetSeconds: offset)
            return left + (date.daysSinceEpoch - first.daysSinceEpoch) * dayWidth + s * dayWidth / 86_400
        }
        for (i, e) in timeline.entries.enumerated() {
            let x0 = x(e.start), x1 = max(x(e.due), x0 + 3)
            let y = laneTop[layout.lane[i]] + lanePadding + layout.row[i] * rowHeight + 2
            let kind = [e.critical ? "critical" : "parallel", e.applicant ? "applicant" : nil, e.step.time == nil ? "untimed" : nil]
                .compactMap { $0 }.joined(separator: " ")
            let fill = e.applicant ? "#ffffff" : Palette.purpose(sop.purpose(of: e.step))
            let stroke = e.critical ? "#8b0000" : "#333333"
            let title = "\(e.step.number). \(e.step.id): \(e.step.time.map(\.description) ?? "no standard time")"
                + (e.critical ? ", critical path" : "") + (e.applicant ? ", the applicant's step (the agency's clock stops)" : "")
            c.raw("<rect x=\"\(x0)\" y=\"\(y)\" width=\"\(x1 - x0)\" height=\"\(rowHeight - 4)\" fill=\"\(fill)\" stroke=\"\(stroke)\""
                  + " stroke-width=\"\(e.critical ? 2 : 1)\"\(e.applicant ? " stroke-dasharray=\"3 2\"" : "")"
                  + " class=\"step \(kind)\" data-step=\"\(SVGCanvas.escape(e.step.id))\"><title>\(SVGCanvas.escape(title))</title></rect>\n")
            c.text("\(e.step.number)", x: x1 + 3, y: y + 14, size: 10)
        }
        for (i, e) in timeline.entries.enumerated() {
            let role = sop.role(e.step.actor)?.title ?? e.step.actor
            let marks = (e.critical ? " ★" : "") + (e.applicant ? " (pemohon)" : "")
            c.text("\(e.step.number). \(e.step.id)\(marks) — \(role) — \(e.step.time.printed) — "
                   + "\(e.start.iso8601(utcOffsetSeconds: offset)) → \(e.due.iso8601(utcOffsetSeconds: offset))",
                   x: 16, y: listTop + i * 18, size: 11)
        }
        c.text("★ critical path (dark red outline): an overrun there moves the end; dashed: the applicant's step, "
               + "the agency's clock stops", x: 16, y: listTop + timeline.entries.count * 18 + 10, size: 10, fill: "#555")
        return c.document(title: "\(sop.identity.name) — \(sop.identity.agency.regency): standard timeline")
    }
}
