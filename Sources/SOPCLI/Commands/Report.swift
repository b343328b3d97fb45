import ArgumentParser
import Foundation
import SOPCore
import SOPRender
import SOPServer
import SOPStore
import SOPStoreSQLite

/// `sop report --db PATH`: how executed cases really went.
struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Report on executed cases: working time per step and role, agency and applicant time, how cases closed, on-time rates, revisions, legal limits, slowest steps.",
        discussion: """
        Times are office time on each agency's calendar, as recorded at each completion. Medians and 90th \
        percentiles are nearest-rank. The legal limits are those of UU 25/2009 Pasal 50 (respond within 14 \
        days, decide within 60), counted in working days as local SOPs read "hari" (--legal-days calendar \
        counts calendar days); open cases are judged at --now. Agency time and the applicant's time (the \
        agency's clock stopped) are counted apart, from the completions of agency and applicant steps; a step \
        several roles may do counts once, under those roles together.
        """
    )

    enum DayKind: String, ExpressibleByArgument, CaseIterable { case working, calendar }

    @Option(help: "The SQLite database file, or a PostgreSQL server (postgres://user@host:port/database).") var db: String = "sop.db"
    @Option(help: "The moment open cases are judged at (default: now).") var now: String?
    @Option(name: .customLong("legal-days"), help: "working or calendar days for the legal limits.") var legalDays: DayKind = .working
    @Option(help: "text, json, csv or svg.") var format: AnalysisFormat = .text
    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?

    func run() async throws {
        let at = try parseInstant(now, offset: 7 * 3600) ?? systemClock()
        let log = try await StoreLocation.open(db, access: .read, maximumConnections: 4)
        let limits = LegalLimit.undangUndang25of2009(unit: legalDays == .working ? .workingDays : .calendarDays)
        let report = try await log.report(limits: limits, now: at)
        let sink = try OutputSink(path: output)
        defer { try? sink.close() }
        switch format {
        case .json: try sink.write(try JSON.encode(report) + "\n")
        case .svg: try sink.write(ReportChart.svg(report))
        case .csv: try sink.write(Self.csv(report))
        case .text: try sink.write(Self.text(report))
        }
    }

    static func duration(_ seconds: Int64) -> String { TimeText.office(seconds: seconds) }

    static func rate(_ s: CaseReport.Stats) -> String {
        s.onTimeRate.map { "\(Int(($0 * 100).rounded()))%" } ?? "—"
    }

    static func text(_ r: CaseReport) -> String {
        var out = "Executed cases at \(r.now.iso8601(utcOffsetSeconds: 7 * 3600))\n\n"
        var sops = TextTable([("SOP", 28), ("Cases", 6), ("Closed", 6), ("Open", 6), ("Revised", 8), ("Rounds", 6), ("Days to close p50/p90/max", 26)])
        for s in r.sops {
            let d = s.duration.map { "\($0.medianWorkingDays) / \($0.p90WorkingDays) / \($0.maxWorkingDays) wd" } ?? "—"
            sops.add([s.sopID, "\(s.cases)", "\(s.closed)", "\(s.open)", "\(s.casesRevised)", "\(s.revisionRounds)", d])
        }
        out += sops.render() + "\n"
        for s in r.sops {
            out += "\n\(s.sopID) — \(s.name), \(s.regency)\n"
            var limits = TextTable([("Legal limit", 64), ("Reached late", 12), ("Open past it", 12)])
            for l in s.limits { limits.add(["\(l.source) (\(l.time))", "\(l.reachedLate)", "\(l.openPastLimit)"]) }
            out += limits.render() + "\n"
            if !s.resolutions.isEmpty {
                out += "Closed: " + s.resolutions.map { "\($0.cases) \($0.resolution)" }.joined(separator: ", ") + "\n"
            }
            func spread(_ st: CaseReport.Stats) -> String {
                "\(duration(st.medianOfficeSeconds)) / \(duration(st.p90OfficeSeconds)) / \(duration(st.maxOfficeSeconds))"
            }
            if let a = s.agencyTime {
                out += "Agency time per closed case (office time, p50 / p90 / max): \(spread(a))\n"
            }
            if let a = s.applicantTime {
                out += "Applicant time per closed case, the agency's clock stopped (p50 / p90 / max): \(spread(a))\n"
            }
            for l in s.limits where !l.examples.isEmpty {
                out += "Open past the \(l.limit) limit, oldest first: \(l.examples.prefix(5).joined(separator: ", "))"
                    + (l.openPastLimit > 5 ? " and \(l.openPastLimit - 5) more" : "") + "\n"
            }
            var steps = TextTable([("No", 3), ("Step", 24), ("Standard", 15), ("n", 6), ("Median", 26), ("p90", 26), ("Max", 26), ("On time", 7)])
            for st in r.steps where st.sopID == s.sopID {
                steps.add(["\(st.no)", st.step, st.standard?.description ?? "—", "\(st.stats.count)", duration(st.stats.medianOfficeSeconds),
                           duration(st.stats.p90OfficeSeconds), duration(st.stats.maxOfficeSeconds), rate(st.stats)])
            }
            out += "\nPer step (office time):\n" + steps.render() + "\n"
            var roles = TextTable([("Role", 30), ("n", 6), ("Median", 26), ("p90", 26), ("Max", 26), ("On time", 7)])
            for ro in r.roles where ro.sopID == s.sopID {
                roles.add([ro.title, "\(ro.stats.count)", duration(ro.stats.medianOfficeSeconds),
                           duration(ro.stats.p90OfficeSeconds), duration(ro.stats.maxOfficeSeconds), rate(ro.stats)])
            }
            out += "\nPer role (office time):\n" + roles.render() + "\n"
        }
        out += "\nSlowest steps (working time past the standard at the 90th percentile, then the median; a working day counts 7.5 office hours):\n"
        if r.slowest.isEmpty { out += "- none ran past its standard\n" }
        for s in r.slowest {
            let over = CaseReport.overrun(of: s) ?? 0, share = CaseReport.share(of: s) ?? 0
            out += "- \(s.sopID) \(s.no). \(s.step): p90 \(duration(s.stats.p90OfficeSeconds)), \(duration(over)) past its standard of \(s.standard!)"
                + " (\(Int((share * 100).rounded()))%); median \(duration(s.stats.medianOfficeSeconds)); \(rate(s.stats)) on time\n"
        }
        return out
    }

    static func csv(_ r: CaseReport) -> String {
        var t = CSVTable(["kind", "sop", "no", "step_or_role", "standard", "count", "median_seconds", "p90_seconds", "max_seconds",
                          "median_working_days", "p90_working_days", "max_working_days", "with_standard", "on_time"])
        func add(_ kind: String, _ sop: String, _ no: String, _ item: String, _ standard: String, _ s: CaseReport.Stats) {
            t.add([kind, sop, no, item, standard, "\(s.count)", "\(s.medianOfficeSeconds)", "\(s.p90OfficeSeconds)", "\(s.maxOfficeSeconds)",
                   "\(s.medianWorkingDays)", "\(s.p90WorkingDays)", "\(s.maxWorkingDays)", "\(s.withStandard)", "\(s.onTime)"])
        }
        for s in r.steps { add("step", s.sopID, "\(s.no)", s.step, s.standard.map { "\($0.value) \($0.unit.rawValue)" } ?? "", s.stats) }
        for s in r.roles { add("role", s.sopID, "", s.role, "", s.stats) }
        for s in r.sops {
            if let a = s.agencyTime { add("agency-time", s.sopID, "", "", "", a) }
            if let a = s.applicantTime { add("applicant-time", s.sopID, "", "", "", a) }
            for res in s.resolutions {
                t.add(["resolution", s.sopID, "", res.resolution, "", "\(res.cases)", "", "", "", "", "", "", "", ""])
            }
        }
        return t.render()
    }
}
