import Foundation
import SOPCore
import Testing
@testable import SOPStore
@testable import SOPStoreSQLite

/// A simulation never aborts half-way at the end of a calendar's years (issue #16, finding 16):
/// cases the calendar cannot carry further stay open; one that cannot open is refused before
/// anything is written.
@Suite struct SimulationCoverageTests {
    let serdang = CaseFixtures.serdang
    var input: Simulation.Input { .init(definition: serdang.definition, hash: serdang.hash, calendar: serdang.calendar) }

    @Test func casesRunningPastTheCalendarStayOpen() async throws {
        #expect(serdang.calendar.years.upperBound == 2027)
        // Openings from September 2027: the 60-working-day step of many cannot end in 2027.
        let simulation = Simulation(inputs: [input], start: CaseFixtures.at("2027-09-01T09:00"), spreadSeconds: 90 * 86_400,
                                    until: CaseFixtures.at("2027-12-31T15:00"))
        let store = try SQLiteCaseStore(path: CaseFixtures.temporaryDatabase())
        let result = try await simulation.run(cases: 300, seed: 2, into: store)
        #expect(result.cases == 300)
        #expect(result.closed < 300)
        let last = try await #require(try store.summary(caseID: Simulation.caseID(sop: serdang.definition.id, number: 300)))
        #expect(last.status == .open)
    }

    @Test func openingsTheCalendarCannotPlaceAreRefusedBeforeWriting() async throws {
        let simulation = Simulation(inputs: [input], start: CaseFixtures.at("2027-12-20T09:00"), spreadSeconds: 30 * 86_400,
                                    until: CaseFixtures.at("2028-03-01T09:00"))
        let store = try SQLiteCaseStore(path: CaseFixtures.temporaryDatabase())
        await #expect(throws: Simulation.Refusal.self) { try await simulation.run(cases: 100, seed: 2, into: store) }
        await #expect(try store.summary(caseID: Simulation.caseID(sop: serdang.definition.id, number: 1)) == nil)
        #expect(throws: Simulation.Refusal.self) { try simulation.checkFits(cases: 100) }
        #expect(throws: Never.self) { try simulation.checkFits(cases: 1) }
    }
}
