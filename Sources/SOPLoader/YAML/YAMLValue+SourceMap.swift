import SOPCore

extension SourceMap {
    /// A map answered by walking `root`.
    init(file: String, root: YAMLValue?) {
        self.init(file: file) { path, key in
            guard let root else { return nil }
            return root.location(at: SourceMap.components(path), key: key)
        }
    }
}

extension YAMLValue {
    /// The position at `path`. A document use written as `{document: id, when: …}` answers
    /// with the id's position, where a reader looks for the name.
    func location(at path: [SourceMap.Component], key: Bool) -> SourceLocation? {
        var node = self
        var keyLocation: SourceLocation?
        for component in path {
            switch (component, node) {
            case (.key(let k), .mapping(let entries, _)):
                guard let entry = entries.first(where: { $0.key == k }) else { return nil }
                node = entry.value
                keyLocation = entry.keyLocation
            case (.index(let i), .sequence(let items, _)) where items.indices.contains(i):
                node = items[i]
                keyLocation = nil
            default:
                return nil
            }
        }
        if key { return keyLocation }
        if case .index = path.last, case .mapping = node, let document = node["document"] { return document.location }
        return node.location
    }
}
