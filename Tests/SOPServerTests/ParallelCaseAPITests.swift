import Foundation
import Hummingbird
import HummingbirdTesting
import SOPCore
import SOPServer
import SOPStore
import Testing

/// The JSON API on the licensing SOP (`sops/dpmptsp-imb-jatim.yaml`): both parallel branches
/// active at once and in the queues of every role that may act on one, the plans sent back to
/// the applicant with the agency's clock stopped, the join, the close; withdrawal by timer and
/// a decision that ends the case.
@Suite struct ParallelCaseAPITests {
    typealias F = ServerFixtures

    @discardableResult
    func complete(_ client: some TestClientProtocol, _ caseID: String, as officer: String, step: String, outcome: String? = nil,
                  role: String? = nil, documents: [String] = [], expect status: HTTPResponse.Status = .ok) async throws -> [String: Any] {
        var body: [String: Any] = ["step": step, "documents": documents.map { F.document($0) }]
        if let outcome { body["outcome"] = outcome }
        if let role { body["role"] = role }
        return try await client.execute(uri: "/api/cases/\(caseID)/complete", method: .post, headers: F.headers(officer), body: F.json(body)) { r in
            #expect(r.status == status, "\(step): \(String(buffer: r.body))")
            return F.body(r)
        }
    }

    func get(_ client: some TestClientProtocol, _ uri: String, as officer: String) async throws -> [String: Any] {
        try await client.execute(uri: uri, method: .get, headers: F.headers(officer)) { r in
            #expect(r.status == .ok, "\(uri): \(String(buffer: r.body))")
            return F.body(r)
        }
    }

    static func active(_ c: [String: Any]) -> [[String: Any]] { c["activeSteps"] as? [[String: Any]] ?? [] }
    static func activeIDs(_ c: [String: Any]) -> [String] { active(c).compactMap { $0["step"] as? String } }
    static func ids(_ list: [String: Any]) -> [String] { (list["cases"] as? [[String: Any]])?.compactMap { $0["caseID"] as? String } ?? [] }

    func open(_ client: some TestClientProtocol, _ id: String) async throws -> [String: Any] {
        try await client.execute(uri: "/api/cases", method: .post, headers: F.headers("imb-loket"),
                                 body: F.json(["sop": "dpmptsp-imb-jatim", "caseID": id, "documents": [F.document("berkas-imb")]])) { r in
            #expect(r.status == .created, "\(String(buffer: r.body))")
            return F.body(r)
        }
    }

    /// Opens a case and runs it to the fork: the field check and the fee calculation active.
    func toTheFork(_ client: some TestClientProtocol, _ id: String) async throws -> [String: Any] {
        let opened = try await open(client, id)
        #expect(Self.activeIDs(opened) == ["terima-berkas"])
        try await complete(client, id, as: "imb-loket", step: "terima-berkas", documents: ["tanda-terima"])
        return try await complete(client, id, as: "imb-teknis", step: "evaluasi-rencana")
    }

    @Test func aLicensingCaseRunsBothBranchesTheApplicantsTurnAndTheJoin() async throws {
        let clock = F.Clock("2026-03-02T09:00")
        let config = try F.licensing(clock: clock)
        let calendar = WorkingCalendar(config.sops[0].calendar)
        let app = try await buildApplication(config)
        try await app.test(.router) { client in
            let forked = try await toTheFork(client, "IMB-1")
            #expect(Self.activeIDs(forked) == ["peninjauan-lokasi", "hitung-retribusi"])
            let fee = try #require(Self.active(forked).first { $0["step"] as? String == "hitung-retribusi" })
            #expect(fee["roles"] as? [String] == ["tim-teknis", "pengadministrasi-perizinan"])
            #expect(forked["waitingOnApplicant"] as? Bool == false && forked["pausedAt"] == nil)

            // Both branches in the technical team's queue; the counter's queue has the case
            // through the fee step it may do as an alternative actor (the read model's row
            // names the field check's role only).
            let team = try await get(client, "/api/queues/tim-teknis", as: "imb-teknis")
            #expect(Self.ids(team) == ["IMB-1"])
            let listed = try #require((team["cases"] as? [[String: Any]])?.first)
            #expect(Self.activeIDs(listed) == ["peninjauan-lokasi", "hitung-retribusi"])
            #expect(Self.ids(try await get(client, "/api/queues/pengadministrasi-perizinan", as: "imb-loket")) == ["IMB-1"])
            #expect(Self.ids(try await get(client, "/api/cases?role=pengadministrasi-perizinan", as: "imb-loket")) == ["IMB-1"])
            #expect(Self.ids(try await get(client, "/api/queues/kepala-bidang-perizinan", as: "imb-kabid")).isEmpty)

            // A step of the SOP that is not active: step-not-active, naming both active steps.
            let refused = try await complete(client, "IMB-1", as: "imb-loket", step: "cetak-sk", documents: ["sk-imb"], expect: .conflict)
            let message = (refused["error"] as? [String: Any])?["message"] as? String ?? ""
            #expect((refused["error"] as? [String: Any])?["code"] as? String == "step-not-active")
            #expect(message.contains("peninjauan-lokasi") && message.contains("hitung-retribusi"), "\(message)")
            // An officer with none of the step's roles.
            try await complete(client, "IMB-1", as: "imb-kabid", step: "hitung-retribusi", documents: ["lembar-kerja-retribusi"], expect: .forbidden)

            // The counter calculates the fee (no role given: its alternative role is used).
            clock.advance(seconds: 1800)
            let feeDone = try await complete(client, "IMB-1", as: "imb-loket", step: "hitung-retribusi", documents: ["lembar-kerja-retribusi"])
            #expect(Self.activeIDs(feeDone) == ["peninjauan-lokasi", "cetak-sk"])
            let feeRow = (feeDone["timeline"] as? [[String: Any]])?.first { $0["step"] as? String == "hitung-retribusi" }
            #expect(feeRow?["role"] as? String == "pengadministrasi-perizinan" && feeRow?["actor"] as? String == "imb-loket")

            // The field check sends the plans back: the applicant's turn, the agency's clock stopped.
            let printDue = try #require(Self.active(feeDone).first { $0["step"] as? String == "cetak-sk" }?["due"] as? String)
            let back = try await complete(client, "IMB-1", as: "imb-teknis", step: "peninjauan-lokasi", outcome: "tidak-sesuai",
                                          documents: ["berita-acara-pemeriksaan"])
            #expect(Self.activeIDs(back) == ["cetak-sk", "perbaikan-gambar"])
            #expect(back["waitingOnApplicant"] as? Bool == true)
            let pausedAt = try #require(back["pausedAt"] as? String)
            #expect(pausedAt == clock.now().iso8601(utcOffsetSeconds: 7 * 3600))
            let applicantStep = try #require(Self.active(back).first { $0["step"] as? String == "perbaikan-gambar" })
            #expect(applicantStep["applicant"] as? Bool == true && applicantStep["roles"] as? [String] == ["pemohon"])
            #expect((applicantStep["timers"] as? [[String: Any]])?.map { $0["action"] as? String } == ["withdraw"])

            // Three working days later: nothing is the agency's delay, the applicant's time counts apart.
            clock.advance(seconds: 3 * 86_400)
            let waiting = try await get(client, "/api/cases/IMB-1", as: "imb-loket")
            #expect(waiting["overdue"] as? Bool == false)
            #expect(Self.active(waiting).allSatisfy { $0["overdue"] as? Bool == false })
            #expect(Self.ids(try await get(client, "/api/overdue", as: "imb-kabid")).isEmpty)
            let paused = try #require(Instant.parse(pausedAt, defaultUTCOffsetSeconds: 7 * 3600))
            let opened = try #require(Instant.parse(waiting["openedAt"] as? String ?? "", defaultUTCOffsetSeconds: 7 * 3600))
            let applicantSeconds = try calendar.elapsed(from: paused, to: clock.now()).officeSeconds
            let totalSeconds = try calendar.elapsed(from: opened, to: clock.now()).officeSeconds
            #expect(applicantSeconds > 0)
            #expect(waiting["applicantOfficeMinutes"] as? Int == Int(applicantSeconds / 60))
            #expect(waiting["agencyOfficeMinutes"] as? Int == Int((totalSeconds - applicantSeconds) / 60))
            // The applicant's step is in the queue of the role that records it.
            #expect(Self.ids(try await get(client, "/api/queues/pemohon", as: "imb-loket")) == ["IMB-1"])
            let listedWaiting = try #require((try await get(client, "/api/cases?status=open", as: "imb-loket")["cases"] as? [[String: Any]])?.first)
            #expect(listedWaiting["waitingOnApplicant"] as? Bool == true && listedWaiting["pausedAt"] as? String == pausedAt)

            // The corrected plans come back: the clock runs again and the printing's due moved
            // on by the working time it stood still.
            let answered = try await complete(client, "IMB-1", as: "imb-loket", step: "perbaikan-gambar", documents: ["gambar-perbaikan"])
            #expect(answered["waitingOnApplicant"] as? Bool == false && answered["pausedAt"] == nil)
            #expect(Self.activeIDs(answered) == ["cetak-sk", "peninjauan-lokasi"])
            let shifted = try #require(Self.active(answered).first { $0["step"] as? String == "cetak-sk" }?["due"] as? String)
            let before = try #require(Instant.parse(printDue, defaultUTCOffsetSeconds: 7 * 3600))
            let after = try #require(Instant.parse(shifted, defaultUTCOffsetSeconds: 7 * 3600))
            #expect(after > before)
            #expect(answered["applicantOfficeMinutes"] as? Int == Int(applicantSeconds / 60))

            // The second field check agrees; the branch waits at the join for the printing.
            let checked = try await complete(client, "IMB-1", as: "imb-teknis", step: "peninjauan-lokasi", outcome: "sesuai",
                                             documents: ["berita-acara-pemeriksaan"])
            #expect(Self.activeIDs(checked) == ["cetak-sk"])
            let joined = try await complete(client, "IMB-1", as: "imb-loket", step: "cetak-sk", documents: ["sk-imb"])
            #expect(Self.activeIDs(joined) == ["verifikasi"])
            let verification = try #require(Self.active(joined).first)
            #expect((verification["timers"] as? [[String: Any]])?.map { $0["action"] as? String } == ["remind", "escalate"])
            #expect((verification["timers"] as? [[String: Any]])?.last?["to"] as? String == "kepala-dinas")
            #expect(Self.ids(try await get(client, "/api/queues/kepala-bidang-perizinan", as: "imb-kabid")) == ["IMB-1"])

            try await complete(client, "IMB-1", as: "imb-kabid", step: "verifikasi", outcome: "ya", documents: ["sk-imb-terverifikasi"])
            try await complete(client, "IMB-1", as: "imb-kadis", step: "tandatangani-sk", documents: ["sk-imb-ttd"])
            try await complete(client, "IMB-1", as: "imb-data", step: "beritahu-pemohon", documents: ["pemberitahuan"])
            let paying = try await get(client, "/api/cases/IMB-1", as: "imb-loket")
            #expect(paying["waitingOnApplicant"] as? Bool == true)
            try await complete(client, "IMB-1", as: "imb-loket", step: "bayar-retribusi", documents: ["bukti-bayar"])
            let closed = try await complete(client, "IMB-1", as: "imb-loket", step: "serahkan-sk")
            #expect(closed["status"] as? String == "closed" && Self.activeIDs(closed).isEmpty)
            #expect(closed["resolution"] == nil && closed["waitingOnApplicant"] as? Bool == false)
            #expect(Self.ids(try await get(client, "/api/cases?status=closed", as: "imb-kabid")) == ["IMB-1"])
            #expect(Self.ids(try await get(client, "/api/queues/tim-teknis", as: "imb-teknis")).isEmpty)
        }
    }

    @Test func theApplicantWhoDoesNotAnswerHasWithdrawn() async throws {
        let clock = F.Clock("2026-03-02T09:00")
        let config = try F.licensing(clock: clock)
        let app = try await buildApplication(config)
        try await app.test(.router) { client in
            _ = try await toTheFork(client, "IMB-W")
            try await complete(client, "IMB-W", as: "imb-teknis", step: "peninjauan-lokasi", outcome: "tidak-sesuai",
                               documents: ["berita-acara-pemeriksaan"])
            // 31 calendar days later the withdrawal timer fires (as the timer loop would).
            clock.advance(seconds: 31 * 86_400)
            let service = CaseService(store: config.store, clock: clock.now)
            let (state, machine) = try await service.load("IMB-W")
            let events = try machine.fireDue(state, at: clock.now())
            var after = state
            for e in events { after.apply(e) }
            try await config.store.append(CaseAppend(events: events, expectedVersion: state.version,
                                               summary: CaseSummary(after, definition: machine.definition)))
            let withdrawn = try await get(client, "/api/cases/IMB-W", as: "imb-loket")
            #expect(withdrawn["status"] as? String == "closed" && withdrawn["resolution"] as? String == "withdrawn")
            #expect(withdrawn["waitingOnApplicant"] as? Bool == false && Self.activeIDs(withdrawn).isEmpty)
            let list = try await get(client, "/api/cases?status=closed", as: "imb-loket")
            #expect((list["cases"] as? [[String: Any]])?.first?["resolution"] as? String == "withdrawn")
            try await complete(client, "IMB-W", as: "imb-loket", step: "perbaikan-gambar", documents: ["gambar-perbaikan"], expect: .conflict)
        }
    }

    /// The licensing SOP with a verification that may also refuse the permit (an ending outcome).
    static func refusingSOP() -> ServerConfig.LoadedSOP {
        let base = F.sop("dpmptsp-imb-jatim.yaml")
        var definition = base.definition
        let i = definition.steps.firstIndex { $0.id == "verifikasi" }!
        definition.steps[i].outcomes.append(.init(id: "tolak", label: "Permohonan ditolak", next: nil, end: "ditolak"))
        return .init(definition: definition, hash: definition.contentHash, calendar: base.calendar)
    }

    @Test func aDecisionThatEndsTheCaseNamesItsResolution() async throws {
        let config = try F.licensing(sops: [Self.refusingSOP()])
        let app = try await buildApplication(config)
        try await app.test(.router) { client in
            _ = try await toTheFork(client, "IMB-T")
            try await complete(client, "IMB-T", as: "imb-teknis", step: "peninjauan-lokasi", outcome: "sesuai", documents: ["berita-acara-pemeriksaan"])
            try await complete(client, "IMB-T", as: "imb-teknis", step: "hitung-retribusi", documents: ["lembar-kerja-retribusi"])
            try await complete(client, "IMB-T", as: "imb-loket", step: "cetak-sk", documents: ["sk-imb"])
            let refused = try await complete(client, "IMB-T", as: "imb-kabid", step: "verifikasi", outcome: "tolak",
                                             documents: ["sk-imb-terverifikasi"])
            #expect(refused["status"] as? String == "closed" && refused["resolution"] as? String == "ditolak")
        }
    }
}
