/// The one way every command, chart and page states a length of time:
/// whole working days, then hours, then minutes, zero parts left out
/// ("3 working days 3 h 10 min", "5 h 30 min", "45 min"; in Indonesian
/// "3 hari kerja 3 jam 10 menit"). Office time is exact to the minute (never "37 h" for 37.5,
/// never "35.2 h"), and office minutes are never shown as a raw count ("190 office minutes").
///
/// Office time taken or left is counted in working days of the SOP's office day (450 minutes
/// unless `timeDefaults.dayMinutes` says otherwise): 37.5 office hours are "5 working days".
/// A standard total keeps its units as the steps state them ("3 working days 3 h 10 min" is
/// three working days and 190 office minutes of steps); calendar days and months follow with "+".
public enum TimeText {
    public enum Language: String, Sendable, CaseIterable {
        case id, en
        /// "en" is English; anything else the document's language, Indonesian.
        public init(code: String?) { self = code == "en" ? .en : .id }
    }

    /// `days` working days and `minutes` of office time: "2 working days 1 h 5 min".
    public static func duration(workingDays days: Int = 0, minutes: Int64, _ lang: Language = .en) -> String {
        let m = max(0, minutes)
        var parts: [String] = []
        if days > 0 { parts.append(lang == .en ? "\(days) working day\(days == 1 ? "" : "s")" : "\(days) hari kerja") }
        if m / 60 > 0 { parts.append(lang == .en ? "\(m / 60) h" : "\(m / 60) jam") }
        if m % 60 > 0 || parts.isEmpty { parts.append(lang == .en ? "\(m % 60) min" : "\(m % 60) menit") }
        return parts.joined(separator: " ")
    }

    /// Office time in minutes, in working days of `dayMinutes` and the rest: "5 working days", "1 working day 2 h".
    public static func office(minutes: Int64, dayMinutes: Int = SOPDefinition.TimeDefaults.standardDayMinutes,
                              _ lang: Language = .en) -> String {
        let day = Int64(max(1, dayMinutes)), m = max(0, minutes)
        return duration(workingDays: Int(m / day), minutes: m % day, lang)
    }

    /// Office time measured in seconds (rounded to the nearest minute), as ``office(minutes:dayMinutes:_:)``.
    public static func office(seconds: Int64, dayMinutes: Int = SOPDefinition.TimeDefaults.standardDayMinutes,
                              _ lang: Language = .en) -> String {
        office(minutes: (max(0, seconds) + 30) / 60, dayMinutes: dayMinutes, lang)
    }

    /// A standard total: "65 working days 2 h 15 min", "+ 30 calendar days", and the steps without a time.
    public static func total(_ t: TimeTotal, _ lang: Language = .en) -> String {
        var parts: [String] = []
        if t.workingDays > 0 || t.officeMinutes > 0 || (t.calendarDays == 0 && t.months == 0) {
            parts.append(duration(workingDays: t.workingDays, minutes: Int64(t.officeMinutes), lang))
        }
        if t.calendarDays > 0 {
            parts.append(lang == .en ? "\(t.calendarDays) calendar day\(t.calendarDays == 1 ? "" : "s")" : "\(t.calendarDays) hari kalender")
        }
        if t.months > 0 { parts.append(lang == .en ? "\(t.months) month\(t.months == 1 ? "" : "s")" : "\(t.months) bulan") }
        var s = parts.joined(separator: " + ")
        if t.stepsWithoutTime > 0 {
            let n = t.stepsWithoutTime
            s += lang == .en ? " (\(n) step\(n == 1 ? "" : "s") without a time)" : " (\(n) langkah tanpa waktu)"
        }
        return s
    }
}
