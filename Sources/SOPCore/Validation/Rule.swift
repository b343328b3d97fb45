/// A check the engine performs, described well enough to document and test itself.
///
/// Every ``Diagnostic`` code is a rule's ``code``. The catalogue (``Rule/all``) feeds
/// `sop rules`, the generated `docs/rules.md`, and a test that runs each rule's bad
/// example (it must report the code) and good example (it must not).
public struct Rule: Sendable, Hashable, Identifiable {
    /// Stable code, `SOP` and three digits. Never reused for another meaning.
    public let code: String
    /// Short kebab-case name, e.g. `undeclared-role`.
    public let name: String
    public let severity: Severity
    /// One line: what the rule reports.
    public let summary: String
    /// Why it matters to someone running cases.
    public let rationale: String
    /// True when the JSON Schema in `schemas/sop.schema.json` rejects the same fault, so
    /// editors catch it while typing and CI can check that the two agree.
    public let schemaEnforced: Bool
    public let bad: RuleExample?
    public let good: RuleExample?

    public var id: String { code }

    public init(_ code: String, _ name: String, _ severity: Severity = .error,
                summary: String, rationale: String, schemaEnforced: Bool = false,
                bad: RuleExample? = nil, good: RuleExample? = nil) {
        self.code = code
        self.name = name
        self.severity = severity
        self.summary = summary
        self.rationale = rationale
        self.schemaEnforced = schemaEnforced
        self.bad = bad
        self.good = good
    }

    public static func == (a: Rule, b: Rule) -> Bool { a.code == b.code }
    public func hash(into h: inout Hasher) { h.combine(code) }
}

/// An example for a rule: the minimal valid SOP (``RuleExample/base``) with one edit.
public struct RuleExample: Sendable, Hashable {
    /// The text replaced in ``base`` (empty: the whole file is ``replacement``).
    public let original: String
    public let replacement: String

    public init(replacing original: String, with replacement: String) {
        self.original = original
        self.replacement = replacement
    }

    /// A whole file, for faults of the file itself (empty, tabs, ...).
    public init(file: String) {
        self.original = ""
        self.replacement = file
    }

    /// The complete YAML file of the example.
    public var yaml: String {
        if original.isEmpty { return replacement }
        precondition(RuleExample.base.contains(original), "example edit does not apply: \(original)")
        return RuleExample.base.replacingFirst(original, with: replacement)
    }

    /// The smallest valid SOP file: three steps, two lanes, two documents.
    public static let base = """
    format: sop/v1
    id: contoh-pengaduan
    identity:
      agency: {regency: Kabupaten Contoh, office: DPMPTSP}
      number: SOP/001/2026
      name: Penanganan Pengaduan
      dates: {made: 2026-01-05, effective: 2026-01-10}
      approver: {title: Kepala Dinas}
    roles:
      - {id: pengadu, title: Masyarakat / Pengadu}
      - {id: petugas, title: Petugas Pengaduan}
    documents:
      - {id: form-pengaduan, name: Form Pengaduan, origin: case-opening}
      - {id: surat-balasan, name: Surat Balasan}
    steps:
      - no: 1
        id: ajukan
        kind: start
        actor: pengadu
        activity: Menyampaikan pengaduan
        inputs: [form-pengaduan]
        time: {value: 5, unit: minutes}
        next: balas
      - no: 2
        id: balas
        kind: task
        actor: petugas
        activity: Menyusun dan mengirim surat balasan
        inputs: [form-pengaduan]
        outputs: [surat-balasan]
        time: {value: 5, unit: working-days}
        next: terima
      - no: 3
        id: terima
        kind: end
        actor: pengadu
        activity: Menerima surat balasan
        inputs: [surat-balasan]
        time: {value: 5, unit: minutes}

    """
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        replacing(target, with: replacement, maxReplacements: 1)
    }
}
