import Foundation
import Hummingbird
import HummingbirdTesting
import SOPCore
@testable import SOPServer
import SOPStore
import Testing

/// The officers' board and case page on the licensing SOP: a row per active step an
/// officer's roles may do, a form per such step (documents still required, decision outcomes
/// incl. ending ones, non-document requirements as information), the applicant's turn shown
/// as waiting with the clock stopped instead of overdue marks, and how a closed case ended.
@Suite struct ParallelOfficerPagesTests {
    typealias F = ServerFixtures

    static func signIn(_ client: some TestClientProtocol, _ officer: String) async throws -> String {
        try await F.webSignIn(client, officer).cookie
    }

    static func page(_ client: some TestClientProtocol, _ uri: String, _ cookie: String) async throws -> String {
        var h = HTTPFields()
        h[.cookie] = cookie
        return try await client.execute(uri: uri, method: .get, headers: h) { r in
            #expect(r.status == .ok, "\(uri)")
            return String(buffer: r.body)
        }
    }

    static func api(_ client: some TestClientProtocol, _ id: String, as officer: String, step: String, outcome: String? = nil,
                    documents: [String] = []) async throws {
        var body: [String: Any] = ["step": step, "documents": documents.map { F.document($0) }]
        if let outcome { body["outcome"] = outcome }
        try await client.execute(uri: "/api/cases/\(id)/complete", method: .post, headers: F.headers(officer), body: F.json(body)) { r in
            #expect(r.status == .ok, "\(step): \(String(buffer: r.body))")
        }
    }

    static func toTheFork(_ client: some TestClientProtocol, _ id: String) async throws {
        try await client.execute(uri: "/api/cases", method: .post, headers: F.headers("imb-loket"),
                                 body: F.json(["sop": "dpmptsp-imb-jatim", "caseID": id, "documents": [F.document("berkas-imb")]])) {
            #expect($0.status == .created)
        }
        try await api(client, id, as: "imb-loket", step: "terima-berkas", documents: ["tanda-terima"])
        try await api(client, id, as: "imb-teknis", step: "evaluasi-rencana")
    }

    /// The multipart form a browser sends for one step's form on the case page.
    static func rows(_ html: String, case id: String) -> [String] {
        html.matches(of: try! Regex("data-case=\"\(id)\" data-step=\"([^\"]+)\"")).compactMap { $0.output[1].substring.map(String.init) }
    }

    @Test func bothBranchesOnTheBoardAFormPerStepAndTheApplicantsTurn() async throws {
        let clock = F.Clock("2026-03-02T09:00")
        let app = try await buildApplication(try F.licensing(clock: clock))
        try await app.test(.router) { client in
            try await Self.toTheFork(client, "IMB-P")
            var team = try await Self.signIn(client, "imb-teknis")
            var counter = try await Self.signIn(client, "imb-loket")
            // The technical team sees both branches; the counter the fee it may do as well.
            #expect(Self.rows(try await Self.page(client, "/papan", team), case: "IMB-P") == ["peninjauan-lokasi", "hitung-retribusi"])
            #expect(Self.rows(try await Self.page(client, "/papan", counter), case: "IMB-P") == ["hitung-retribusi"])

            let page = try await Self.page(client, "/kasus/IMB-P", team)
            #expect(page.contains("data-active-step=\"peninjauan-lokasi\"") && page.contains("data-active-step=\"hitung-retribusi\""))
            #expect(page.contains("data-form-step=\"peninjauan-lokasi\"") && page.contains("data-form-step=\"hitung-retribusi\""))
            // The field check: its minutes to upload, both outcomes, the appointment as information only.
            #expect(page.contains("id=\"doc-peninjauan-lokasi-berita-acara-pemeriksaan\""))
            #expect(page.contains("value=\"sesuai\"") && page.contains("value=\"tidak-sesuai\""))
            #expect(page.contains("<table class=\"active\">") && page.contains("<legend>Keputusan</legend>"))
            #expect(page.contains("<ul class=\"requirements\">") && page.contains("Jadwal: Jadwal peninjauan lokasi"))
            #expect(page.contains("Sistem: Aplikasi SIM DPMPTSP"))
            #expect(!page.contains("type=\"file\" name=\"doc-Jadwal"), "a requirement is never an upload")
            // Times as the document wrote them.
            #expect(page.contains("<td>1 hari.</td>") && page.contains("<td>1 Jam</td>"))
            // The case's opening file is held: not asked for again.
            #expect(!page.contains("name=\"doc-berkas-imb\""))

            // The field check sends the plans back, through the form.
            let (status, location) = try await F.submitCompletion(client, "IMB-P", page: page, step: "peninjauan-lokasi", cookie: team,
                                                           outcome: "tidak-sesuai", files: ["berita-acara-pemeriksaan"])
            #expect(status == .seeOther && location == "/papan?lang=id&selesai=IMB-P")
            clock.advance(seconds: 5 * 86_400)
            // Sessions ended meanwhile: sign in again.
            team = try await Self.signIn(client, "imb-teknis")
            counter = try await Self.signIn(client, "imb-loket")
            let waiting = try await Self.page(client, "/kasus/IMB-P", team)
            #expect(waiting.contains("Menunggu pemohon sejak 2026-03-02 09:00 — jam layanan berhenti"))
            #expect(!waiting.contains("TERLAMBAT"), "the stopped clock makes nothing overdue")
            #expect(waiting.contains("data-active-step=\"perbaikan-gambar\""))
            #expect(waiting.contains("kasus dianggap dicabut"), "the applicant's withdrawal timer is shown")
            // The fee branch goes on while the file is with the applicant, shown as waiting
            // with the clock stopped; the applicant's step is not the team's to complete.
            #expect(waiting.contains("data-form-step=\"hitung-retribusi\"") && !waiting.contains("data-form-step=\"perbaikan-gambar\""))
            let teamBoard = try await Self.page(client, "/papan", team)
            #expect(Self.rows(teamBoard, case: "IMB-P") == ["hitung-retribusi"])
            #expect(teamBoard.contains("Menunggu pemohon — jam layanan berhenti") && !teamBoard.contains("TERLAMBAT"))
            // The counter's board: the fee (an alternative actor) and the applicant's step it records.
            let board = try await Self.page(client, "/papan", counter)
            #expect(Self.rows(board, case: "IMB-P") == ["hitung-retribusi", "perbaikan-gambar"])
            #expect(!board.contains("TERLAMBAT"))
            // The counter records the applicant's answer.
            let counterPage = try await Self.page(client, "/kasus/IMB-P", counter)
            #expect(counterPage.contains("data-form-step=\"perbaikan-gambar\""))
            let (answered, _) = try await F.submitCompletion(client, "IMB-P", page: counterPage, step: "perbaikan-gambar", cookie: counter,
                                                      files: ["gambar-perbaikan"])
            #expect(answered == .seeOther)
            let resumed = try await Self.page(client, "/kasus/IMB-P", team)
            #expect(!resumed.contains("Menunggu pemohon sejak"))
            #expect(resumed.contains("data-form-step=\"peninjauan-lokasi\""))
            // A form for a step no longer active is refused with every active step named.
            let (stale, _) = try await F.submitCompletion(client, "IMB-P", page: counterPage, step: "perbaikan-gambar", cookie: counter,
                                                   files: ["gambar-perbaikan"])
            #expect(stale == .conflict)
        }
    }

    @Test func aClosedCaseShowsHowItEnded() async throws {
        let clock = F.Clock("2026-03-02T09:00")
        let config = try F.licensing(clock: clock, sops: [ParallelCaseAPITests.refusingSOP()])
        let app = try await buildApplication(config)
        try await app.test(.router) { client in
            // Refused at the verification: the ending outcome's label, offered in the form as closing the case.
            try await Self.toTheFork(client, "IMB-R")
            try await Self.api(client, "IMB-R", as: "imb-teknis", step: "peninjauan-lokasi", outcome: "sesuai", documents: ["berita-acara-pemeriksaan"])
            try await Self.api(client, "IMB-R", as: "imb-teknis", step: "hitung-retribusi", documents: ["lembar-kerja-retribusi"])
            try await Self.api(client, "IMB-R", as: "imb-loket", step: "cetak-sk", documents: ["sk-imb"])
            let kabid = try await Self.signIn(client, "imb-kabid")
            let form = try await Self.page(client, "/kasus/IMB-R", kabid)
            #expect(form.contains("Permohonan ditolak <small>(menutup kasus: ditolak)</small>"))
            let (status, _) = try await F.submitCompletion(client, "IMB-R", page: form, step: "verifikasi", cookie: kabid, outcome: "tolak",
                                                    reason: "Bangunan melanggar garis sempadan jalan", files: [])
            #expect(status == .seeOther)
            let refused = try await Self.page(client, "/kasus/IMB-R", kabid)
            #expect(refused.contains("Berakhir: <strong>Permohonan ditolak</strong>"))
            #expect(refused.contains("Bangunan melanggar garis sempadan jalan"))
            #expect(!refused.contains("data-form-step"))

            // Withdrawn: the applicant did not bring the plans back in time.
            try await Self.toTheFork(client, "IMB-D")
            try await Self.api(client, "IMB-D", as: "imb-teknis", step: "peninjauan-lokasi", outcome: "tidak-sesuai",
                               documents: ["berita-acara-pemeriksaan"])
            clock.advance(seconds: 31 * 86_400)
            let service = CaseService(store: config.store, clock: clock.now)
            let (state, machine) = try await service.load("IMB-D")
            let events = try machine.fireDue(state, at: clock.now())
            var after = state
            for e in events { after.apply(e) }
            try await config.store.append(CaseAppend(events: events, expectedVersion: state.version,
                                               summary: CaseSummary(after, definition: machine.definition)))
            let withdrawn = try await Self.page(client, "/kasus/IMB-D", try await Self.signIn(client, "imb-kabid"))
            #expect(withdrawn.contains("Berakhir: <strong>Dianggap dicabut</strong>"))
            #expect(!withdrawn.contains("Menunggu pemohon sejak"))
        }
    }

    @Test func timesAsTheDocumentWroteThem() {
        #expect(WebLabels.standard(nil, lang: "id") == "—")
        #expect(WebLabels.standard(StandardTime(3, .workingDays, minimum: 1, written: "1-3 hari"), lang: "id") == "1–3 hari")
        #expect(WebLabels.standard(StandardTime(225, .minutes, written: "½ hari"), lang: "id") == "½ hari")
        #expect(WebLabels.standard(StandardTime(3, .workingDays, minimum: 1), lang: "id") == "1–3 Hari Kerja")
        #expect(WebLabels.standard(StandardTime(2, .hours), lang: "en") == "2 hours")
    }
}
