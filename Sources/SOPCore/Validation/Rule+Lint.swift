extension Rule {
    /// Kept in the catalogue so that its code is documented and never reused.
    public static let noStandardTime = Rule(
        "SOP070", "no-standard-time", .warning,
        summary: "Superseded by SOP044 (missing-time): `sop lint` no longer reports it. A step without a standard time (Waktu) is a warning of `sop validate` itself, which `sop lint` runs first.",
        rationale: "Without a time no case can be late at that step, and the SOP's total time promises less than it should; the finding belongs to validation, so lint does not say it twice.")

    public static let activityNamesOtherRole = Rule(
        "SOP071", "activity-names-other-role", .warning,
        summary: "An activity's text names a lane other than the step's actor as the one working. A lane named only as the other side of a hand-over (after kepada, ke, pada, dari, untuk or bagi: \"diteruskan kepada Kepala Dinas\", \"diterima dari Petugas\") is not reported.",
        rationale: "When the text says who does the work and the symbol sits in another lane, officers and the system disagree on whose task it is.",
        bad: RuleExample(replacing: "    activity: Menerima surat balasan\n",
                         with: "    activity: Petugas Pengaduan menyerahkan surat balasan\n"),
        good: RuleExample(replacing: "    activity: Menerima surat balasan\n",
                          with: "    activity: Menerima surat balasan yang diserahkan dari Petugas Pengaduan\n"))

    public static let overLegalLimit = Rule(
        "SOP072", "over-legal-limit", .warning,
        summary: "The main path's standard time goes past a legal limit (UU 25/2009 Pasal 50: respond within 14 days, decide within 60). The main path is the critical path through any fork; the time of the applicant's steps (a role with `applicant: true`) does not count, as the law measures the agency's time.",
        rationale: "An SOP that promises more time than the law allows makes every case that follows it late by law.",
        bad: RuleExample(replacing: "    time: {value: 5, unit: working-days}\n", with: "    time: {value: 20, unit: working-days}\n"),
        good: .valid)

    public static let unboundedRevision = Rule(
        "SOP073", "unbounded-revision", .warning,
        summary: "A decision can send a case back without a limit (`maxRounds`), or more often than allowed (`sop lint --max-rounds`, default 3).",
        rationale: "A draft sent back again and again holds the complaint past its legal limits; a limit forces a decision or an escalation.",
        bad: .reviewLoop(maxRounds: nil),
        good: .reviewLoop(maxRounds: 2))

    public static let unusedOutput = Rule(
        "SOP074", "unused-output", .warning,
        summary: "A step produces a document that no step takes in and that is not a record. What an end step produces is what the procedure delivers, and a step whose activity hands its work to the citizen (\"diserahkan ke pemohon\", \"memberitahukan kepada pengadu\": a receipt, an SMS notice) gives its outputs to them: neither is reported.",
        rationale: "Paper nobody reads costs officers time; either a later step needs it (say so) or it can go.",
        bad: RuleExample(replacing: "    inputs: [surat-balasan]\n    time: {value: 5, unit: minutes}\n",
                         with: "    inputs: [form-pengaduan]\n    time: {value: 5, unit: minutes}\n"),
        good: RuleExample(replacing: """
                activity: Menyusun dan mengirim surat balasan
                inputs: [form-pengaduan]
                outputs: [surat-balasan]
                time: {value: 5, unit: working-days}
                next: terima
              - no: 3
                id: terima
                kind: end
                actor: pengadu
                activity: Menerima surat balasan
                inputs: [surat-balasan]

            """, with: """
                activity: Menyusun surat balasan dan menyerahkannya kepada pengadu
                inputs: [form-pengaduan]
                outputs: [surat-balasan]
                time: {value: 5, unit: working-days}
                next: terima
              - no: 3
                id: terima
                kind: end
                actor: pengadu
                activity: Menerima surat balasan
                inputs: [form-pengaduan]

            """))

    public static let inheritedIdentity = Rule(
        "SOP075", "inherited-identity", .warning,
        summary: "A variant still carries its base's Nomor SOP, or its signer's name or NIP.",
        rationale: "The printed document would carry another agency's number and signature; sop new leaves them for the new agency to replace.",
        bad: nil, good: nil)

    /// The rules of `sop lint`, by code: advice beyond validity, all warnings (SOP070 superseded,
    /// listed for its documentation; SOP075 needs a base and a variant, so its examples are the
    /// tests' own files).
    public static let lint: [Rule] = [noStandardTime, activityNamesOtherRole, overLegalLimit, unboundedRevision, unusedOutput, inheritedIdentity]
}

extension RuleExample {
    /// The base with a review step whose rejection sends the reply back, limited or not.
    static func reviewLoop(maxRounds: Int?) -> RuleExample {
        let limit = maxRounds.map { ", maxRounds: \($0)" } ?? ""
        return RuleExample(replacing: "    time: {value: 5, unit: working-days}\n    next: terima\n", with: """
                time: {value: 5, unit: working-days}
                next: periksa
              - no: 3
                id: periksa
                kind: decision
                actor: petugas
                activity: Memeriksa surat balasan
                inputs: [surat-balasan]
                time: {value: 60, unit: minutes}
                outcomes:
                  - {id: setuju, label: Setuju, next: terima}
                  - {id: perbaiki, label: Tidak setuju, next: balas, revision: true\(limit)}

            """).replacingNext("  - no: 3\n    id: terima", with: "  - no: 4\n    id: terima")
    }
}
