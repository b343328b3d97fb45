import Foundation
import SOPCore
import Testing
@testable import SOPLoader

/// The shipped calendars, and deadlines checked by hand against the 2025 and 2026 decrees.
@Suite struct CalendarLoaderTests {
    static let national = CalendarLoader.load(path: Repository.path("sops/calendars/national.yaml"))
    static let serdang = CalendarLoader.load(path: Repository.path("sops/calendars/serdang-bedagai.yaml"))
    static let lamandau = CalendarLoader.load(path: Repository.path("sops/calendars/lamandau.yaml"))

    @Test func shippedCalendarsLoadCleanly() throws {
        for result in [Self.national, Self.serdang, Self.lamandau] {
            #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map { $0.rendered() })")
            let cal = try #require(result.calendar)
            #expect(cal.definition.years == 2024...2027)
            #expect(cal.utcOffsetSeconds == 7 * 3600)
        }
        #expect(Self.lamandau.definition?.timeZone == "Asia/Pontianak")
        #expect(Self.serdang.definition?.timeZone == "Asia/Jakarta")
        // Agency calendars inherit every national holiday.
        #expect(Self.serdang.definition?.holidays.count == Self.national.definition?.holidays.count)
    }

    @Test func decreeDaysAreClosed() throws {
        let cal = try #require(Self.national.calendar)
        for text in ["2025-03-31", "2025-04-01", "2025-04-02", "2025-04-07", "2025-08-18", "2025-12-26",
                     "2026-03-20", "2026-03-23", "2026-03-24", "2026-12-24", "2024-02-14", "2024-11-27"] {
            #expect(!cal.isWorkingDay(CivilDate(iso: text)!), "\(text) should be closed")
        }
        #expect(cal.isWorkingDay(CivilDate(iso: "2025-04-08")!))
        #expect(cal.holiday(on: CivilDate(iso: "2025-08-18")!)?.kind == .jointLeave)
    }

    func due(_ start: String, _ value: Int, _ unit: StandardTime.Unit) throws -> String {
        let cal = try #require(Self.serdang.calendar)
        let at = try #require(Instant.parse(start, defaultUTCOffsetSeconds: cal.utcOffsetSeconds))
        return String(try cal.due(from: at, adding: StandardTime(value, unit)).iso8601(utcOffsetSeconds: cal.utcOffsetSeconds).prefix(16))
    }

    @Test func idulFitri2025() throws {
        // Thu 27 Mar 2025: 28 Mar joint leave, 31 Mar–1 Apr Idul Fitri, 2–4 and 7 Apr joint leave.
        // Five working days: 8, 9, 10, 11, 14 April.
        #expect(try due("2025-03-27T10:00", 5, .workingDays) == "2025-04-14T16:00")
        // 60 minutes from 15:30 on the last day before the break: 30 min, then 8 April.
        #expect(try due("2025-03-27T15:30", 60, .minutes) == "2025-04-08T08:00")
    }

    @Test func idulFitri2026() throws {
        // Fri 13 Mar 2026 + 5 working days: 16, 17, 25, 26, 27 March (18–24 closed).
        #expect(try due("2026-03-13T10:00", 5, .workingDays) == "2026-03-27T16:30")
    }

    @Test func christmasAndNewYear() throws {
        // Wed 24 Dec 2025 + 5 working days: 29, 30, 31 Dec, 2, 5 Jan.
        #expect(try due("2025-12-24T09:00", 5, .workingDays) == "2026-01-05T16:00")
        // Wed 23 Dec 2026 + 3 working days: 24 Dec joint leave, 25 Christmas; 28, 29, 30 Dec.
        #expect(try due("2026-12-23T09:00", 3, .workingDays) == "2026-12-30T16:00")
        // The standard timeline of Serdang Bedagai's 60 working days crosses into 2027.
        #expect(try due("2026-12-30T16:00", 60, .workingDays).hasPrefix("2027-"))
    }

    func writeCalendars(_ files: [String: String]) -> URL {
        let dir = Repository.temporaryDirectory()
        for (name, text) in files {
            try? text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return dir
    }

    static let head = "format: sop-calendar/v1\nid: x\nname: X\n"

    @Test func extendsCycleIsAnError() {
        let dir = writeCalendars([
            "a.yaml": Self.head + "extends: b.yaml\n",
            "b.yaml": Self.head + "extends: a.yaml\n",
        ])
        let result = CalendarLoader.load(path: dir.appendingPathComponent("a.yaml").path)
        #expect(result.diagnostics.map(\.code).contains("SOP051"))
        #expect(result.calendar == nil)
    }

    @Test func missingBaseAndUnknownZone() {
        let dir = writeCalendars([
            "a.yaml": Self.head + "extends: nowhere.yaml\n",
            "z.yaml": Self.head + "extends: \(Repository.path("sops/calendars/national.yaml"))\ntimeZone: Asia/Atlantis\n",
        ])
        let missing = CalendarLoader.load(path: dir.appendingPathComponent("a.yaml").path)
        #expect(missing.diagnostics.map(\.code) == ["SOP051"])
        #expect(missing.diagnostics.first?.location?.line == 4)
        let zone = CalendarLoader.load(path: dir.appendingPathComponent("z.yaml").path)
        #expect(zone.diagnostics.map(\.code) == ["SOP050"])
        #expect(zone.diagnostics.first?.location?.line == 5)
    }

    @Test func officeHoursMustBeOrdered() {
        let week = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
            .map { "  \($0): []\n" }.joined()
            .replacingOccurrences(of: "  monday: []", with: "  monday: [{from: \"13:00\", to: \"16:00\"}, {from: \"07:30\", to: \"12:00\"}]")
            .replacingOccurrences(of: "  tuesday: []", with: "  tuesday: [{from: \"16:00\", to: \"07:30\"}]")
        let dir = writeCalendars(["h.yaml": Self.head + "timeZone: Asia/Jakarta\nyears: {from: 2026, to: 2026}\nofficeHours:\n" + week])
        let codes = CalendarLoader.load(path: dir.appendingPathComponent("h.yaml").path).diagnostics.map(\.code)
        #expect(codes == ["SOP052", "SOP052"])
    }
}
