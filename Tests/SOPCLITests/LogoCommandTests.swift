import Foundation
import Testing

/// The logo through the commands: `render` embeds it, `show` names it, `diff` reports its
/// change, `sop new` never carries another government's emblem over and checks `--logo`.
@Suite struct LogoCommandTests {
    /// A 1×1 PNG.
    static let png = Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")!

    /// The Serdang Bedagai SOP with `logo: lambang.png` beside it, and its calendars; the file's path.
    static func withLogo() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("logo-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: CLI.root.appendingPathComponent("sops/calendars"), to: dir.appendingPathComponent("calendars"))
        let seed = try String(contentsOfFile: CLI.path("sops/serdang-bedagai-pengaduan.yaml"), encoding: .utf8)
        let text = seed.replacingOccurrences(of: "  number: SOP/XVI.C.08/DPMPTSP/2023\n", with: "  logo: lambang.png\n  number: SOP/XVI.C.08/DPMPTSP/2023\n")
        try text.write(to: dir.appendingPathComponent("sop.yaml"), atomically: true, encoding: .utf8)
        try png.write(to: dir.appendingPathComponent("lambang.png"))
        return dir.appendingPathComponent("sop.yaml").path
    }

    @Test func renderEmbedsItShowNamesItDiffReportsIt() async throws {
        let file = try Self.withLogo()
        let html = await CLI.run("render", file)
        #expect(html.status == 0, "\(html.err)")
        #expect(html.out.contains("src=\"data:image/png;base64,\(Self.png.base64EncodedString())\""))
        await #expect(CLI.run("show", file).out.contains("lambang.png"))
        let diff = await CLI.run("diff", CLI.path("sops/serdang-bedagai-pengaduan.yaml"), file)
        #expect(diff.out.contains("identity.logo") && diff.out.contains("lambang.png"), "\(diff.out)")
        // The image gone after validation: render says so, and writes nothing.
        try FileManager.default.removeItem(atPath: (file as NSString).deletingLastPathComponent + "/lambang.png")
        let gone = await CLI.run("render", file)
        #expect(gone.status != 0 && gone.err.contains("SOP038") && gone.err.contains("lambang.png") && gone.out.isEmpty, "\(gone.err)")
    }

    @Test func sopNewDropsTheBasesEmblemAndChecksItsOwn() async throws {
        let base = try Self.withLogo()
        let dir = (base as NSString).deletingLastPathComponent
        let out = dir + "/kota-uji.yaml"
        let run = await CLI.run("new", "--from", base, "--agency", "Kota Uji", "-o", out)
        #expect(run.status == 0, "\(run.err)")
        #expect(try String(contentsOfFile: out, encoding: .utf8).contains("  logo: null"))
        await #expect(CLI.run("show", out).out.contains("lambang.png") == false)
        let missing = await CLI.run("new", "--from", base, "--agency", "Kota Lain", "--logo", "lambang-kota.png", "-o", dir + "/kota-lain.yaml")
        #expect(missing.status == 2 && missing.err.contains("--logo 'lambang-kota.png'") && missing.err.contains("does not exist"), "\(missing.err)")
        let own = await CLI.run("new", "--from", base, "--agency", "Kota Lain", "--logo", "lambang.png", "-o", dir + "/kota-lain.yaml")
        #expect(own.status == 0, "\(own.err)")
        await #expect(CLI.run("validate", dir + "/kota-lain.yaml").status == 0)
        await #expect(CLI.run("show", dir + "/kota-lain.yaml").out.contains("lambang.png"))
    }
}
