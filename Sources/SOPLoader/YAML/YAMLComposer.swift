import CLibYAML
import SOPCore

/// Builds a ``YAMLValue`` tree straight from libyaml's event stream.
///
/// One pass, no intermediate node type: each scalar becomes a `YAMLValue` with its position
/// as soon as libyaml reports it. Anchors and aliases are resolved here (bounded by a node
/// budget against alias bombs), merge keys (`<<`) are applied, and a key written twice in a
/// mapping is reported at its second occurrence. Nesting deeper than `maximumDepth` is refused
/// where it starts, before the recursion can exhaust the stack.
struct YAMLComposer {
    enum Failure: Error {
        /// libyaml refused the text: its problem, where, and the context it was in.
        case syntax(problem: String, line: Int, column: Int, context: String?, contextLine: Int?, contextColumn: Int?)
        case duplicateKey(String, line: Int, column: Int, firstLine: Int)
        case tooManyNodes
        case multipleDocuments(line: Int, column: Int)
        case undefinedAlias(String, line: Int, column: Int)
        /// A sequence or mapping opened `depth` levels deep, past the limit.
        case tooDeep(depth: Int, line: Int, column: Int)
    }

    let file: String
    var budget: Int
    let maximumDepth: Int
    /// Sequences and mappings open around the node being composed.
    private var depth = 0
    /// Anchored nodes with their node counts (so an alias costs its size without recounting).
    private var anchors: [String: (value: YAMLValue, count: Int)] = [:]

    init(file: String, maximumNodes: Int, maximumDepth: Int) {
        self.file = file
        self.budget = maximumNodes
        self.maximumDepth = maximumDepth
    }

    /// The document's root, nil for a stream with no document or an empty one.
    mutating func compose(_ text: String) throws(Failure) -> YAMLValue? {
        guard let parser = YAMLParser() else { throw .tooManyNodes }
        var utf8 = Array(text.utf8)
        // The input buffer lives for this closure; the parser reads it only inside.
        return try utf8.withUnsafeMutableBufferPointer { buffer throws(Failure) -> YAMLValue? in
            parser.setInput(buffer)
            let events = EventReader(parser: parser)
            var root: YAMLValue?
            var documents = 0
            while true {
                let event = try events.next()
                defer { events.release() }
                switch event.pointee.type {
                case YAML_STREAM_END_EVENT:
                    return root
                case YAML_DOCUMENT_START_EVENT:
                    documents += 1
                    if documents > 1 {
                        let m = event.pointee.start_mark
                        throw .multipleDocuments(line: Int(m.line) + 1, column: Int(m.column) + 1)
                    }
                case YAML_DOCUMENT_END_EVENT, YAML_STREAM_START_EVENT:
                    continue
                default:
                    root = try node(from: event, events: events)
                }
            }
        }
    }

    private func location(_ mark: yaml_mark_t) -> SourceLocation {
        SourceLocation(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    /// The node that starts with `event` (already read; released by the caller).
    private mutating func node(from event: UnsafeMutablePointer<yaml_event_t>, events: EventReader) throws(Failure) -> YAMLValue {
        let before = budget
        budget -= 1
        guard budget >= 0 else { throw .tooManyNodes }
        let e = event.pointee
        let at = location(e.start_mark)
        switch e.type {
        case YAML_SCALAR_EVENT:
            let s = e.data.scalar
            let text = String(decoding: UnsafeBufferPointer(start: s.value, count: s.length), as: UTF8.self)
            let kind: YAMLValue.ScalarKind = s.style == YAML_PLAIN_SCALAR_STYLE && s.plain_implicit == 1
                ? ScalarKinds.classify(text) : .string
            let value = YAMLValue.scalar(text, kind, at)
            if let anchor = s.anchor { anchors[String(cString: anchor)] = (value, 1) }
            return value
        case YAML_ALIAS_EVENT:
            let name = String(cString: e.data.alias.anchor)
            guard let anchored = anchors[name] else {
                throw .undefinedAlias(name, line: at.line, column: at.column)
            }
            budget -= anchored.count - 1
            guard budget >= 0 else { throw .tooManyNodes }
            return anchored.value
        case YAML_SEQUENCE_START_EVENT:
            let anchor = e.data.sequence_start.anchor.map { String(cString: $0) }
            try enter(at)
            defer { depth -= 1 }
            var items: [YAMLValue] = []
            while true {
                let child = try events.next()
                defer { events.release() }
                if child.pointee.type == YAML_SEQUENCE_END_EVENT { break }
                items.append(try node(from: child, events: events))
            }
            let value = YAMLValue.sequence(items, at)
            if let anchor { anchors[anchor] = (value, before - budget) }
            return value
        case YAML_MAPPING_START_EVENT:
            let anchor = e.data.mapping_start.anchor.map { String(cString: $0) }
            try enter(at)
            defer { depth -= 1 }
            var entries: [YAMLValue.Entry] = []
            var merged: [YAMLValue.Entry] = []
            /// Line of each key written so far: one hash lookup per key keeps huge mappings linear.
            var firstLine: [String: Int] = [:]
            while true {
                let keyEvent = try events.next()
                if keyEvent.pointee.type == YAML_MAPPING_END_EVENT { events.release(); break }
                let plainKey = keyEvent.pointee.type == YAML_SCALAR_EVENT
                    && keyEvent.pointee.data.scalar.style == YAML_PLAIN_SCALAR_STYLE
                let keyNode: YAMLValue
                do {
                    defer { events.release() }
                    keyNode = try node(from: keyEvent, events: events)
                }
                let valueEvent = try events.next()
                let value: YAMLValue
                do {
                    defer { events.release() }
                    value = try node(from: valueEvent, events: events)
                }
                let key: String
                switch keyNode {
                case .scalar(let text, _, let l):
                    key = text
                    // A plain `<<` merges the mapping(s) it names; keys written here win.
                    if text == "<<", plainKey {
                        if case .mapping(let more, _) = value { merged += more; continue }
                        if case .sequence(let items, _) = value,
                           items.allSatisfy({ if case .mapping = $0 { true } else { false } }) {
                            for case .mapping(let more, _) in items { merged += more }
                            continue
                        }
                    }
                    if let first = firstLine.updateValue(l.line, forKey: text) {
                        throw .duplicateKey(text, line: l.line, column: l.column, firstLine: first)
                    }
                default:
                    key = "\(keyNode.typeDescription)"
                }
                entries.append(.init(key: key, keyLocation: keyNode.location, value: value))
            }
            var keys = Set(entries.map(\.key))
            for m in merged where keys.insert(m.key).inserted {
                entries.append(m)
            }
            let result = YAMLValue.mapping(entries, at)
            if let anchor { anchors[anchor] = (result, before - budget) }
            return result
        default:
            return .scalar("", .null, at)
        }
    }

    /// One more level of nesting, refused past ``maximumDepth``.
    private mutating func enter(_ at: SourceLocation) throws(Failure) {
        depth += 1
        if depth > maximumDepth { throw .tooDeep(depth: depth, line: at.line, column: at.column) }
    }
}

/// Owns a libyaml parser at a stable address for as long as events are read from it
/// (a pointer to a local `yaml_parser_t` would be valid only for one call).
private final class YAMLParser {
    let pointer: UnsafeMutablePointer<yaml_parser_t>

    init?() {
        pointer = .allocate(capacity: 1)
        guard yaml_parser_initialize(pointer) == 1 else {
            pointer.deallocate()
            return nil
        }
    }

    /// Reads from `buffer`, which must outlive every ``EventReader/next()`` call.
    func setInput(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
        yaml_parser_set_input_string(pointer, buffer.baseAddress, buffer.count)
        yaml_parser_set_encoding(pointer, YAML_UTF8_ENCODING)
    }

    deinit {
        yaml_parser_delete(pointer)
        pointer.deallocate()
    }
}

/// Reads one event at a time into a stack of slots; each is released (deleted) by whoever
/// read it, so events nest like the nodes they open and close.
private final class EventReader {
    private let owner: YAMLParser
    private var parser: UnsafeMutablePointer<yaml_parser_t> { owner.pointer }
    private var slots: [UnsafeMutablePointer<yaml_event_t>] = []
    private var depth = 0

    init(parser: YAMLParser) { self.owner = parser }

    deinit {
        while depth > 0 { release() }
        for slot in slots { slot.deallocate() }
    }

    /// The next event, valid until the matching ``release()``.
    func next() throws(YAMLComposer.Failure) -> UnsafeMutablePointer<yaml_event_t> {
        if depth == slots.count { slots.append(.allocate(capacity: 1)) }
        let event = slots[depth]
        guard yaml_parser_parse(parser, event) == 1 else {
            let p = parser.pointee
            let problem = p.problem.map { String(cString: $0) } ?? "invalid YAML"
            let context = p.context.map { String(cString: $0) }
            throw .syntax(problem: problem, line: Int(p.problem_mark.line) + 1, column: Int(p.problem_mark.column) + 1,
                          context: context, contextLine: context == nil ? nil : Int(p.context_mark.line) + 1,
                          contextColumn: context == nil ? nil : Int(p.context_mark.column) + 1)
        }
        depth += 1
        return event
    }

    func release() {
        depth -= 1
        yaml_event_delete(slots[depth])
    }
}

