import Foundation
import SOPCore
import Testing
@testable import SOPLoader

/// Identity fields real SOP-AP documents carry beyond the standard cover page: the revision
/// number, the document's status, several sign-offs (made, checked, approved by, each with
/// name, NIP and date) and the document's own column titles.
@Suite struct IdentityFieldsTests {
    static let seed = try! String(contentsOf: Repository.root.appendingPathComponent("sops/serdang-bedagai-pengaduan.yaml"), encoding: .utf8)

    /// The Serdang Bedagai SOP with `lines` added to its identity, before its number.
    static func withIdentity(_ lines: String) -> String {
        seed.replacingOccurrences(of: "  number: SOP/XVI.C.08/DPMPTSP/2023\n", with: lines + "  number: SOP/XVI.C.08/DPMPTSP/2023\n")
    }

    static let full = withIdentity("""
          revision: "03"
          status: Disahkan
          signOffs:
            - {label: Dibuat oleh, title: Kepala Seksi Pengaduan, name: "Siti Aminah, S.Sos.", nip: "19850312 201001 2 011", date: 2023-02-01}
            - {label: Diperiksa oleh, title: Kepala Bidang Pelayanan, name: Budi Santoso}
          columns: {activity: Uraian Prosedur, note: Keterangan}

        """)

    @Test func theFieldsAreReadAndKeptOutOfTheHashWhenUnused() throws {
        let result = SOPLoader.load(text: Self.full, file: "x.yaml")
        let sop = try #require(result.validDefinition, "\(result.diagnostics)")
        let i = sop.identity
        #expect(i.revision == "03" && i.status == "Disahkan")
        #expect(i.signOffs.map(\.label) == ["Dibuat oleh", "Diperiksa oleh"])
        #expect(i.signOffs[0].nip == "19850312 201001 2 011" && i.signOffs[0].date == CivilDate(year: 2023, month: 2, day: 1))
        #expect(i.signOffs[1].name == "Budi Santoso" && i.signOffs[1].nip == nil)
        #expect(i.columns?.activity == "Uraian Prosedur" && i.columns?.time == nil)
        // Round trip through the stored JSON; an SOP without them encodes no trace of them.
        let data = try JSONEncoder().encode(sop)
        #expect(try JSONDecoder().decode(SOPDefinition.self, from: data) == sop)
        let plain = try #require(SOPLoader.load(text: Self.seed, file: "x.yaml").validDefinition)
        let json = String(decoding: try JSONEncoder().encode(plain.identity), as: UTF8.self)
        #expect(!json.contains("signOffs") && !json.contains("revision") && !json.contains("columns"))
    }

    @Test func everyMistakeInThemIsLocatedInOneRun() throws {
        let text = Self.withIdentity("""
          revision: ""
          signOffs:
            - {label: Dibuat oleh, title: Kepala Seksi, nip: "1985"}
            - {title: Kepala Bidang, sigend: yes}
          columns: {activty: Uraian Prosedur}

        """)
        let result = SOPLoader.load(text: text, file: "x.yaml")
        #expect(result.validDefinition == nil)
        let errors = result.diagnostics.filter { $0.severity == .error }
        let lines = Set(errors.compactMap { $0.location?.line })
        // The empty revision (line 15), the short NIP (17), the missing label and unknown key (18), the misspelt column (19).
        #expect(lines.isSuperset(of: [15, 17, 18, 19]), "\(errors.map { "\($0.location?.line ?? 0): \($0.message)" })")
        #expect(errors.contains { $0.message.contains("NIP '1985'") })
        #expect(errors.contains { $0.hint?.contains("activity") == true }, "a did-you-mean for the misspelt column")
    }
}

extension IdentityFieldsTests {
    @Test func aDocumentNotYetNumberedIsAllowedAndNothingIsInvented() throws {
        for replacement in ["", "  number: null\n"] {
            let text = Self.seed.replacingOccurrences(of: "  number: SOP/XVI.C.08/DPMPTSP/2023\n", with: replacement)
            let result = SOPLoader.load(text: text, file: "x.yaml")
            let sop = try #require(result.validDefinition, "\(result.diagnostics)")
            #expect(sop.identity.number.isEmpty)
        }
        // A number that is there must still be text.
        let bad = Self.seed.replacingOccurrences(of: "  number: SOP/XVI.C.08/DPMPTSP/2023\n", with: "  number: [1, 2]\n")
        #expect(SOPLoader.load(text: bad, file: "x.yaml").diagnostics.contains { $0.severity == .error && $0.location?.line == 15 })
    }
}
