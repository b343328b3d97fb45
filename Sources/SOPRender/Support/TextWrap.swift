/// Greedy word wrap by character count, shared by the printed document and the terminal
/// tables: explicit line breaks are kept, overlong words are cut.
public enum TextWrap {
    public static func lines(_ text: String, width: Int) -> [String] {
        var result: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var current = ""
            for word in paragraph.split(separator: " ") {
                var word = Substring(word)
                while word.count > width {
                    if !current.isEmpty { result.append(current); current = "" }
                    result.append(String(word.prefix(width)))
                    word = word.dropFirst(width)
                }
                if current.isEmpty { current = String(word) }
                else if current.count + 1 + word.count <= width { current += " " + word }
                else { result.append(current); current = String(word) }
            }
            result.append(current)
        }
        return result.isEmpty ? [""] : result
    }
}
