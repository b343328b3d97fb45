import Synchronization

/// An id from an SOP (a step's, a document's) interned once per process: a 4-byte value the
/// interpreter copies, compares and hashes without touching a string (no reference count, no
/// hashing of bytes, no string comparison on the hot path; issue 11).
///
/// Two symbols are equal exactly when their texts are, because a text is interned once.
/// It is stored and encoded as its text, so nothing stored or exchanged changes. Symbols are
/// made from ids the engine stores (definitions, events); input from a request is looked up
/// in the definition first (``CaseMachine``), so a stranger's text is never interned.
public struct Symbol: Sendable, Hashable, Comparable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    let raw: UInt32

    public init(_ text: String) { raw = SymbolTable.shared.intern(text) }
    public init(stringLiteral text: String) { self.init(text) }

    /// The symbol of `text` if it has been interned, without interning it: for text from a
    /// request, which must not grow the table.
    public init?(existing text: String) {
        guard let raw = SymbolTable.shared.lookup(text) else { return nil }
        self.raw = raw
    }

    /// The id as written.
    public var text: String { SymbolTable.shared.text(raw) }
    public var description: String { text }

    /// By text, as ids are sorted for people.
    public static func < (a: Symbol, b: Symbol) -> Bool { a.raw != b.raw && a.text < b.text }

    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(text)
    }
}

/// The process's interned ids: an index from text to number and the texts by number, behind
/// one lock (a symbol is made once per id when a definition or an event is read; its text is
/// read where it is shown or stored).
final class SymbolTable: Sendable {
    static let shared = SymbolTable()

    private struct Entries {
        var index: [String: UInt32] = [:]
        var texts: [String] = []
    }

    private let entries = Mutex(Entries())

    func intern(_ text: String) -> UInt32 {
        entries.withLock { e in
            if let raw = e.index[text] { return raw }
            let raw = UInt32(e.texts.count)
            e.texts.append(text)
            e.index[text] = raw
            return raw
        }
    }

    func lookup(_ text: String) -> UInt32? {
        entries.withLock { $0.index[text] }
    }

    func text(_ raw: UInt32) -> String {
        entries.withLock { $0.texts[Int(raw)] }
    }
}
