extension Diagnostic {
    /// Compiler-style text: `file:line:col: error: [SOP021] message`, then the source line
    /// with a caret under the column when the source is at hand, then the hint.
    public func rendered(sourceLines: [Substring]? = nil) -> String {
        var out = ""
        if let location { out += "\(location): " }
        out += "\(severity.rawValue): [\(code)] \(message)"
        if let location, let lines = sourceLines, location.line >= 1, location.line <= lines.count {
            let text = lines[location.line - 1]
            let shown = String(text.prefix(200)).replacingTabs()
            out += "\n  \(shown)\n  \(String(repeating: " ", count: max(0, min(location.column - 1, shown.count))))^"
        }
        if let hint { out += "\n  hint: \(hint)" }
        return out
    }
}

extension String {
    fileprivate func replacingTabs() -> String {
        String(map { $0 == "\t" ? " " : $0 })
    }
}

extension StringProtocol {
    /// The lines of a source text as libyaml counts them for positions: `\n`, `\r\n` and `\r`
    /// end a line, and so do NEL, LS and PS; vertical tab and form feed do not.
    public var sourceLines: [SubSequence] {
        split(omittingEmptySubsequences: false) {
            $0 == "\n" || $0 == "\r\n" || $0 == "\r" || $0 == "\u{85}" || $0 == "\u{2028}" || $0 == "\u{2029}"
        }
    }
}
