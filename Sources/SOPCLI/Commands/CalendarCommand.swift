import ArgumentParser
import Foundation
import SOPCore
import SOPLoader
import SOPStore
import SOPStoreSQLite

/// `sop calendar ...`: inspect working calendars.
struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "Inspect working-time calendars.",
        subcommands: [ShowCalendar.self, UpdateCalendar.self]
    )
}

/// `sop calendar show [CALENDAR] --year 2026`.
struct ShowCalendar: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Working days per month and the holidays of one year."
    )

    @Argument(help: "Calendar file (default: sops/calendars/national.yaml).")
    var calendar: String = "sops/calendars/national.yaml"

    @Option(help: "The year to show.")
    var year: Int

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    struct Month: Encodable {
        var month: Int
        var workingDays: Int
        var officeHours: Double
    }

    struct Output: Encodable {
        var calendar: String
        var timeZone: String
        var year: Int
        var workingDays: Int
        var months: [Month]
        var holidays: [Holiday]
    }

    static let monthNames = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
                             "September", "Oktober", "November", "Desember"]
    static let dayNames = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]

    func run() throws {
        let cal = try loadCalendar(calendar)
        let def = cal.definition
        guard def.years.contains(year) else {
            throw ValidationError("year \(year) is outside the calendar's years \(def.years.lowerBound)–\(def.years.upperBound)")
        }
        var months: [Month] = []
        for m in 1...12 {
            let first = CivilDate(year: year, month: m, day: 1)!
            let last = CivilDate(year: year, month: m, day: CivilDate.daysIn(month: m, year: year))!
            var seconds = 0
            var d = first
            while d <= last {
                seconds += cal.officeIntervals(on: d).reduce(0) { $0 + $1.seconds }
                d = d.adding(days: 1)
            }
            months.append(Month(month: m, workingDays: cal.workingDays(from: first, through: last),
                                officeHours: Double(seconds) / 3600))
        }
        let holidays = def.holidays.filter { $0.date.year == year }
        let output = Output(calendar: def.id, timeZone: def.timeZone, year: year,
                            workingDays: months.reduce(0) { $0 + $1.workingDays }, months: months, holidays: holidays)
        if format == .json {
            Console.current.out(try JSON.encode(output))
            return
        }
        Console.current.out("\(def.name) — \(year) (\(def.timeZone), \(def.zoneAbbreviation))")
        Console.current.out("")
        var table = TextTable([("Bulan", 10), ("Hari kerja", 10), ("Jam kantor", 10)])
        for m in months {
            table.add([Self.monthNames[m.month - 1], "\(m.workingDays)", String(format: "%.1f", m.officeHours)])
        }
        table.add(["Total", "\(output.workingDays)", String(format: "%.1f", months.reduce(0) { $0 + $1.officeHours })])
        Console.current.out(table.render())
        Console.current.out("")
        var list = TextTable([("Tanggal", 10), ("Hari", 6), ("Jenis", 11), ("Nama", 60)])
        for h in holidays {
            list.add([h.date.description, Self.dayNames[h.date.isoWeekday - 1], h.kind.rawValue, h.name])
        }
        Console.current.out(list.render())
        Console.current.out("\(holidays.count) holidays and joint-leave days in \(year)")
    }
}

/// `sop calendar update CALENDAR --db PATH`: a new decree (holidays, a new year) for a
/// deployment's running cases, without opening a case.
struct UpdateCalendar: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Store a revised calendar in a database; running cases use it from their next step."
    )

    @Argument(help: "The calendar file.")
    var calendar: String

    @Option(help: "The SQLite database file.")
    var db: String = "sop.db"

    func run() throws {
        let definition = try loadCalendar(calendar).definition
        let store = try SQLiteCaseStore(path: db, create: false)
        try store.saveCalendar(definition)
        let revision = try store.calendar(id: definition.id)?.revision ?? 0
        Console.current.out("calendar '\(definition.id)' (\(definition.years.lowerBound)–\(definition.years.upperBound)) stored, revision \(revision)")
    }
}

/// The calendar `sop` (loaded from `file`) names, loaded once; a clear error when it names
/// none or the file is missing.
func agencyCalendar(of sop: SOPDefinition, file: String) throws -> WorkingCalendar {
    guard let name = sop.calendar else {
        throw ValidationError("\(file) names no calendar; pass --calendar FILE")
    }
    guard let path = SOPLoader.calendarPath(name, directory: URL(fileURLWithPath: file).deletingLastPathComponent().path) else {
        throw ValidationError("calendar '\(name)' named by \(file) does not exist")
    }
    return try loadCalendar(path)
}

/// Loads a calendar or prints its diagnostics and fails.
func loadCalendar(_ path: String) throws -> WorkingCalendar {
    let result = CalendarLoader.load(path: path)
    for d in result.diagnostics { Console.current.err(d.rendered()) }
    guard let calendar = result.calendar else {
        Console.current.err("\(path): the calendar has errors")
        throw ExitCode(1)
    }
    return calendar
}
