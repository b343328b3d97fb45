import SOPCore

/// Executed cases per step: median and 90th percentile of office time as a share of the
/// step's standard (so a 5-minute step and a 60-day step share one axis), with the 100 % line.
public enum ReportChart {
    public static func svg(_ report: CaseReport) -> String {
        let rows = report.steps.filter { $0.standard != nil }
        let left = 300, top = 60, rowHeight = 26, scaleWidth = 520
        let ratios = rows.map { Double($0.stats.p90OfficeSeconds) / Double(CaseReport.Builder.standardSeconds($0.standard!)) }
        let maxRatio = max(1.5, min(5, (ratios.max() ?? 1) * 1.1))
        func x(_ r: Double) -> Int { left + Int((min(r, maxRatio) / maxRatio * Double(scaleWidth)).rounded()) }
        var c = SVGCanvas(width: left + scaleWidth + 120, height: top + rows.count * rowHeight + 50)
        c.text("A working day of standard counts 7.5 office hours; on time is judged by the SOP's own rule (due at closing of the Nth working day).",
               x: 16, y: top + rows.count * rowHeight + 30, size: 10, fill: "#555")
        c.text("Office time taken per step, as a share of its standard (bar: median, tick: 90th percentile)", x: 16, y: 28, size: 14, weight: "bold")
        for tick in stride(from: 0.0, through: maxRatio, by: 0.5) {
            c.line(x1: x(tick), y1: top - 6, x2: x(tick), y2: top + rows.count * rowHeight, stroke: tick == 1 ? "#c00000" : "#dddddd",
                   dash: tick != 1)
            c.text("\(Int(tick * 100))%", x: x(tick), y: top - 10, size: 9, anchor: .middle, fill: "#555")
        }
        for (i, r) in rows.enumerated() {
            let y = top + i * rowHeight
            let standard = Double(CaseReport.Builder.standardSeconds(r.standard!))
            let median = Double(r.stats.medianOfficeSeconds) / standard, p90 = Double(r.stats.p90OfficeSeconds) / standard
            c.text("\(r.sopID) \(r.no). \(r.step)", x: 16, y: y + 16, size: 10)
            c.rect(x: left, y: y + 5, width: x(median) - left, height: 14, fill: median > 1 ? "#e15759" : "#4e79a7",
                   title: "\(r.step): median \(Int((median * 100).rounded()))%, p90 \(Int((p90 * 100).rounded()))% of \(r.standard!)", cssClass: "median")
            c.line(x1: x(p90), y1: y + 2, x2: x(p90), y2: y + 22, stroke: "#222222")
            let rate = r.stats.onTimeRate.map { "\(Int(($0 * 100).rounded()))% on time" } ?? ""
            c.text("n=\(r.stats.count) \(rate)", x: left + scaleWidth + 8, y: y + 16, size: 9, fill: "#555")
        }
        return c.document(title: "sop report: office time per step against the standard")
    }
}
