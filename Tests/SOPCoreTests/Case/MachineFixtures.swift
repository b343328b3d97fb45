@testable import SOPCore

/// A small licensing procedure built in code, with every construct of real SOPs: a fork
/// (field check beside the fee calculation), a join, a step any of two roles may do, the
/// file handed back to the applicant (whose clock is 30 calendar days, then withdrawn), an
/// ending outcome, and timers.
enum MachineFixtures {
    static let calendar = CalendarFixtures.calendar(years: 2025...2027)

    static func at(_ text: String) -> Instant { CalendarFixtures.at(text, calendar) }

    static let definition = SOPDefinition(
        id: "izin-contoh",
        identity: Identity(agency: .init(regency: "Kabupaten Contoh", office: "DPMPTSP"), number: "SOP/01",
                           name: "Izin Contoh", dates: .init(), approver: .init(title: "Kepala Dinas")),
        roles: [
            Role(id: "pemohon", title: "Pemohon", applicant: true),
            Role(id: "loket", title: "Petugas Loket"),
            Role(id: "admin", title: "Pengadministrasi"),
            Role(id: "teknis", title: "Tim Teknis"),
            Role(id: "kabid", title: "Kepala Bidang"),
        ],
        documents: [DocumentSpec(id: "berkas", name: "Berkas", origin: .caseOpening)],
        steps: [
            Step(number: 1, id: "ajukan", kind: .start, actor: "pemohon", activity: "Mengajukan permohonan",
                 time: StandardTime(15, .minutes), next: "terima"),
            Step(number: 2, id: "terima", kind: .task, actor: "loket", activity: "Menerima berkas",
                 time: StandardTime(30, .minutes), outcomes: [], alternativeActors: ["admin"],
                 parallel: ["tinjau", "retribusi"]),
            Step(number: 3, id: "tinjau", kind: .decision, actor: "teknis", activity: "Peninjauan lokasi",
                 time: StandardTime(3, .workingDays),
                 outcomes: [
                    .init(id: "sesuai", label: "Sesuai", next: "verifikasi"),
                    .init(id: "perbaiki", label: "Tidak sesuai", next: "perbaikan"),
                    .init(id: "tolak", label: "Ditolak", next: nil, end: "ditolak"),
                 ]),
            Step(number: 4, id: "perbaikan", kind: .task, actor: "pemohon", activity: "Memperbaiki gambar",
                 time: StandardTime(30, .calendarDays), next: "tinjau",
                 timers: [StepTimer(.withdraw)]),
            Step(number: 5, id: "retribusi", kind: .task, actor: "admin", activity: "Menghitung retribusi",
                 time: StandardTime(2, .hours), next: "verifikasi",
                 requirements: [Requirement(.system, "Aplikasi SIM"), Requirement(.fee, "Retribusi", note: "di bank")],
                 timers: [StepTimer(.remind, after: StandardTime(1, .hours)), StepTimer(.escalate, to: "kabid")]),
            Step(number: 6, id: "verifikasi", kind: .decision, actor: "kabid", activity: "Verifikasi",
                 time: StandardTime(1, .workingDays),
                 outcomes: [.init(id: "setuju", label: "Setuju", next: "terima-izin")],
                 timers: [StepTimer(.complete, after: StandardTime(10, .workingDays), outcome: "setuju")]),
            Step(number: 7, id: "terima-izin", kind: .end, actor: "pemohon", activity: "Menerima izin",
                 time: StandardTime(5, .minutes), timers: [StepTimer(.complete)]),
        ])

    static var machine: CaseMachine { CaseMachine(definition: definition, definitionHash: "h", calendar: calendar) }

    /// A case opened on Monday 2026-02-02 09:00 with the applicant's filing and the counter's
    /// receipt completed: at the fork, `tinjau` (teknis) and `retribusi` (admin) active.
    static func forked() throws -> (CaseState, [RecordedEvent]) {
        var log = try machine.open(caseID: "C-1", at: at("2026-02-02T09:00"))
        var state = CaseState.fold(log)!
        apply(try machine.complete(state, step: "ajukan", role: "pemohon", at: at("2026-02-02T09:10")), to: &state, log: &log)
        apply(try machine.complete(state, step: "terima", role: "admin", actor: "budi", at: at("2026-02-02T09:30")), to: &state, log: &log)
        return (state, log)
    }

    /// Applies `events` to `state` and returns them.
    @discardableResult
    static func apply(_ events: [RecordedEvent], to state: inout CaseState, log: inout [RecordedEvent]) -> [RecordedEvent] {
        for e in events { state.apply(e) }
        log += events
        return events
    }
}
