@testable import SOPCore

/// A small calendar with hand-picked holidays: the 2025/26 year end and Idul Fitri 2026,
/// in a zone given per test.
enum CalendarFixtures {
    static func date(_ text: String) -> CivilDate { CivilDate(iso: text)! }

    static func calendar(offsetHours: Int = 7, years: ClosedRange<Int> = 2025...2026) -> WorkingCalendar {
        let holidays = [
            ("2025-12-25", "Kelahiran Yesus Kristus", Holiday.Kind.national),
            ("2025-12-26", "Cuti Bersama Kelahiran Yesus Kristus", .jointLeave),
            ("2026-01-01", "Tahun Baru 2026 Masehi", .national),
            ("2026-03-18", "Cuti Bersama Nyepi", .jointLeave),
            ("2026-03-19", "Hari Suci Nyepi", .national),
            ("2026-03-20", "Cuti Bersama Idul Fitri", .jointLeave),
            ("2026-03-21", "Idul Fitri", .national),
            ("2026-03-22", "Idul Fitri (hari kedua)", .national),
            ("2026-03-23", "Cuti Bersama Idul Fitri", .jointLeave),
            ("2026-03-24", "Cuti Bersama Idul Fitri", .jointLeave),
        ].map { Holiday(date: date($0.0), name: $0.1, kind: $0.2) }
        return WorkingCalendar(CalendarDefinition(
            id: "test", name: "Test", timeZone: "Test/Zone", utcOffsetSeconds: offsetHours * 3600,
            years: years, officeHours: .perpres21of2023, holidays: holidays))
    }

    static func at(_ text: String, _ cal: WorkingCalendar) -> Instant {
        Instant.parse(text, defaultUTCOffsetSeconds: cal.utcOffsetSeconds)!
    }

    static func local(_ i: Instant, _ cal: WorkingCalendar) -> String {
        String(i.iso8601(utcOffsetSeconds: cal.utcOffsetSeconds).prefix(16))
    }
}
