import Foundation
import SOPCore
import Testing
@testable import SOPCLI

@Suite struct ValidateCommandTests {
    @Test func shippedFilesPass() async {
        let r = await CLI.run("validate", CLI.path("sops"))
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("checked 9 files: 0 errors, 0 warnings"))
    }

    @Test func errorsExitWithOneAndPrintCompilerStyle() async {
        let file = CLI.temporaryFile("bad.yaml", RuleExample.base.replacingOccurrences(of: "    actor: petugas", with: "    actor: humas"))
        let r = await CLI.run("validate", file)
        #expect(r.status == 1)
        #expect(r.err.contains("\(file):27:12: error: [SOP021] step 'balas' names undeclared role 'humas'"))
        #expect(r.err.contains("    actor: humas\n             ^"))
        #expect(r.err.contains("hint:"))
        #expect(r.err.contains("1 error"))
    }

    @Test func warningsAloneDoNotFailUnlessStrict() async {
        let text = RuleExample.base.replacingOccurrences(of: "  - {id: petugas, title: Petugas Pengaduan}\n",
                                                         with: "  - {id: petugas, title: Petugas Pengaduan}\n  - {id: kadis, title: Kepala Dinas}\n")
        let file = CLI.temporaryFile("warn.yaml", text)
        await #expect(CLI.run("validate", file).status == 0)
        await #expect(CLI.run("validate", "--strict", file).status == 1)
    }

    @Test func jsonOutputCarriesEveryField() async throws {
        let file = CLI.temporaryFile("bad.yaml", RuleExample.base.replacingOccurrences(of: "    next: terima", with: "    next: terima-balasan"))
        let r = await CLI.run("validate", "--format", "json", file)
        #expect(r.status == 1)
        struct Output: Decodable {
            struct File: Decodable { var file: String; var kind: String?; var diagnostics: [Diagnostic] }
            var files: [File]
            var errors: Int
        }
        let output = try JSONDecoder().decode(Output.self, from: Data(r.out.utf8))
        #expect(output.errors == 1)
        let d = try #require(output.files.first?.diagnostics.first)
        #expect(d.code == "SOP023")
        #expect(d.severity == .error)
        #expect(d.location == SourceLocation(file: file, line: 32, column: 11))
        #expect(d.hint == "did you mean 'terima'?")
    }

    @Test func usageErrorsExitWithTwo() async {
        await #expect(CLI.run("validate", "--format", "xml").status == 2)
        await #expect(CLI.run("frobnicate").status == 2)
        await #expect(CLI.run("show").status == 2)
    }

    @Test func missingPathIsAnErrorNotACrash() async {
        let r = await CLI.run("validate", "/nonexistent/folder")
        #expect(r.status == 1)
        #expect(r.err.contains("[SOP007]"))
    }
}
