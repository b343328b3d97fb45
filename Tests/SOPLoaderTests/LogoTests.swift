import Foundation
import SOPCore
import Testing
@testable import SOPLoader

/// `identity.logo`: the emblem printed on the cover page, a file beside the SOP that
/// `sop validate` reads (SOP038, located at the key, when it is missing or no image); a variant
/// inherits it or removes it with null; an SOP without one keeps its content hash.
@Suite struct LogoTests {
    /// A 1×1 PNG.
    static let png = Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")!

    /// A folder with the Serdang Bedagai SOP (its identity naming `logo`) and its calendars.
    static func folder(logo: String?, files: [String: Data] = [:]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("logo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Repository.root.appendingPathComponent("sops/calendars"), to: dir.appendingPathComponent("calendars"))
        var text = IdentityFieldsTests.seed
        if let logo { text = IdentityFieldsTests.withIdentity("  logo: \(logo)\n") }
        try text.write(to: dir.appendingPathComponent("sop.yaml"), atomically: true, encoding: .utf8)
        for (name, data) in files { try data.write(to: dir.appendingPathComponent(name)) }
        return dir
    }

    static let line = IdentityFieldsTests.seed.components(separatedBy: "\n").firstIndex { $0 == "  number: SOP/XVI.C.08/DPMPTSP/2023" }! + 1

    @Test func aLogoBesideTheSOPIsReadAndItsKindTold() throws {
        let dir = try Self.folder(logo: "lambang.png", files: ["lambang.png": Self.png])
        let path = dir.appendingPathComponent("sop.yaml").path
        let result = SOPLoader.load(path: path)
        let sop = try #require(result.validDefinition, "\(result.diagnostics)")
        #expect(sop.identity.logo == "lambang.png")
        let image = try #require(try SOPLoader.logo(for: sop, sopPath: path))
        #expect(image.mediaType == "image/png" && image.bytes == [UInt8](Self.png))
        // Without one, nothing of it is in the stored JSON (running cases keep their hash).
        let plain = try #require(SOPLoader.load(path: try Self.folder(logo: nil).appendingPathComponent("sop.yaml").path).validDefinition)
        #expect(plain.identity.logo == nil && plain.contentHash != sop.contentHash)
        #expect(try SOPLoader.logo(for: plain, sopPath: path) == nil)
        #expect(!String(decoding: try JSONEncoder().encode(plain.identity), as: UTF8.self).contains("logo"))
    }

    @Test func aMissingOrFalseLogoIsLocatedAtItsKey() throws {
        for (logo, files, why) in [("lambang.png", [String: Data](), "does not exist"),
                                   ("lambang.png", ["lambang.png": Data("GIF89a".utf8)], "not a PNG, JPEG or SVG"),
                                   ("kosong.svg", ["kosong.svg": Data()], "empty"),
                                   ("calendars", [:], "folder")] {
            let dir = try Self.folder(logo: logo, files: files)
            let result = SOPLoader.load(path: dir.appendingPathComponent("sop.yaml").path, displayPath: "sop.yaml")
            #expect(result.validDefinition == nil)
            let found = result.diagnostics.filter { $0.code == "SOP038" }
            #expect(found.count == 1 && found.first?.message.contains(why) == true, "\(result.diagnostics.map(\.message))")
            #expect(found.first?.location?.file == "sop.yaml" && found.first?.location?.line == Self.line && found.first?.location?.column == 9)
            #expect(found.first?.severity == .error)
        }
    }

    @Test func aVariantInheritsTheLogoOrRemovesIt() throws {
        let dir = try Self.folder(logo: "lambang.png", files: ["lambang.png": Self.png])
        func variant(_ identity: String) throws -> SOPLoader.Result {
            let text = "format: sop/v1\nextends: sop.yaml\nid: varian-uji\n\(identity)"
            let file = dir.appendingPathComponent("varian-\(UUID().uuidString).yaml")
            try text.write(to: file, atomically: true, encoding: .utf8)
            return SOPLoader.load(path: file.path)
        }
        #expect(try variant("").validDefinition?.identity.logo == "lambang.png")
        #expect(try variant("identity:\n  logo: null\n").validDefinition.map { $0.identity.logo == nil } == true)
        let other = try variant("identity:\n  logo: lain.png\n")
        #expect(other.diagnostics.contains { $0.code == "SOP038" && $0.location?.line == 5 })
    }
}
