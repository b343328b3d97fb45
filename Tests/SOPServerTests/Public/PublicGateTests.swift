import Foundation
import SOPCore
import Testing
@testable import SOPServer

@Suite struct PublicGateTests {
    static let t0 = Instant(secondsSinceEpoch: 1_800_000_000 - 1_800_000_000 % 3600)

    /// The sum the question asks for, read from its words as a person would.
    static func answer(_ text: String) -> String {
        let words = text.split(separator: " ").map { $0.trimmingCharacters(in: .punctuationCharacters) }
        let values = words.compactMap { w in PublicQuestion.words.firstIndex(of: w) ?? PublicQuestion.english.firstIndex(of: w) }
        #expect(values.count == 2, "\(text)")
        return String(values.reduce(0, +))
    }

    @Test func pastTheBudgetAFilingNeedsTheAnswerAndPastTheCeilingItIsRefused() async {
        let gate = PublicGate(filing: .init(limit: 2, window: 3600))
        let a = "10.0.0.7"
        #expect(await gate.admitFiling(from: a, challenge: nil, answer: nil, now: Self.t0, lang: "id") == .allowed)
        #expect(await gate.pendingQuestion(for: a, now: Self.t0, lang: "id") == nil)
        #expect(await gate.admitFiling(from: a, challenge: nil, answer: nil, now: Self.t0, lang: "id") == .allowed)
        // The budget is used: a question, shown on the form before the filing too.
        guard case .question(let asked, let wrong) = await gate.admitFiling(from: a, challenge: nil, answer: nil, now: Self.t0, lang: "id") else {
            Issue.record("no question past the budget"); return
        }
        #expect(!wrong && asked.text.hasPrefix("Berapa ") && asked.text.contains(" ditambah "))
        #expect(await gate.pendingQuestion(for: a, now: Self.t0, lang: "id") != nil)
        // Another address is not affected.
        #expect(await gate.admitFiling(from: "10.0.0.8", challenge: nil, answer: nil, now: Self.t0, lang: "id") == .allowed)
        // A wrong answer: a new question, marked as such.
        let right = Self.answer(asked.text)
        let wrongAnswer = String(Int(right)! + 1)
        guard case .question(_, true) = await gate.admitFiling(from: a, challenge: asked.challenge, answer: wrongAnswer, now: Self.t0, lang: "id") else {
            Issue.record("a wrong answer was not refused"); return
        }
        // The right answer files once; the same answer again does not.
        #expect(await gate.admitFiling(from: a, challenge: asked.challenge, answer: right, now: Self.t0, lang: "id") == .allowed)
        guard case .question(_, true) = await gate.admitFiling(from: a, challenge: asked.challenge, answer: right, now: Self.t0, lang: "id") else {
            Issue.record("an answer counted twice"); return
        }
        // An answer after the question expired does not count.
        var rng = SeededGenerator(seed: 7)
        let old = gate.question.ask(now: Self.t0, lang: "en", using: &rng)
        let later = Instant(secondsSinceEpoch: Self.t0.secondsSinceEpoch + PublicQuestion.lifetime + 1)
        guard case .question(_, true) = await gate.admitFiling(from: a, challenge: old.challenge, answer: Self.answer(old.text), now: later, lang: "en") else {
            Issue.record("an expired question was accepted"); return
        }
        // Up to ten times the budget with answers, then refused until the window ends.
        var filed = 3
        while filed < 20 {
            let q = gate.question.ask(now: Self.t0, lang: "id", using: &rng)
            #expect(await gate.admitFiling(from: a, challenge: q.challenge, answer: Self.answer(q.text), now: Self.t0, lang: "id") == .allowed)
            filed += 1
        }
        let q = gate.question.ask(now: Self.t0, lang: "id", using: &rng)
        #expect(await gate.admitFiling(from: a, challenge: q.challenge, answer: Self.answer(q.text), now: Self.t0, lang: "id") == .refused)
        #expect(await gate.pendingQuestion(for: a, now: Self.t0, lang: "id") == nil)
        let nextWindow = Instant(secondsSinceEpoch: Self.t0.secondsSinceEpoch + 3600)
        #expect(await gate.admitFiling(from: a, challenge: nil, answer: nil, now: nextWindow, lang: "id") == .allowed)
    }

    @Test func aForgedOrAlteredChallengeIsNotAnswered() {
        let question = PublicQuestion(key: Array("k".utf8))
        var rng = SeededGenerator(seed: 3)
        let asked = question.ask(now: Self.t0, lang: "id", using: &rng)
        let right = Self.answer(asked.text)
        #expect(question.check(challenge: asked.challenge, answer: right, now: Self.t0) != nil)
        #expect(question.check(challenge: asked.challenge, answer: " \(right) ", now: Self.t0) != nil)
        // Another key (another process), a longer expiry, another nonce: refused.
        #expect(PublicQuestion(key: Array("other".utf8)).check(challenge: asked.challenge, answer: right, now: Self.t0) == nil)
        let parts = asked.challenge.split(separator: ".").map(String.init)
        let extended = "\(Int64(parts[0])! + 60).\(parts[1]).\(parts[2])"
        #expect(question.check(challenge: extended, answer: right, now: Self.t0) == nil)
        let renonced = "\(parts[0]).0000000000000000.\(parts[2])"
        #expect(question.check(challenge: renonced, answer: right, now: Self.t0) == nil)
        for junk in ["", "1.2", "a.b.c", asked.challenge + ".x"] {
            #expect(question.check(challenge: junk, answer: right, now: Self.t0) == nil)
        }
    }

    @Test func lookupsCountPerCodeAndGuessesPerAddress() async {
        let gate = PublicGate(filing: .init(limit: 5, window: 60))
        // Many complainants behind one address follow their own codes: never the address's budget.
        for k in 0..<100 {
            #expect(await gate.admitLookup(of: "LAPOR-CODE\(k)", from: "10.0.0.1", now: Self.t0))
        }
        // One code at most 30 times a minute, from any address.
        for k in 0..<PublicGate.lookupsPerCode.limit - 1 {
            #expect(await gate.admitLookup(of: "LAPOR-CODE1", from: "10.0.1.\(k)", now: Self.t0))
        }
        #expect(await !gate.admitLookup(of: "LAPOR-CODE1", from: "10.0.2.1", now: Self.t0))
        #expect(await gate.admitLookup(of: "LAPOR-CODE1", from: "10.0.2.1", now: Instant(secondsSinceEpoch: Self.t0.secondsSinceEpoch + 60)))
        // Twenty lookups of codes that name nothing, and the address may look up nothing more for ten minutes.
        for _ in 0..<PublicGate.missesPerAddress.limit { await gate.recordMiss(from: "10.0.0.9", now: Self.t0) }
        #expect(await !gate.admitLookup(of: "LAPOR-CODE2", from: "10.0.0.9", now: Self.t0))
        #expect(await gate.admitLookup(of: "LAPOR-CODE2", from: "10.0.0.10", now: Self.t0))
        #expect(await gate.admitLookup(of: "LAPOR-CODE2", from: "10.0.0.9", now: Instant(secondsSinceEpoch: Self.t0.secondsSinceEpoch + 600)))
    }
}
