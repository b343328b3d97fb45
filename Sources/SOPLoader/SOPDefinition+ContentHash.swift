import Foundation
import SOPCore

extension SOPDefinition {
    /// SHA-256 of the definition's canonical JSON (sorted keys): the same meaning gives the
    /// same hash whatever the YAML's layout, comments or key order; any change of substance
    /// gives another, so a case stays pinned to the definition it was opened under.
    public var contentHash: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(self)) ?? Data()
        return SHA256.hex(data)
    }
}
