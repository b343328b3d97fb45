extension StandardTime {
    /// The Waktu cell as an SOP-AP document prints it: the text as written when the file gave
    /// one ("½ hari", "2 minggu"), else the value in Indonesian ("5 Hari Kerja"), a range as
    /// "1-3 Hari Kerja".
    public var printed: String {
        if let written, !written.isEmpty { return written }
        let amount = minimum.map { "\($0)-\(value)" } ?? "\(value)"
        return "\(amount) \(unit.indonesian)"
    }
}

extension Optional where Wrapped == StandardTime {
    /// ``StandardTime/printed``, or "—" for a step without a standard time.
    public var printed: String { self?.printed ?? "—" }
}
