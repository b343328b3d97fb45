import SOPCore

/// Agencies side by side: a bar per agency of office hours on the main path, split by step
/// purpose, with the calendar days to the reply and to the end written beside it.
public enum ComparisonChart {
    public static func svg(_ comparison: SOPComparison) -> String {
        let left = 240, top = 60, rowHeight = 56
        let totals = comparison.agencies.indices.map { k in comparison.rows.reduce(Int64(0)) { $0 + $1.officeSeconds[k] } }
        let maxTotal = max(1, totals.max() ?? 1)
        let barWidth = 640
        let legendTop = top + comparison.agencies.count * rowHeight + 20
        var c = SVGCanvas(width: left + barWidth + 330, height: legendTop + 40)
        c.text("Standard time on the main path, by what the steps do (office hours)", x: 16, y: 28, size: 15, weight: "bold")
        for (k, a) in comparison.agencies.enumerated() {
            let y = top + k * rowHeight
            c.text(a.sop.identity.agency.regency, x: 16, y: y + 20, size: 12, weight: "bold")
            c.text(a.sop.identity.number, x: 16, y: y + 36, size: 10, fill: "#555")
            var x = left
            for row in comparison.rows where row.officeSeconds[k] > 0 {
                let w = max(2, Int(row.officeSeconds[k] * Int64(barWidth) / maxTotal))
                let steps = row.entries[k].map { "\($0.step.number). \($0.step.id)" }.joined(separator: ", ")
                c.rect(x: x, y: y + 6, width: w, height: 30, fill: Palette.purpose(row.purpose),
                       title: "\(row.purpose.rawValue): \(steps) — \(TimeText.office(seconds: row.officeSeconds[k]))", cssClass: "segment")
                x += w
            }
            let replyDays = a.replyDue.map { "reply in \(a.calendarDays(to: $0)) d, " } ?? ""
            c.text("\(TimeText.office(seconds: totals[k])) · \(a.timeline.elapsed.workingDays) working days · \(replyDays)end in \(a.calendarDays(to: a.timeline.due)) d",
                   x: x + 8, y: y + 26, size: 11)
        }
        var x = 16
        for p in Step.Purpose.allCases where comparison.rows.contains(where: { $0.purpose == p }) {
            c.rect(x: x, y: legendTop, width: 14, height: 14, fill: Palette.purpose(p))
            c.text(p.rawValue, x: x + 18, y: legendTop + 12, size: 11)
            x += 30 + p.rawValue.count * 7
        }
        return c.document(title: "SOP comparison: " + comparison.agencies.map(\.sop.identity.agency.regency).joined(separator: " vs "))
    }
}
