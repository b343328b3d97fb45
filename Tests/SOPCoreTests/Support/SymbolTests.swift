import Foundation
import Testing
@testable import SOPCore

/// Interned ids: equal exactly when their texts are, stored and exchanged as text, and never
/// made from text that is only looked up.
@Suite struct SymbolTests {
    @Test func equalTextsAreOneSymbolAndOthersAreNot() {
        let a = Symbol("telaah-pengaduan"), b = Symbol(String("telaah-" + "pengaduan"))
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(a != Symbol("telaah-pengaduan-2"))
        for text in ["", "a", "surat-jawaban", "pemeriksaan-lapangan-oleh-tim-teknis", "berkas-ñ-é", "日本"] {
            #expect(Symbol(text).text == text)
            #expect(Symbol(text).description == text)
        }
    }

    @Test func lookingUpTextNeverInternsIt() {
        let stranger = "never-interned-\(UUID().uuidString)"
        #expect(Symbol(existing: stranger) == nil)
        #expect(Symbol(existing: stranger) == nil)
        let made = Symbol(stranger)
        #expect(Symbol(existing: stranger) == made)
    }

    @Test func sortedByText() {
        let texts = ["surat-jawaban", "berita-acara", "spt", "draft-surat-balasan", "a", "b-"]
        #expect(texts.map { Symbol($0) }.sorted().map(\.text) == texts.sorted())
        #expect(!(Symbol("spt") < Symbol("spt")))
    }

    @Test func storedAsTheirTextSoEventsReadAsBefore() throws {
        let event = CaseEvent.StepActivated(step: "telaah-pengaduan", due: nil, round: 2)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(event), as: UTF8.self)
        #expect(json == #"{"round":2,"step":"telaah-pengaduan"}"#)
        #expect(try JSONDecoder().decode(CaseEvent.StepActivated.self, from: Data(json.utf8)) == event)

        let attachment = DocumentAttachment(document: "spt", sha256: "ab", name: "spt.pdf", mediaType: "application/pdf", size: 3)
        let object = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(attachment)) as! [String: Any]
        #expect(object["document"] as? String == "spt")
        #expect(Set(object.keys) == ["document", "sha256", "name", "mediaType", "size"])

        let opening = CaseEvent.DocumentAttached(step: nil, attachment: attachment)
        #expect(try JSONDecoder().decode(CaseEvent.DocumentAttached.self, from: try JSONEncoder().encode(opening)) == opening)
    }

    @Test func theTextAccessorsWriteThroughTheSymbol() {
        var completed = CaseEvent.StepCompleted(step: "a", outcome: nil, officeSeconds: 0, workingDays: 0, onTime: nil)
        completed.step = "b"
        #expect(completed.stepSymbol == Symbol("b"))
        var shifted = CaseEvent.DueShifted(step: "x", due: nil)
        shifted.step = nil
        #expect(shifted.stepSymbol == nil)
    }

    @Test func internedFromManyThreadsAtOnceEachTextHasOneSymbol() async {
        let texts = (0..<200).map { "concurrent-\($0 % 50)-\(UUID().uuidString.prefix($0 % 3))" }
        let rounds = await withTaskGroup(of: [String: Symbol].self) { group in
            for _ in 0..<8 {
                group.addTask { Dictionary(texts.shuffled().map { ($0, Symbol($0)) }, uniquingKeysWith: { a, _ in a }) }
            }
            var all: [[String: Symbol]] = []
            for await r in group { all.append(r) }
            return all
        }
        for r in rounds.dropFirst() { #expect(r == rounds[0]) }
        for (text, symbol) in rounds[0] { #expect(symbol.text == text) }
    }
}
