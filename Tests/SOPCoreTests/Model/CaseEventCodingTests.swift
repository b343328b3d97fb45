import Foundation
import Testing
@testable import SOPCore

/// Every event kind encodes as flat JSON with its `type` and decodes back unchanged.
@Suite struct CaseEventCodingTests {
    static let at = Instant(secondsSinceEpoch: 1_772_400_000)
    static let events: [CaseEvent] = [
        .opened(.init(sopID: "s", definitionHash: "h", calendarID: "c", due: at)),
        .stepActivated(.init(step: "a", due: nil, round: 1)),
        .documentAttached(.init(step: nil, attachment: DocumentAttachment(document: "d", sha256: "x", name: "n.pdf", mediaType: "application/pdf", size: 3))),
        .stepCompleted(.init(step: "a", outcome: "setuju", officeSeconds: 60, workingDays: 0, onTime: true)),
        .sentBack(.init(from: "b", to: "a", outcome: "tidak-setuju", round: 2)),
        .closed(.init(step: "z")),
        .note(.init(text: "catatan")),
        .definitionChanged(.init(fromHash: "h1", definitionHash: "h2", due: at)),
        .stepMigrated(.init(step: "telaah", from: "kaji", due: at)),
        .stepMigrated(.init(step: "rapat", from: "rapat", due: nil)),
    ]

    @Test(arguments: events)
    func roundTrips(_ event: CaseEvent) throws {
        let data = try JSONEncoder().encode(event)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        #expect(object?["type"] as? String == event.type)
        #expect(try JSONDecoder().decode(CaseEvent.self, from: data) == event)
    }

    @Test func unknownTypesAreRefused() {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(CaseEvent.self, from: Data(#"{"type":"teleported"}"#.utf8)) }
    }
}
