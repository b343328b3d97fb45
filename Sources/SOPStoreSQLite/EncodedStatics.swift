import Foundation
import SOPCore
import SOPStore

/// The JSON a case's opening stores beside its events (its definition, its calendar), encoded
/// once per definition hash and per calendar as it stands: encoding them on every opening was
/// a third of an opening's cost. A definition is immutable under its content hash; a
/// calendar is re-encoded when it is no longer equal to the one encoded.
final class EncodedStatics: @unchecked Sendable {
    private let lock = NSLock()
    private var definitions: [String: Data] = [:]
    private var calendars: [String: (calendar: CalendarDefinition, json: Data)] = [:]
    private let limit = 256

    func definition(_ hash: String, _ encode: () throws -> Data) throws -> Data {
        if let known = lock.withLock({ definitions[hash] }) { return known }
        let json = try encode()
        lock.withLock {
            if definitions.count >= limit { definitions.removeAll() }
            definitions[hash] = json
        }
        return json
    }

    func calendar(_ calendar: CalendarDefinition, _ encode: () throws -> Data) throws -> Data {
        if let known = lock.withLock({ calendars[calendar.id] }), known.calendar == calendar { return known.json }
        let json = try encode()
        lock.withLock {
            if calendars.count >= limit { calendars.removeAll() }
            calendars[calendar.id] = (calendar, json)
        }
        return json
    }
}
