import Foundation
import SOPCore
@testable import SOPStore

/// A small licensing procedure with every construct of real SOPs, for the store's tests: a
/// fork (field check beside the fee calculation), a join, a step any of two roles may do, the
/// plans handed back to the applicant (30 calendar days, then withdrawn), an ending outcome,
/// a reminder, an escalation and automatic completions. `withdrawal` lets a test build a second
/// revision of it whose applicant timer only reminds.
enum LicensingFixture {
    static func definition(withdrawal: StepTimer.Action = .withdraw) -> SOPDefinition {
        SOPDefinition(
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
                        .init(id: "perbaiki", label: "Tidak sesuai", next: "perbaikan", revision: true),
                        .init(id: "tolak", label: "Ditolak", next: nil, end: "ditolak"),
                     ]),
                Step(number: 4, id: "perbaikan", kind: .task, actor: "pemohon", activity: "Memperbaiki gambar",
                     time: StandardTime(30, .calendarDays), next: "tinjau",
                     timers: [StepTimer(withdrawal)]),
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
    }

    static let sop = AgencySOP(definition: definition(), hash: definition().contentHash, calendar: CaseFixtures.serdang.calendar)

    static func at(_ text: String) -> Instant { CaseFixtures.at(text) }

    /// Opens a case on Monday 2 Feb 2026 09:00 WIB and takes it past the fork: the field check
    /// and the fee calculation are then both active.
    @discardableResult
    static func openForked(_ service: CaseService, id: String, sop: AgencySOP = sop) async throws -> CaseState {
        try await service.open(definition: sop.definition, hash: sop.hash, calendar: sop.calendar, caseID: id, at: at("2026-02-02T09:00"))
        try await service.complete(caseID: id, step: "ajukan", role: "pemohon", at: at("2026-02-02T09:10"))
        return try await service.complete(caseID: id, step: "terima", role: "admin", at: at("2026-02-02T09:30"))
    }

    /// A forked case whose fee is calculated and whose plans went back to the applicant at
    /// 10:00 on 2 Feb: the agency's clock stands still, the withdrawal timer is set.
    @discardableResult
    static func openWithApplicant(_ service: CaseService, id: String, sop: AgencySOP = sop) async throws -> CaseState {
        try await openForked(service, id: id, sop: sop)
        try await service.complete(caseID: id, step: "retribusi", role: "admin", at: at("2026-02-02T09:50"))
        return try await service.complete(caseID: id, step: "tinjau", role: "teknis", outcome: "perbaiki", at: at("2026-02-02T10:00"))
    }
}
