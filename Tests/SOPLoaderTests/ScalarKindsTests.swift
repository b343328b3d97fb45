import Testing
@testable import SOPLoader

/// Plain scalars read as check-jsonschema's reader (ruamel.yaml in YAML 1.2 mode) reads them,
/// so the loader and the schema agree on what is a number: `.ci/check_scalar_kinds.py` runs the
/// same table through ruamel.yaml.
@Suite struct ScalarKindsTests {
    @Test(arguments: [
        ("", YAMLValue.ScalarKind.null), ("~", .null), ("null", .null), ("NULL", .null),
        ("true", .bool), ("False", .bool), ("yes", .string), ("on", .string), ("off", .string), ("no", .string),
        ("5", .int), ("-12", .int), ("+3", .int), ("007", .int), ("0x1F", .int), ("1_000", .int),
        ("1_000_000", .int), ("0o17", .int), ("0b101", .int), ("-0x10", .int), ("1__0", .int), ("10_", .int), ("_1", .string),
        ("0x", .string), ("0xG", .string), ("0b2", .string), ("99999999999999999999", .int),
        ("1_0.5", .float), (".5e3", .string), (".5e+3", .float), ("1e3_0", .string), ("+.nan", .string),
        ("5.0", .float), ("1.5", .float), (".5", .float), ("1e3", .float), ("-2.5E-3", .float), ("1.", .float),
        (".inf", .float), ("-.Inf", .float), (".nan", .float), (".", .string), ("e3", .string), ("1e", .string),
        ("07:30", .string), ("2023-03-09", .string), ("12 30", .string), ("-", .string), ("5 Menit", .string),
    ])
    func classifies(_ text: String, _ kind: YAMLValue.ScalarKind) {
        #expect(ScalarKinds.classify(text) == kind)
    }
}
