import SOPCore

/// The standard timeline as a Gantt chart: a lane per role, a bar per step placed on the
/// calendar days it spans, weekends and holidays shaded.
public enum GanttChart {
    public static func svg(_ timeline: StandardTimeline, sop: SOPDefinition, calendar: WorkingCalendar) -> String {
        let offset = calendar.utcOffsetSeconds
        let first = timeline.start.local(utcOffsetSeconds: offset).date
        let last = timeline.due.local(utcOffsetSeconds: offset).date
        let days = last.daysSinceEpoch - first.daysSinceEpoch + 1
        let dayWidth = max(4, min(48, 960 / max(1, days)))
        let lanes = sop.roles.filter { r in timeline.entries.contains { $0.step.actor == r.id } }
        let left = 230, top = 70, laneHeight = 44
        let width = left + days * dayWidth + 30
        let listTop = top + lanes.count * laneHeight + 40
        let height = listTop + timeline.entries.count * 18 + 20
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
                c.rect(x: x, y: top, width: dayWidth, height: lanes.count * laneHeight,
                       fill: holiday == nil ? "#eeeeee" : "#fbe3e3", title: holiday.map { "\(date) \($0.name)" } ?? "\(date) weekend",
                       cssClass: holiday == nil ? "weekend" : "holiday")
            }
            if date.isoWeekday == 1 || d == 0 {
                c.line(x1: x, y1: top - 4, x2: x, y2: top + lanes.count * laneHeight, stroke: "#cccccc")
                c.text(String(describing: date).dropFirst(5).description, x: x + 2, y: top - 8, size: 9, fill: "#555")
            }
        }
        for (k, lane) in lanes.enumerated() {
            let y = top + k * laneHeight
            c.line(x1: 10, y1: y, x2: width - 10, y2: y, stroke: "#999999")
            c.text(lane.title, x: 16, y: y + 26, size: 11)
        }
        c.line(x1: 10, y1: top + lanes.count * laneHeight, x2: width - 10, y2: top + lanes.count * laneHeight, stroke: "#999999")
        func x(_ i: Instant) -> Int {
            let (date, s) = i.local(utcOffsetSeconds: offset)
            return left + (date.daysSinceEpoch - first.daysSinceEpoch) * dayWidth + s * dayWidth / 86_400
        }
        for e in timeline.entries {
            let k = lanes.firstIndex { $0.id == e.step.actor } ?? 0
            let x0 = x(e.start), x1 = max(x(e.due), x0 + 3)
            let y = top + k * laneHeight + 10
            c.rect(x: x0, y: y, width: x1 - x0, height: laneHeight - 20, fill: Palette.purpose(sop.purpose(of: e.step)),
                   stroke: "#333333", title: "\(e.step.number). \(e.step.id): \(e.step.time?.description ?? "no standard time")",
                   cssClass: "step")
            c.text("\(e.step.number)", x: x1 + 3, y: y + 16, size: 10)
        }
        for (i, e) in timeline.entries.enumerated() {
            let role = sop.role(e.step.actor)?.title ?? e.step.actor
            c.text("\(e.step.number). \(e.step.id) — \(role) — \(e.step.time?.description ?? "—") — "
                   + "\(e.start.iso8601(utcOffsetSeconds: offset)) → \(e.due.iso8601(utcOffsetSeconds: offset))",
                   x: 16, y: listTop + i * 18, size: 11)
        }
        return c.document(title: "\(sop.identity.name) — \(sop.identity.agency.regency): standard timeline")
    }
}
