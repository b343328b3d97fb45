import Testing
@testable import SOPLoader

/// Plain scalars read as the YAML 1.2 core schema says (what check-jsonschema's reader does).
@Suite struct ScalarKindsTests {
    @Test(arguments: [
        ("", YAMLValue.ScalarKind.null), ("~", .null), ("null", .null), ("NULL", .null),
        ("true", .bool), ("False", .bool), ("yes", .string), ("on", .string), ("off", .string), ("no", .string),
        ("5", .int), ("-12", .int), ("+3", .int), ("007", .int), ("0x1F", .string), ("1_000", .string),
        ("5.0", .float), ("1.5", .float), (".5", .float), ("1e3", .float), ("-2.5E-3", .float), ("1.", .float),
        (".inf", .float), ("-.Inf", .float), (".nan", .float), (".", .string), ("e3", .string), ("1e", .string),
        ("07:30", .string), ("2023-03-09", .string), ("12 30", .string), ("-", .string), ("5 Menit", .string),
    ])
    func classifies(_ text: String, _ kind: YAMLValue.ScalarKind) {
        #expect(ScalarKinds.classify(text) == kind)
    }
}
