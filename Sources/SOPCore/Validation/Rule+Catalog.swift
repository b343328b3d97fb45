extension Rule {
    // MARK: The file itself

    public static let yamlSyntax = Rule(
        "SOP001", "yaml-syntax",
        summary: "The file is not well-formed YAML.",
        rationale: "Nothing can be checked until the file parses; the position is libyaml's.",
        schemaEnforced: true,
        bad: .init(replacing: "  name: Penanganan Pengaduan", with: "  name: [Penanganan Pengaduan"),
        good: .init(replacing: "  name: Penanganan Pengaduan", with: "  name: \"[Penanganan] Pengaduan\""))

    public static let emptyFile = Rule(
        "SOP002", "empty-file",
        summary: "The file holds no YAML document.",
        rationale: "An empty file is usually a failed save or a wrong path; it must not count as a valid SOP.",
        schemaEnforced: true,
        bad: .init(file: "# only a comment\n"),
        good: .valid)

    public static let notText = Rule(
        "SOP003", "not-text",
        summary: "The file is not UTF-8 text (binary data or another encoding).",
        rationale: "SOP files are edited by people; binary content means a wrong file was given.",
        schemaEnforced: true)

    public static let fileTooLarge = Rule(
        "SOP004", "file-too-large",
        summary: "The file is larger than the loader accepts (1 MiB).",
        rationale: "A real SOP is a few kilobytes; refusing huge inputs keeps the server safe from memory exhaustion.")

    public static let duplicateKey = Rule(
        "SOP005", "duplicate-key",
        summary: "A key appears twice in the same mapping.",
        rationale: "YAML would silently keep one of the values; the author meant something else.",
        schemaEnforced: true,
        bad: .init(replacing: "  number: SOP/001/2026\n", with: "  number: SOP/001/2026\n  number: SOP/002/2026\n"),
        good: .valid)

    public static let tabIndentation = Rule(
        "SOP006", "tab-indentation",
        summary: "A tab character is used for indentation.",
        rationale: "YAML forbids tabs for indentation; editors show them as spaces, so the error is invisible.",
        schemaEnforced: true,
        bad: .init(replacing: "  number: SOP/001/2026", with: "\tnumber: SOP/001/2026"),
        good: .valid)

    public static let unreadable = Rule(
        "SOP007", "unreadable",
        summary: "The file or folder cannot be read (missing, a directory, a device or pipe, no permission).",
        rationale: "Reported as a diagnostic so a batch run still checks the other files.")

    public static let nestingTooDeep = Rule(
        "SOP008", "nesting-too-deep",
        summary: "Lists and mappings are nested more than 64 levels deep.",
        rationale: "An SOP nests a few levels (a step's outcome's field); a runaway of brackets is a broken or hostile file, refused before it can exhaust the loader's stack. No place in the schema admits such depth.",
        schemaEnforced: true,
        bad: .init(replacing: "  name: Penanganan Pengaduan", with: "  name: " + String(repeating: "[", count: 70) + String(repeating: "]", count: 70)),
        good: .valid)

    // MARK: Structure (mirrors schemas/sop.schema.json)

    public static let wrongType = Rule(
        "SOP010", "wrong-type",
        summary: "A value has the wrong type (e.g. a list where text is expected).",
        rationale: "The engine reads each field as one type; anything else would be guessed.",
        schemaEnforced: true,
        bad: .init(replacing: "  number: SOP/001/2026", with: "  number: [SOP, 1]"),
        good: .valid)

    public static let missingKey = Rule(
        "SOP011", "missing-key",
        summary: "A required field is missing.",
        rationale: "Every step needs an actor, an activity and a kind to be executable and printable.",
        schemaEnforced: true,
        bad: .init(replacing: "    actor: petugas\n", with: ""),
        good: .valid)

    public static let unknownKey = Rule(
        "SOP012", "unknown-key",
        summary: "A field name is not part of the format (often a typo).",
        rationale: "A misspelt optional field would otherwise be ignored silently; the hint suggests the closest name.",
        schemaEnforced: true,
        bad: .init(replacing: "    activity: Menyusun", with: "    activty: Menyusun"),
        good: .valid)

    public static let invalidValue = Rule(
        "SOP013", "invalid-value",
        summary: "A value is not one of the allowed words (step kind, time unit, origin, provenance status).",
        rationale: "The interpreter and the calendar act on these words; an unknown one has no meaning.",
        schemaEnforced: true,
        bad: .init(replacing: "unit: working-days", with: "unit: fortnights"),
        good: .init(replacing: "unit: working-days", with: "unit: calendar-days"))

    public static let invalidFormat = Rule(
        "SOP014", "invalid-format",
        summary: "A value does not have the expected shape (date, id, NIP).",
        rationale: "Dates are compared and printed, ids are referenced and used in URLs, NIPs are printed on the signed page.",
        schemaEnforced: true,
        bad: .init(replacing: "made: 2026-01-05", with: "made: 05/01/2026"),
        good: .valid)

    public static let unsupportedFormat = Rule(
        "SOP015", "unsupported-format",
        summary: "The `format` field names a version this engine does not read.",
        rationale: "A file written for another version may mean different things by the same fields.",
        schemaEnforced: true,
        bad: .init(replacing: "format: sop/v1", with: "format: sop/v9"),
        good: .valid)

    // MARK: Meaning

    public static let duplicateID = Rule(
        "SOP020", "duplicate-id",
        summary: "Two roles, documents, steps or outcomes share an id.",
        rationale: "References and case events name things by id; a duplicate makes them ambiguous.",
        bad: .init(replacing: "    id: balas", with: "    id: ajukan"),
        good: .valid)

    public static let undeclaredRole = Rule(
        "SOP021", "undeclared-role",
        summary: "A step names an actor or participant that is not in `roles`.",
        rationale: "Only declared lanes can be given to officers; an unknown one could never be performed.",
        bad: .init(replacing: "    actor: petugas", with: "    actor: humas"),
        good: .valid)

    public static let undeclaredDocument = Rule(
        "SOP022", "undeclared-document",
        summary: "A step uses a document that is not in `documents`.",
        rationale: "Documents are checked when a step completes; an undeclared one cannot be attached or named.",
        bad: .init(replacing: "    outputs: [surat-balasan]", with: "    outputs: [surat-jawaban]"),
        good: .valid)

    public static let unknownStep = Rule(
        "SOP023", "unknown-step",
        summary: "A transition leads to a step id that does not exist.",
        rationale: "A case following it would have nowhere to go.",
        bad: .init(replacing: "    next: terima", with: "    next: terima-balasan"),
        good: .valid)

    public static let unreachableStep = Rule(
        "SOP024", "unreachable-step",
        summary: "A step cannot be reached from the start step.",
        rationale: "Such a step is dead text: no case will ever perform it, so its time and documents mislead readers.",
        bad: .init(replacing: "    next: balas", with: "    next: terima"),
        good: .valid)

    public static let noPathToEnd = Rule(
        "SOP025", "no-path-to-end",
        summary: "From this step no sequence of transitions reaches an end step.",
        rationale: "A case that gets here can never be closed.",
        bad: .init(replacing: "    next: terima\n", with: "    next: balas\n"),
        good: .valid)

    public static let decisionOutcomes = Rule(
        "SOP026", "decision-outcomes",
        summary: "A decision lacks the outcomes it needs: two or more, at least one going forward.",
        rationale: "A diamond with one arrow is not a decision; one with only revision arrows can never finish.",
        bad: .init(replacing: "    kind: task\n", with: "    kind: decision\n"),
        good: .init(replacing: "    kind: task\n    actor: petugas\n", with: "    kind: decision\n    actor: petugas\n"
                    ).replacingNext("    next: terima\n", with: "    outcomes:\n      - {id: setuju, label: Ya, next: terima}\n      - {id: tolak, label: Tidak, next: ajukan, revision: true}\n"))

    public static let closedLoop = Rule(
        "SOP027", "closed-loop",
        summary: "Steps form a loop with no way out to an end step.",
        rationale: "A revision loop must be able to finish; otherwise cases circle forever.",
        bad: .init(replacing: "    next: terima\n", with: "    next: ajukan\n"),
        good: .valid)

    public static let nonPositiveTime = Rule(
        "SOP028", "non-positive-time",
        summary: "A standard time is zero or negative.",
        rationale: "Due dates are computed from it; a step cannot be due before it starts.",
        schemaEnforced: true,
        bad: .init(replacing: "{value: 5, unit: working-days}", with: "{value: 0, unit: working-days}"),
        good: .valid)

    public static let timeTooLong = Rule(
        "SOP037", "time-too-long",
        summary: "A standard time is longer than 100 years: more than 52,560,000 minutes, 876,000 hours or 36,500 working or calendar days.",
        rationale: "Due dates are computed from it in office seconds; a value this large is a typo, and one large enough would overflow the arithmetic. The schema sets the same maximum per unit.",
        schemaEnforced: true,
        bad: .init(replacing: "{value: 5, unit: working-days}", with: "{value: 9223372036854775807, unit: working-days}"),
        good: .init(replacing: "{value: 5, unit: working-days}", with: "{value: 36_500, unit: working-days}"))

    public static let transitionShape = Rule(
        "SOP029", "transition-shape",
        summary: "A step's transitions do not fit its kind (an end with `next`, a task without one, outcomes on a task).",
        rationale: "Only decisions branch; every other step hands over to exactly one next step, except ends.",
        bad: .init(replacing: "    inputs: [surat-balasan]\n", with: "    inputs: [surat-balasan]\n    next: ajukan\n"),
        good: .valid)

    public static let inputNotProduced = Rule(
        "SOP030", "input-not-produced",
        summary: "A step needs a document that no earlier step (or the case opening) produces on every path to it.",
        rationale: "The interpreter refuses to complete a step without its inputs; a case would stall there.",
        bad: .init(replacing: "    outputs: [surat-balasan]\n", with: ""),
        good: .valid)

    public static let startCount = Rule(
        "SOP031", "start-step",
        summary: "There must be exactly one start step.",
        rationale: "A case is opened at the start step; with none or several the entry is undefined.",
        bad: .init(replacing: "    kind: task\n", with: "    kind: start\n"),
        good: .valid)

    public static let noEnd = Rule(
        "SOP032", "no-end-step",
        summary: "There is no end step.",
        rationale: "A case closes when it reaches an end step; without one no case can close.",
        bad: .init(replacing: "    kind: end\n    actor: pengadu\n    activity: Menerima surat balasan\n", with: "    kind: task\n    actor: pengadu\n    activity: Menerima surat balasan\n    next: ajukan\n"),
        good: .valid)

    public static let stepNumbering = Rule(
        "SOP033", "step-numbering",
        summary: "Step numbers do not run 1, 2, 3, ... in the order the steps are written.",
        rationale: "The printed table and people refer to steps by number; gaps or disorder cause mistakes.",
        bad: .init(replacing: "  - no: 3", with: "  - no: 4"),
        good: .valid)

    public static let provenanceField = Rule(
        "SOP034", "provenance-field",
        summary: "A provenance mark names a field that does not exist or is not set.",
        rationale: "A mark on nothing hides which value was really inferred or assumed.",
        bad: .init(replacing: "    next: terima\n", with: "    next: terima\n    provenance:\n      deadline: {status: assumed, reason: no time given}\n"),
        good: .init(replacing: "    next: terima\n", with: "    next: terima\n    provenance:\n      time: {status: assumed, reason: the time column is empty in our copy}\n"))

    public static let revisionDirection = Rule(
        "SOP035", "revision-direction",
        summary: "A revision outcome must send the case back to an earlier step.",
        rationale: "\"Send back for revision\" means returning to work already done; a forward jump is a normal transition.",
        bad: .init(replacing: "    kind: task\n", with: "    kind: decision\n").replacingNext("    next: terima\n", with: "    outcomes:\n      - {id: setuju, label: Ya, next: terima}\n      - {id: tolak, label: Tidak, next: terima, revision: true}\n"),
        good: decisionOutcomes.good)

    public static let unusedRole = Rule(
        "SOP040", "unused-role", .warning,
        summary: "A role is declared but no step uses it.",
        rationale: "An unused lane is printed as an empty column and given to officers for nothing.",
        bad: .init(replacing: "  - {id: petugas, title: Petugas Pengaduan}\n", with: "  - {id: petugas, title: Petugas Pengaduan}\n  - {id: kadis, title: Kepala Dinas}\n"),
        good: .valid)

    public static let unusedDocument = Rule(
        "SOP041", "unused-document", .warning,
        summary: "A document is declared but no step uses it.",
        rationale: "Either a step forgot to name it or the catalogue carries stale entries.",
        bad: .init(replacing: "  - {id: surat-balasan, name: Surat Balasan}\n", with: "  - {id: surat-balasan, name: Surat Balasan}\n  - {id: spt, name: Surat Perintah Tugas, origin: external}\n"),
        good: .valid)

    // MARK: Real procedures: time as written, parallel work, timers

    public static let ambiguousDays = Rule(
        "SOP042", "ambiguous-days", .warning,
        summary: "A time says \"hari\" (days) and the SOP does not say whether it means working or calendar days.",
        rationale: "Statutes write \"hari\" and local SOPs read it as working days; the difference is two days a week on every deadline. `timeDefaults.days` states it once for the whole SOP; until then it counts as working days.",
        bad: .init(replacing: "{value: 5, unit: working-days}", with: "\"5 hari\""),
        good: .init(replacing: "roles:\n", with: "timeDefaults: {days: working}\nroles:\n").replacingNext("{value: 5, unit: working-days}", with: "\"5 hari\""))

    public static let timeText = Rule(
        "SOP043", "time-text",
        summary: "A time written as text cannot be read (unknown unit, a range running backwards, a fraction of a calendar day).",
        rationale: "Deadlines are computed from it; a time the engine cannot read would silently have no deadline.",
        bad: .init(replacing: "{value: 5, unit: working-days}", with: "\"5 pekan lagi\""),
        good: .init(replacing: "{value: 5, unit: working-days}", with: "\"3-5 hari kerja\""))

    public static let missingTime = Rule(
        "SOP044", "missing-time", .warning,
        summary: "A step has no standard time (its Waktu cell is empty).",
        rationale: "A step without a time has no due instant and is never overdue; it is shown as \"—\". Write the document's time, or mark an assumed one with provenance.",
        bad: .init(replacing: "    time: {value: 5, unit: working-days}\n", with: ""),
        good: .valid)

    public static let forkJoin = Rule(
        "SOP045", "fork-without-join",
        summary: "The branches of a fork (`next: [a, b]`) never meet at a common step.",
        rationale: "A join waits for every branch; branches that never meet would leave the case waiting forever or close it with work still open.",
        bad: .init(replacing: "    next: balas\n", with: "    next: [balas, tutup]\n").replacingNext("    inputs: [surat-balasan]\n    time: {value: 5, unit: minutes}\n", with: "    inputs: [surat-balasan]\n    time: {value: 5, unit: minutes}\n  - no: 4\n    id: tutup\n    kind: end\n    actor: petugas\n    activity: Menutup berkas\n    time: {value: 5, unit: minutes}\n"),
        good: .init(replacing: "  - {id: petugas, title: Petugas Pengaduan}\n", with: "  - {id: petugas, title: Petugas Pengaduan}\n  - {id: teknis, title: Tim Teknis}\n").replacingNext("    next: balas\n", with: "    next: [balas, tinjau]\n").replacingNext("  - no: 3\n", with: "  - no: 3\n    id: tinjau\n    kind: task\n    actor: teknis\n    activity: Peninjauan lokasi\n    time: {value: 1, unit: working-days}\n    next: terima\n  - no: 4\n"))

    public static let sharedJoin = Rule(
        "SOP046", "shared-join",
        summary: "Two forks have the same join step.",
        rationale: "A join counts the branches of one fork; give a nested fork its own join step before the outer one.")

    public static let timerShape = Rule(
        "SOP047", "timer-shape",
        summary: "A timer does not fit its step (an outcome on a task, an escalation without a role, no time to run out).",
        rationale: "A timer fires when the step's time runs out; it must say what it does in terms the step has.",
        bad: .init(replacing: "    next: terima\n", with: "    next: terima\n    timers:\n      - {action: escalate}\n"),
        good: .init(replacing: "    next: terima\n", with: "    next: terima\n    timers:\n      - {action: remind, after: \"3 hari kerja\"}\n"))

    public static let representation = Rule(
        "SOP048", "represented-by",
        summary: "`represented-by` is on a lane that is not the public side's (`applicant: true`), or names a lane of the public side.",
        rationale: "Officers of the named lanes do the citizen's steps on the citizen's behalf (a walk-in, a call, a letter); only the public side is represented, and only by officers.",
        bad: .init(replacing: "  - {id: petugas, title: Petugas Pengaduan}", with: "  - {id: petugas, title: Petugas Pengaduan, represented-by: [pengadu]}"),
        good: .init(replacing: "  - {id: pengadu, title: Masyarakat / Pengadu}",
                    with: "  - {id: pengadu, title: Masyarakat / Pengadu, applicant: true, represented-by: [petugas]}"))

    // MARK: Calendars

    public static let calendarZone = Rule(
        "SOP050", "calendar-zone",
        summary: "A calendar's time zone is unknown or changes its offset within the covered years.",
        rationale: "Due dates are wall-clock times in the agency's zone; an unknown zone would silently become UTC.")

    public static let calendarExtends = Rule(
        "SOP051", "calendar-extends",
        summary: "A calendar `extends` a file that is missing, unreadable, or part of a cycle.",
        rationale: "An agency calendar inherits the national holidays; a broken link would drop them all.")

    public static let officeHours = Rule(
        "SOP052", "office-hours",
        summary: "Office intervals end before they start, overlap, or are out of order.",
        rationale: "Office minutes are counted over these intervals; overlaps would count time twice.")

    public static let calendarContents = Rule(
        "SOP053", "calendar-holidays",
        summary: "A holiday is listed twice or lies outside the calendar's years.",
        rationale: "A duplicate hides which name or source is right; a date outside the years is never used.")

    public static let calendarNotFound = Rule(
        "SOP036", "calendar-not-found",
        summary: "The calendar an SOP names does not exist or cannot be used (its own problems are reported in it, and in what it extends).",
        rationale: "Due dates of every case depend on the agency calendar; `sop validate` and `sop deploy check` load it, so that `sop due` and opening a case cannot fail on it later.")

    public static let logoFile = Rule(
        "SOP038", "logo-file",
        summary: "The logo an SOP names (`identity.logo`) does not exist, cannot be read, is empty or larger than 2 MiB, or is not a PNG, JPEG or SVG image.",
        rationale: "The emblem is printed at the top of the signed document; `sop validate` reads it, so that rendering the document cannot fail on it later or print a broken image.")

    public static let extendsProblem = Rule(
        "SOP060", "extends-problem",
        summary: "The SOP a variant `extends` cannot be used: it does not exist, is not an SOP, or the chain of `extends` loops.",
        rationale: "A variant is its base plus its changes; without the base there is no SOP to run or print.",
        bad: RuleExample(replacing: "format: sop/v1\n", with: "format: sop/v1\nextends: contoh-dasar.yaml\n"))

    public static let changeProblem = Rule(
        "SOP061", "variant-change",
        summary: "A change in a variant cannot be applied: a removed step is edited, a step is inserted after a decision, or a change names two edits.",
        rationale: "Changes are applied in order to the base's steps; one that cannot apply would leave the flowchart other than the author meant.")

    /// Every rule, ordered by code.
    public static let all: [Rule] = [
        yamlSyntax, emptyFile, notText, fileTooLarge, duplicateKey, tabIndentation, unreadable, nestingTooDeep,
        wrongType, missingKey, unknownKey, invalidValue, invalidFormat, unsupportedFormat,
        duplicateID, undeclaredRole, undeclaredDocument, unknownStep, unreachableStep, noPathToEnd,
        decisionOutcomes, closedLoop, nonPositiveTime, transitionShape, inputNotProduced, startCount,
        noEnd, stepNumbering, provenanceField, revisionDirection, calendarNotFound, timeTooLong, logoFile, unusedRole, unusedDocument,
        ambiguousDays, timeText, missingTime, forkJoin, sharedJoin, timerShape, representation,
        calendarZone, calendarExtends, officeHours, calendarContents, extendsProblem, changeProblem,
    ]

    public static func named(_ code: String) -> Rule? { all.first { $0.code == code } }
}

extension RuleExample {
    /// The unchanged ``base``: valid, so no rule reports anything on it.
    public static let valid = RuleExample(file: base)

    /// A second edit applied after the first (for examples that change two places).
    func replacingNext(_ original: String, with replacement: String) -> RuleExample {
        RuleExample(file: yaml.replacingFirst(original, with: replacement))
    }
}
