import SOPCore
import Testing

/// A logo is told by its content: PNG and JPEG by their signatures, SVG by its first element;
/// anything else, an empty file or one too large, is refused with why.
@Suite struct LogoImageTests {
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]

    @Test func imagesAreToldByTheirContent() {
        #expect(LogoImage(checking: Self.png)?.mediaType == "image/png")
        #expect(LogoImage(checking: [0xFF, 0xD8, 0xFF, 0xE0, 0, 16])?.mediaType == "image/jpeg")
        let svg = "\u{FEFF}<?xml version=\"1.0\"?>\n<!-- Lambang -->\n<!DOCTYPE svg>\n  <svg xmlns=\"http://www.w3.org/2000/svg\"/>"
        #expect(LogoImage(checking: Array(svg.utf8))?.mediaType == "image/svg+xml")
    }

    @Test func otherFilesAreRefusedWithWhy() {
        #expect(LogoImage.problem([]) == "the file is empty")
        #expect(LogoImage.problem(Array("not an image".utf8))?.contains("not a PNG, JPEG or SVG") == true)
        #expect(LogoImage.problem(Array("<html><svg/></html>".utf8)) != nil, "an HTML page is not an SVG")
        #expect(LogoImage.problem(Array("<!-- never closed <svg/>".utf8)) != nil)
        #expect(LogoImage.problem(Array(Self.png.prefix(7))) != nil, "a cut signature")
        let huge = Self.png + [UInt8](repeating: 0, count: LogoImage.maxBytes)
        #expect(LogoImage.problem(huge)?.contains("larger than the 2 MiB") == true)
        #expect(LogoImage(checking: huge) == nil)
    }
}
