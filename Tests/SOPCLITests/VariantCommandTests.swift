import Foundation
import Testing
@testable import SOPCLI

/// `sop resolve`, `sop diff` and `sop new`.
@Suite struct VariantCommandTests {
    static let serdang = "sops/serdang-bedagai-pengaduan.yaml"
    static let batuBara = "sops/batu-bara-pengaduan.yaml"

    /// Runs in the repository folder, where the paths shown in outputs are relative.
    func run(_ args: String...) async -> CLIRun {
        let previous = FileManager.default.currentDirectoryPath
        FileManager.default.changeCurrentDirectoryPath(CLI.root.path)
        defer { FileManager.default.changeCurrentDirectoryPath(previous) }
        return await CLI.run(args)
    }

    @Test(arguments: ["yaml", "json"])
    func resolveGolden(format: String) async {
        let r = await run("resolve", Self.batuBara, "--format", format)
        #expect(r.status == 0, "\(r.err)")
        Golden.check(r.out, "resolve-batu-bara.\(format)")
    }

    @Test(arguments: ["text", "json"])
    func diffGolden(format: String) async {
        let r = await run("diff", Self.serdang, Self.batuBara, "--format", format)
        #expect(r.status == 0, "\(r.err)")
        Golden.check(r.out, "diff-serdang-batu-bara.\(format == "text" ? "txt" : format)")
    }

    @Test func aRevisionWithoutSubstanceSaysSo() async throws {
        let original = try String(contentsOfFile: CLI.path("sops/lamandau-pengaduan.yaml"), encoding: .utf8)
        let revised = original
            .replacingOccurrences(of: "# SOP Penanganan Pengaduan", with: "# SOP Penanganan Pengaduan (ditinjau ulang, tanpa perubahan)")
            .replacingOccurrences(of: "calendar: calendars/lamandau.yaml", with: "calendar: \(CLI.path("sops/calendars/lamandau.yaml"))")
            .replacingOccurrences(of: "reason: the document gives only the Tanggal Pengesahan", with: "reason: only the Tanggal Pengesahan is given")
        let file = CLI.temporaryFile("lamandau.yaml", revised)
        let r = await run("diff", "sops/lamandau-pengaduan.yaml", file)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("No change of substance"))
        let json = await run("diff", "sops/lamandau-pengaduan.yaml", file, "--format", "json")
        #expect(json.out.contains("\"substance\" : false"))
        // One retimed step is substance.
        let retimed = CLI.temporaryFile("lamandau.yaml", revised.replacingOccurrences(of: "time: {value: 30, unit: minutes}", with: "time: {value: 45, unit: minutes}"))
        let changed = await run("diff", "sops/lamandau-pengaduan.yaml", retimed)
        #expect(changed.out.contains("~ arsipkan-berkas retimed: 30 min → 45 min"))
        #expect(changed.out.contains("10 working days 2 h 40 min → 10 working days 2 h 55 min"))
        // A revision limit on a decision is substance too.
        let serdang = try String(contentsOfFile: CLI.path("sops/serdang-bedagai-pengaduan.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "calendar: calendars/serdang-bedagai.yaml", with: "calendar: \(CLI.path("sops/calendars/serdang-bedagai.yaml"))")
        let limited = CLI.temporaryFile("serdang.yaml", serdang.replacingOccurrences(
            of: "next: telaah-pengaduan, revision: true}", with: "next: telaah-pengaduan, revision: true, maxRounds: 2}"))
        let limit = await run("diff", "sops/serdang-bedagai-pengaduan.yaml", limited)
        #expect(limit.out.contains("~ periksa-draft leads elsewhere:"))
        #expect(limit.out.contains("(revision, at most 2)"))
    }

    @Test func newScaffoldsAVariantThatValidates() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sop-new-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let out = dir.appendingPathComponent("batu-bara.yaml").path
        let r = await run("new", "--from", Self.serdang, "--agency", "Kabupaten Batu Bara", "-o", out)
        #expect(r.status == 0, "\(r.err)")
        let text = try String(contentsOfFile: out, encoding: .utf8)
        #expect(text.hasPrefix("# yaml-language-server: $schema="))
        #expect(text.contains("id: batu-bara-penanganan-pengaduan"))
        #expect(text.contains("government: Pemerintah Kabupaten Batu Bara"))
        let validated = await run("validate", out)
        #expect(validated.status == 0, "\(validated.err)")
        let shown = await run("resolve", out, "--format", "json")
        #expect(shown.out.contains("\"regency\" : \"Kabupaten Batu Bara\""))
        // It never overwrites.
        let again = await run("new", "--from", Self.serdang, "--agency", "Kabupaten Batu Bara", "-o", out)
        #expect(again.status == 2 && again.err.contains("exists"))
        await #expect(run("new", "--from", Self.serdang, "--agency", "X", "--id", "Not Valid").status == 2)
    }

    @Test func newMarksWhatItCopiesAndTellsCityFromRegency() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sop-new-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let city = dir.appendingPathComponent("kota.yaml").path, regency = dir.appendingPathComponent("kab.yaml").path
        await #expect(run("new", "--from", Self.serdang, "--agency", "Kota Bogor", "-o", city).status == 0)
        let given = await run("new", "--from", Self.serdang, "--agency", "Kabupaten Bogor", "--office", "Dinas PMPTSP Kabupaten Bogor",
                              "--number", "SOP/01/DPMPTSP/2026", "--made", "2026-01-05", "--effective", "2026-02-02",
                              "--approver-title", "Kepala Dinas", "--approver-name", "Drs. Ahmad", "--approver-nip", "19700101 199503 1 001",
                              "--calendar", CLI.path("sops/calendars/serdang-bedagai.yaml"), "-o", regency)
        #expect(given.status == 0, "\(given.err)")
        let cityText = try String(contentsOfFile: city, encoding: .utf8), regencyText = try String(contentsOfFile: regency, encoding: .utf8)
        #expect(cityText.contains("id: kota-bogor-penanganan-pengaduan") && regencyText.contains("id: bogor-penanganan-pengaduan"))
        for file in [city, regency] {
            let r = await run("validate", file)
            #expect(r.status == 0, "\(r.err)")
        }
        // Copied values are marked assumed, and the base's signer is not carried over.
        let resolved = await run("resolve", city, "--format", "json").out
        #expect(!resolved.contains("Reza Firmansyah") && !resolved.contains("19810722 200604 1 002"))
        for key in ["identity.number", "identity.agency.office", "identity.approver.title", "identity.dates.effective", "calendar"] {
            #expect(cityText.contains("  \(key):\n    status: assumed"), "\(key) not marked")
            #expect(!regencyText.contains("  \(key):\n    status: assumed"), "\(key) given but marked")
        }
        let refused = await run("render", city, "--without-marks")
        #expect(refused.status == 1 && refused.err.contains("identity.number (assumed)"))
        let printed = await run("render", city).out
        #expect(printed.contains("diasumsikan: copied from the base SOP (Kabupaten Serdang Bedagai"))
        #expect(regencyText.contains("number: SOP/01/DPMPTSP/2026") && regencyText.contains("nip: 19700101 199503 1 001"))
        // Lint warns while the number is still the base's (SOP075), once, located in the base.
        let lint = await run("lint", city)
        let said = lint.out + lint.err
        #expect(said.components(separatedBy: "[SOP075]").count - 1 == 1 && said.contains("the Nomor SOP 'SOP/XVI.C.08/DPMPTSP/2023' is its base's"), "\(said)")
        for other in [regency, Self.batuBara] {
            let r = await run("lint", other)
            #expect(!(r.out + r.err).contains("SOP075"))
        }
        await #expect(run("new", "--from", Self.serdang, "--agency", "X", "--approver-nip", "123").status == 2)
        await #expect(run("new", "--from", Self.serdang, "--agency", "X", "--made", "5 Jan").status == 2)
    }

    @Test func resolvedElsewhereStillFindsItsCalendar() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sop-resolve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let out = dir.appendingPathComponent("bb.yaml").path
        await #expect(run("resolve", Self.batuBara, "-o", out).status == 0)
        let validated = await run("validate", out)
        #expect(validated.status == 0, "\(validated.err)")
    }

    @Test func resolveReportsProblemsWithTheBaseLine() async {
        let file = CLI.temporaryFile("v.yaml", "format: sop/v1\nextends: \(CLI.path(Self.serdang))\nid: v\nchanges:\n  - set: catat-pengaduan\n    actor: humas\n")
        let r = await run("resolve", file)
        #expect(r.status == 1)
        #expect(r.err.contains("v.yaml:6:12: error: [SOP021]"))
        #expect(r.err.contains("    actor: humas"))
    }
}

extension VariantCommandTests {
    @Test func lintReportsAdviceWithoutFailing() async {
        let r = await run("lint", "sops/lamandau-pengaduan.yaml", "sops/serdang-bedagai-pengaduan.yaml")
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("linted 2 SOPs: 0 errors, 4 findings"), "\(r.out)")
        #expect(r.err.contains("sops/serdang-bedagai-pengaduan.yaml:148:11: warning: [SOP072]"))
        await #expect(run("lint", "sops/serdang-bedagai-pengaduan.yaml", "--strict").status == 1)
        let variant = await run("lint", "sops/batu-bara-pengaduan.yaml")
        #expect(variant.err.contains("(inherited by sops/batu-bara-pengaduan.yaml)"))
        #expect(!variant.err.contains("SOP072"))
    }

    /// A base's finding is the base's: linted with its variant, it is reported once, at the base's line.
    @Test func lintReportsABasesFindingOnceNotOncePerVariant() async throws {
        let second = CLI.temporaryFile("deli-serdang.yaml", try String(contentsOfFile: CLI.path("sops/batu-bara-pengaduan.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "extends: serdang-bedagai-pengaduan.yaml", with: "extends: \(CLI.path(Self.serdang))")
            .replacingOccurrences(of: "calendar: calendars/batu-bara.yaml", with: "calendar: \(CLI.path("sops/calendars/batu-bara.yaml"))")
            .replacingOccurrences(of: "id: batu-bara-pengaduan", with: "id: deli-serdang-pengaduan"))
        let all = await run("lint", "sops/", second)
        let lines = all.err.split(separator: "\n").filter { $0.contains(": warning: [") }
        #expect(Set(lines).count == lines.count, "\(lines.joined(separator: "\n"))")
        let loops = lines.filter { $0.contains("[SOP073]") }
        #expect(loops.count == 2 && loops.allSatisfy { $0.hasPrefix("sops/serdang-bedagai-pengaduan.yaml:") && !$0.contains("inherited") },
                "\(loops)")
        // Without their base, two variants share one report of the base's finding.
        let variants = await run("lint", "sops/batu-bara-pengaduan.yaml", second)
        let inherited = variants.err.split(separator: "\n").filter { $0.contains("[SOP073]") }
        #expect(inherited.count == 2, "\(variants.err)")
        #expect(inherited.allSatisfy { $0.contains("(inherited by sops/batu-bara-pengaduan.yaml, \(second))") }, "\(inherited)")
    }
}

extension VariantCommandTests {
    /// The variant of the IMB SOP that docs/sop-format.md shows, through `resolve`, `validate` and `diff`.
    @Test func theDocumentedIMBVariantResolvesValidatesAndDiffs() async throws {
        let page = try String(contentsOfFile: CLI.path("docs/sop-format.md"), encoding: .utf8)
        let block = try #require(page.components(separatedBy: "```yaml\n").first { $0.contains("extends: dpmptsp-imb-jatim.yaml") })
        let variant = try #require(block.components(separatedBy: "```").first)
            .replacingOccurrences(of: "extends: dpmptsp-imb-jatim.yaml", with: "extends: \(CLI.path("sops/dpmptsp-imb-jatim.yaml"))")
        let file = CLI.temporaryFile("imb-contoh.yaml", variant)
        let resolved = await run("resolve", file)
        #expect(resolved.status == 0, "\(resolved.err)")
        #expect(resolved.out.contains("next: [peninjauan-lokasi, hitung-retribusi, cek-pbb]") || resolved.out.contains("- cek-pbb"), "\(resolved.out)")
        let flat = CLI.temporaryFile("imb-contoh-resolved.yaml", resolved.out)
        let validated = await run("validate", flat)
        #expect(validated.status == 0, "\(validated.out)\(validated.err)")
        let diff = await run("diff", "sops/dpmptsp-imb-jatim.yaml", file)
        #expect(diff.status == 0, "\(diff.err)")
        #expect(diff.out.contains("~ evaluasi-rencana.branch set: cek-pbb"), "\(diff.out)")
        #expect(diff.out.contains("~ tandatangani-sk reassigned: Kepala Dinas → Kepala Dinas or Kepala Bidang Perizinan"), "\(diff.out)")
        #expect(diff.out.contains("~ tandatangani-sk.timer set: remind after 4 h (written \"4 jam\")"), "\(diff.out)")
        #expect(diff.out.contains("~ timeDefaults.dayMinutes changed: 450 → 420"), "\(diff.out)")
        // The base's calendar, found from the variant's folder, is the same calendar.
        #expect(!diff.out.contains("~ calendar"), "\(diff.out)")
    }
}
