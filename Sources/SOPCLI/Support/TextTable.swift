import SOPRender

/// A plain-text table with word-wrapped cells, for terminal output.
struct TextTable {
    struct Column {
        var title: String
        var width: Int
    }

    var columns: [Column]
    var rows: [[String]] = []

    init(_ columns: [(String, Int)]) {
        self.columns = columns.map { Column(title: $0.0, width: $0.1) }
    }

    mutating func add(_ cells: [String]) { rows.append(cells) }

    /// No word is broken: a column grows to its longest word (an id, "(diasumsikan)"), up to
    /// ``maximumWordWidth``; only a longer word is cut.
    static let maximumWordWidth = 40

    func render() -> String {
        var table = self
        for (k, column) in columns.enumerated() {
            let longest = rows.compactMap { k < $0.count ? $0[k] : nil }
                .flatMap { $0.split(whereSeparator: \.isWhitespace) }.map(\.count).max() ?? 0
            table.columns[k].width = max(column.width, min(longest, Self.maximumWordWidth))
        }
        return table.laidOut()
    }

    private func laidOut() -> String {
        var lines: [String] = []
        lines.append(line(columns.map(\.title)))
        lines.append(columns.map { String(repeating: "-", count: $0.width) }.joined(separator: "  "))
        for row in rows {
            let wrapped = zip(row, columns).map { TextTable.wrap($0, width: $1.width) }
            let height = wrapped.map(\.count).max() ?? 1
            for i in 0..<height {
                lines.append(line(wrapped.map { i < $0.count ? $0[i] : "" }))
            }
        }
        return lines.joined(separator: "\n")
    }

    private func line(_ cells: [String]) -> String {
        var out = ""
        for (i, (cell, column)) in zip(cells, columns).enumerated() {
            out += cell
            if i < columns.count - 1 { out += String(repeating: " ", count: max(0, column.width - cell.count) + 2) }
        }
        return String(out.reversed().drop(while: { $0 == " " }).reversed())
    }

    static func wrap(_ text: String, width: Int) -> [String] { TextWrap.lines(text, width: width) }
}
