/// The tamper-evident history: every stored event carries a SHA-256 that covers its own stored
/// fields and the hash of the event before it in its case, the first one chaining from a
/// genesis made of the case id and the definition hash. Changing, removing or reordering a
/// stored event, behind the engine's back, breaks the chain at that event.
///
/// What is hashed is every field a store keeps about the event (``RecordedEvent/storedFields``),
/// in a fixed binary form, so each store (SQLite today, PostgreSQL later) links and checks
/// its events with this one type.
public enum EventChain {
    /// Bytes of a link: a SHA-256 digest.
    public typealias Link = [UInt8]

    /// The link before a case's first event.
    public static func genesis(caseID: String, definitionHash: String) -> Link {
        var h = SHA256()
        h.update("sop-engine event chain v1\u{0}".utf8)
        h.update(caseID.utf8)
        h.update([0])
        h.update(definitionHash.utf8)
        return h.finalize()
    }

    /// The link of an event whose stored fields are `fields`, following `previous`.
    public static func link(_ previous: Link, _ fields: [StoredValue]) -> Link {
        var h = SHA256()
        h.update(previous)
        h.update(canonicalBytes(fields))
        return h.finalize()
    }

    /// The links of `events` (consecutive events of one case), following `previous`.
    public static func links(_ previous: Link, _ events: [RecordedEvent]) -> [Link] {
        var last = previous
        return events.map { e in
            last = link(last, e.storedFields)
            return last
        }
    }

    /// A field count, then per field a tag byte (0 null, 1 integer, 2 real, 3 text, 4 blob)
    /// and its value: integers and reals as 8 bytes big-endian, text and blobs as a 4-byte
    /// big-endian length and the bytes. Unambiguous: no two field lists share a form.
    public static func canonicalBytes(_ fields: [StoredValue]) -> [UInt8] {
        var size = 4
        for f in fields {
            switch f {
            case .null: size += 1
            case .integer, .real: size += 9
            case .text(let s): size += 5 + s.utf8.count
            case .blob(let b): size += 5 + b.count
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(size)
        out.appendBigEndian(UInt32(fields.count))
        for f in fields {
            switch f {
            case .null: out.append(0)
            case .integer(let v): out.append(1); out.appendBigEndian(UInt64(bitPattern: v))
            case .real(let v): out.append(2); out.appendBigEndian(v.bitPattern)
            case .text(let s): out.append(3); out.appendBigEndian(UInt32(s.utf8.count)); out += s.utf8
            case .blob(let b): out.append(4); out.appendBigEndian(UInt32(b.count)); out += b
            }
        }
        return out
    }

    /// Lowercase hex of a link, as stores keep it.
    public static func hex(_ link: Link) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(link.count * 2)
        for b in link {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0xf)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The link a stored hex string stands for; nil unless it is 64 lowercase hex digits.
    public static func link(hex text: String) -> Link? {
        let utf8 = Array(text.utf8)
        guard utf8.count == 64 else { return nil }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            default: nil
            }
        }
        var out: Link = []
        out.reserveCapacity(32)
        for i in stride(from: 0, to: 64, by: 2) {
            guard let hi = nibble(utf8[i]), let lo = nibble(utf8[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
        }
        return out
    }
}

extension [UInt8] {
    /// Appends `value`'s bytes, most significant first.
    fileprivate mutating func appendBigEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.bigEndian) { append(contentsOf: $0) }
    }
}

/// One stored field of an event, typed as a database keeps it.
public enum StoredValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

extension RecordedEvent {
    /// The names of ``storedFields``, in order: the columns a store keeps for an event.
    public static let storedFieldNames = [
        "case_id", "seq", "at", "type", "actor", "role", "step", "outcome", "due", "round", "office_seconds",
        "working_days", "on_time", "document", "sha256", "name", "media_type", "size", "from_step", "to_step",
        "sop_id", "definition_hash", "calendar_id", "text",
    ]

    /// Position of `definition_hash` in ``storedFields`` (the genesis of a case's chain).
    public static let definitionHashField = 21

    /// Every field a store keeps about this event, in the order of ``storedFieldNames``
    /// (a boolean as the integer 0 or 1): what stores write and what the chain hashes.
    public var storedFields: [StoredValue] {
        func t(_ s: String?) -> StoredValue { s.map(StoredValue.text) ?? .null }
        func i(_ v: Int64?) -> StoredValue { v.map(StoredValue.integer) ?? .null }
        func n(_ v: Int?) -> StoredValue { v.map { .integer(Int64($0)) } ?? .null }
        var step: String?, outcome: String?, due: Int64?, round: Int?, officeSeconds: Int64?, workingDays: Int?
        var onTime: Bool?, document: String?, sha: String?, name: String?, mediaType: String?, size: Int?
        var from: String?, to: String?, sopID: String?, hash: String?, calendarID: String?, text: String?
        switch event {
        case .opened(let o):
            sopID = o.sopID; hash = o.definitionHash; calendarID = o.calendarID; due = o.due?.secondsSinceEpoch
        case .stepActivated(let a):
            step = a.step; due = a.due?.secondsSinceEpoch; round = a.round
        case .documentAttached(let d):
            step = d.step; document = d.attachment.document; sha = d.attachment.sha256; name = d.attachment.name
            mediaType = d.attachment.mediaType; size = d.attachment.size
        case .stepCompleted(let c):
            step = c.step; outcome = c.outcome; officeSeconds = c.officeSeconds; workingDays = c.workingDays; onTime = c.onTime
        case .sentBack(let s):
            from = s.from; to = s.to; outcome = s.outcome; round = s.round
        case .closed(let c):
            step = c.step; outcome = c.resolution
        case .note(let n):
            text = n.text
        case .branchArrived(let b):
            step = b.join; from = b.from
        case .clockStopped(let c):
            step = c.step
        case .clockResumed(let c):
            step = c.step; officeSeconds = c.officeSeconds
        case .dueShifted(let d):
            step = d.step; due = d.due?.secondsSinceEpoch; officeSeconds = d.pausedOfficeSeconds
        case .timerSet(let t):
            step = t.step; round = t.timer; due = t.at.secondsSinceEpoch
        case .timerFired(let t):
            step = t.step; round = t.timer; outcome = t.action.rawValue; text = t.to
        case .taskAssigned(let a):
            // The task goes to `to` (nil: back to the queue), taken `from` an officer on leave.
            step = a.step; to = a.officer; from = a.substituteFor
        case .definitionChanged(let d):
            hash = d.definitionHash; text = d.fromHash; due = d.due?.secondsSinceEpoch
        case .stepMigrated(let m):
            step = m.step; from = m.from; due = m.due?.secondsSinceEpoch
        }
        return [t(caseID), n(sequence), .integer(at.secondsSinceEpoch), t(event.type), t(actor), t(role), t(step), t(outcome),
                i(due), n(round), i(officeSeconds), n(workingDays), n(onTime.map { $0 ? 1 : 0 }), t(document), t(sha), t(name),
                t(mediaType), n(size), t(from), t(to), t(sopID), t(hash), t(calendarID), t(text)]
    }
}
