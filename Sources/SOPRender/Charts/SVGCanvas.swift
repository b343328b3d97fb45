/// A small SVG builder: integer coordinates, escaped text, elements in the order drawn, so
/// the same chart is the same bytes every time.
public struct SVGCanvas {
    public let width: Int
    public let height: Int
    private var body = ""

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    public mutating func rect(x: Int, y: Int, width: Int, height: Int, fill: String, stroke: String? = nil,
                              title: String? = nil, cssClass: String? = nil) {
        let s = stroke.map { " stroke=\"\($0)\"" } ?? ""
        let c = cssClass.map { " class=\"\($0)\"" } ?? ""
        if let title {
            body += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(max(0, width))\" height=\"\(max(0, height))\" fill=\"\(fill)\"\(s)\(c)><title>\(Self.escape(title))</title></rect>\n"
        } else {
            body += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(max(0, width))\" height=\"\(max(0, height))\" fill=\"\(fill)\"\(s)\(c)/>\n"
        }
    }

    public mutating func line(x1: Int, y1: Int, x2: Int, y2: Int, stroke: String, dash: Bool = false) {
        body += "<line x1=\"\(x1)\" y1=\"\(y1)\" x2=\"\(x2)\" y2=\"\(y2)\" stroke=\"\(stroke)\"\(dash ? " stroke-dasharray=\"4 3\"" : "")/>\n"
    }

    /// Markup added as it is (shapes the helpers do not cover); the caller escapes any text in it.
    public mutating func raw(_ markup: String) { body += markup }

    public enum Anchor: String { case start, middle, end }

    public mutating func text(_ text: String, x: Int, y: Int, size: Int = 12, anchor: Anchor = .start, weight: String? = nil,
                              fill: String = "#222") {
        let w = weight.map { " font-weight=\"\($0)\"" } ?? ""
        body += "<text x=\"\(x)\" y=\"\(y)\" font-size=\"\(size)\" text-anchor=\"\(anchor.rawValue)\" fill=\"\(fill)\"\(w)>\(Self.escape(text))</text>\n"
    }

    /// The finished document, with a title for screen readers and the browser tab.
    public func document(title: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" viewBox="0 0 \(width) \(height)" \
        font-family="DejaVu Sans, Arial, sans-serif" role="img">
        <title>\(Self.escape(title))</title>
        <rect x="0" y="0" width="\(width)" height="\(height)" fill="#ffffff"/>
        \(body)</svg>

        """
    }

    static func escape(_ s: String) -> String { ByteWriter.string { $0.writeXML(s) } }
}

/// Colours per step purpose, shared by every chart so a purpose looks the same everywhere.
enum Palette {
    static func purpose(_ p: SOPCore.Step.Purpose) -> String {
        switch p {
        case .receive: "#4e79a7"
        case .record: "#76b7b2"
        case .examine: "#f28e2b"
        case .meet: "#e15759"
        case .review: "#edc948"
        case .approve: "#b07aa1"
        case .reply: "#59a14f"
        case .archive: "#9c755f"
        }
    }
}

import SOPCore
