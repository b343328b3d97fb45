import Foundation
import Hummingbird
import HummingbirdTesting
import SOPCore
import SOPServer
import SOPStore
import Testing

/// Work assignment over the API and the officers' pages: claim, assign and reassign to a named
/// officer of the step's role, release, completion only by the holder, a substitute for an
/// officer on leave recorded with them, and the board's views and search.
@Suite struct AssignmentTests {
    typealias F = ServerFixtures

    /// Serdang Bedagai with two officers of the complaint desk (humas, humas2); `leave` puts
    /// humas on leave on the test's day with the counter officer (loket) acting for them.
    func config(leave: Bool = false) throws -> ServerConfig {
        try F.config { d in
            d.officers.append(F.officer("humas2", ["pranata-humas"]))
            if leave, let k = d.officers.firstIndex(where: { $0.id == "humas" }) {
                d.officers[k].leave = [.init(from: CivilDate(iso: "2026-03-01")!, to: CivilDate(iso: "2026-03-06")!, substitute: "loket")]
            }
        }
    }

    func post(_ client: some TestClientProtocol, _ uri: String, as officer: String, _ body: [String: Any],
              expect status: HTTPResponse.Status = .ok) async throws -> [String: Any] {
        try await client.execute(uri: uri, method: .post, headers: F.headers(officer), body: F.json(body)) { r in
            #expect(r.status == status, "\(uri) as \(officer): \(String(buffer: r.body))")
            return F.body(r)
        }
    }

    static func code(_ r: [String: Any]) -> String? { (r["error"] as? [String: Any])?["code"] as? String }
    static func assignee(_ c: [String: Any], _ step: String) -> String? {
        (c["activeSteps"] as? [[String: Any]])?.first { $0["step"] as? String == step }?["assignee"] as? String
    }

    let step = "catat-pengaduan"

    func complete(_ client: some TestClientProtocol, _ id: String, as officer: String,
                  expect status: HTTPResponse.Status = .ok) async throws -> [String: Any] {
        try await post(client, "/api/cases/\(id)/complete", as: officer,
                       ["step": step, "documents": [F.document("pengaduan-tercatat")]], expect: status)
    }

    @Test func aClaimedTaskIsCompletedByItsHolderOnly() async throws {
        let app = try await buildApplication(try config())
        try await app.test(.router) { client in
            let id = try await F.file(client)
            let claimed = try await post(client, "/api/cases/\(id)/assign", as: "humas", ["step": step])
            #expect(Self.assignee(claimed, step) == "humas")
            // Claiming again changes nothing (no second event).
            let again = try await post(client, "/api/cases/\(id)/assign", as: "humas", ["step": step])
            #expect(again["version"] as? Int == claimed["version"] as? Int)
            // The colleague may neither complete nor claim it, but may take it over by name.
            #expect(Self.code(try await complete(client, id, as: "humas2", expect: .conflict)) == "task-assigned-to-other")
            #expect(Self.code(try await post(client, "/api/cases/\(id)/assign", as: "humas2", ["step": step], expect: .conflict)) == "task-claimed")
            let taken = try await post(client, "/api/cases/\(id)/assign", as: "humas2", ["step": step, "officer": "humas2"])
            #expect(Self.assignee(taken, step) == "humas2")
            #expect(Self.code(try await complete(client, id, as: "humas", expect: .conflict)) == "task-assigned-to-other")
            // Released, it is anyone's of the role again.
            let released = try await post(client, "/api/cases/\(id)/release", as: "humas2", ["step": step])
            #expect(Self.assignee(released, step) == nil)
            let done = try await complete(client, id, as: "humas")
            let row = try #require((done["timeline"] as? [[String: Any]])?.first { $0["step"] as? String == step })
            #expect(row["actor"] as? String == "humas" && row["substituteFor"] == nil)
        }
    }

    @Test func onlyAnOfficerOfTheStepsRolesHoldsOrGivesIt() async throws {
        let config = try config()
        let app = try await buildApplication(config)
        try await app.test(.router) { client in
            let id = try await F.file(client)
            #expect(Self.code(try await post(client, "/api/cases/\(id)/assign", as: "humas", ["step": step, "officer": "kadis"],
                                             expect: .badRequest)) == "officer-not-in-role")
            #expect(Self.code(try await post(client, "/api/cases/\(id)/assign", as: "humas", ["step": step, "officer": "humsa"],
                                             expect: .badRequest)) == "unknown-officer")
            #expect(Self.code(try await post(client, "/api/cases/\(id)/assign", as: "kadis", ["step": step], expect: .forbidden)) == "role-not-held")
            #expect(Self.code(try await post(client, "/api/cases/\(id)/assign", as: "humas", ["step": "telaah-pengaduan"],
                                             expect: .conflict)) == "step-not-active")
            let given = try await post(client, "/api/cases/\(id)/assign", as: "humas", ["step": step, "officer": "humas2"])
            #expect(Self.assignee(given, step) == "humas2")
            // The history records who gave it, and nothing for the refusals.
            let assigned = try await config.store.events(caseID: id).filter { $0.event.type == "task-assigned" }
            #expect(assigned.count == 1 && assigned[0].actor == "humas" && assigned[0].role == "pranata-humas")
        }
    }

    @Test func aSubstituteCompletesTheTaskOfAnOfficerOnLeave() async throws {
        let config = try config(leave: true)
        let app = try await buildApplication(config)
        try await app.test(.router) { client in
            let id = try await F.file(client)
            // humas is away today: no task is given to them.
            #expect(Self.code(try await post(client, "/api/cases/\(id)/assign", as: "humas2", ["step": step, "officer": "humas"],
                                             expect: .conflict)) == "officer-on-leave")
            // The counter officer acts for humas today: in humas's role, on a task nobody holds.
            let done = try await complete(client, id, as: "loket")
            let row = try #require((done["timeline"] as? [[String: Any]])?.first { $0["step"] as? String == step })
            #expect(row["actor"] as? String == "loket" && row["role"] as? String == "pranata-humas")
            #expect(row["substituteFor"] as? String == "humas")
            let handover = try await config.store.events(caseID: id).filter { $0.event.type == "task-assigned" }
            #expect(handover.count == 1 && handover[0].actor == "loket")
        }
    }

    @Test func aSubstituteTakesOverATaskGivenToTheOfficerOnLeave() async throws {
        // humas claims on Friday; from Monday humas is on leave and loket acts for them.
        let clock = F.Clock("2026-02-27T10:00")
        let config = try F.config(clock: clock) { d in
            d.officers.append(F.officer("humas2", ["pranata-humas"]))
            let k = d.officers.firstIndex { $0.id == "humas" }!
            d.officers[k].leave = [.init(from: CivilDate(iso: "2026-03-02")!, to: CivilDate(iso: "2026-03-06")!, substitute: "loket")]
        }
        let app = try await buildApplication(config)
        try await app.test(.router) { client in
            let id = try await F.file(client)
            _ = try await post(client, "/api/cases/\(id)/assign", as: "humas", ["step": step])
            // Before the leave, the counter officer has no role on it.
            #expect(Self.code(try await complete(client, id, as: "loket", expect: .forbidden)) == "role-not-held")
            clock.advance(seconds: 3 * 86400)
            // humas2 still may not take humas's task; the substitute may.
            #expect(Self.code(try await complete(client, id, as: "humas2", expect: .conflict)) == "task-assigned-to-other")
            let done = try await complete(client, id, as: "loket")
            let row = try #require((done["timeline"] as? [[String: Any]])?.first { $0["step"] as? String == step })
            #expect(row["actor"] as? String == "loket" && row["substituteFor"] as? String == "humas")
            let assigned = try await config.store.events(caseID: id).filter { $0.event.type == "task-assigned" }
            #expect(assigned.map(\.actor) == ["humas", "loket"])
            guard case .taskAssigned(let last) = assigned.last?.event else { Issue.record("no hand-over"); return }
            #expect(last.officer == "loket" && last.substituteFor == "humas")
        }
    }

    @Test func theBoardShowsMyTasksAndFindsACaseByTheComplainant() async throws {
        let app = try await buildApplication(try config())
        try await app.test(.router) { client in
            let first = try await client.execute(uri: "/public/complaints", method: .post, headers: F.headers(nil),
                                                 body: F.json(["complaint": "Jalan rusak di Sei Rampah.", "name": "Siti Aminah"])) { F.body($0)["trackingCode"] as? String ?? "" }
            let second = try await F.file(client, "Izin usaha saya belum terbit.")
            let (cookie, _, csrf) = try await F.webSignIn(client, "humas")
            var session = HTTPFields()
            session[.cookie] = cookie
            func page(_ uri: String) async throws -> String {
                try await client.execute(uri: uri, method: .get, headers: session) { r in
                    #expect(r.status == .ok, "\(uri)")
                    return String(buffer: r.body)
                }
            }
            // Claim the second from the board, as the button does.
            var form = F.formHeaders
            form[.cookie] = cookie
            let status = try await client.execute(uri: "/kasus/\(second)/tugas", method: .post, headers: form,
                                                  body: ByteBuffer(string: "csrf=\(csrf)&step=\(step)&action=claim&back=papan")) { $0.status }
            #expect(status == .seeOther)
            let all = try await page("/papan")
            #expect(all.contains("data-case=\"\(first)\"") && all.contains("data-case=\"\(second)\""))
            #expect(all.contains("data-assignee=\"humas\""))
            let mine = try await page("/papan?lihat=saya")
            #expect(mine.contains("data-case=\"\(second)\"") && !mine.contains("data-case=\"\(first)\""))
            // Search by the complainant's name (any case, no accents needed) and by code.
            let found = try await page("/papan?cari=siti%20aminah")
            #expect(found.contains("data-case=\"\(first)\"") && !found.contains("data-case=\"\(second)\""))
            let byCode = try await page("/papan?cari=\(second.lowercased())")
            #expect(byCode.contains("data-case=\"\(second)\"") && !byCode.contains("data-case=\"\(first)\""))
            let none = try await page("/papan?cari=tidak-ada-yang-cocok")
            #expect(none.contains("Tidak ada tugas yang cocok"))
            // Nothing is overdue on the first day; both are due in 5 working days, not soon.
            let overdue = try await page("/papan?lihat=terlambat")
            #expect(!overdue.contains("data-case="))
            // HTML in a search is escaped where the page repeats it.
            let escaped = try await page("/papan?cari=%3Cscript%3E")
            #expect(!escaped.contains("<script>") && escaped.contains("&lt;script&gt;"))
            // The case page of a colleague's view: humas2 sees who holds it and no completion form.
            let (cookie2, _, _) = try await F.webSignIn(client, "humas2")
            var session2 = HTTPFields()
            session2[.cookie] = cookie2
            let other = try await client.execute(uri: "/kasus/\(second)", method: .get, headers: session2) { String(buffer: $0.body) }
            #expect(other.contains("data-others-task") && !other.contains("data-form-step=\"\(step)\""))
            #expect(other.contains("data-assign=\"\(step)\""))
        }
    }

    @Test func aFormWithoutItsCSRFValueAssignsNothing() async throws {
        let config = try config()
        let app = try await buildApplication(config)
        try await app.test(.router) { client in
            let id = try await F.file(client)
            let (cookie, _, _) = try await F.webSignIn(client, "humas")
            var form = F.formHeaders
            form[.cookie] = cookie
            let status = try await client.execute(uri: "/kasus/\(id)/tugas", method: .post, headers: form,
                                                  body: ByteBuffer(string: "step=\(step)&action=claim")) { $0.status }
            #expect(status == .forbidden)
            await #expect(try config.store.events(caseID: id).allSatisfy { $0.event.type != "task-assigned" })
        }
    }
}
