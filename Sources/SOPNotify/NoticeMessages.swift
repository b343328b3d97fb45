import Foundation
import SOPCore
import SOPStore

/// What a notice becomes: one e-mail per officer it concerns (who have an address) and one
/// webhook post, in Indonesian, naming the case, the step, its role and its due, with a link
/// to the case page; never the complaint's text, a name or a contact of the citizen.
///
/// Who it concerns: a reminder goes to the officer the task is assigned to, else to every
/// officer of the step's own roles; an escalation to the officers of the role it escalates to.
/// An officer on leave that day is replaced by the substitute who acts for them.
public struct NoticeMessages: Sendable {
    public var agency: String
    /// `https://lapor.example.go.id`: links point at `/kasus/{id}` under it.
    public var publicURL: String?
    public var notifications: Deployment.Notifications

    public init(agency: String, publicURL: String?, notifications: Deployment.Notifications) {
        self.agency = agency
        self.publicURL = publicURL
        self.notifications = notifications
    }

    /// The officers `notice` concerns, by id, each once.
    public static func recipients(_ notice: Notice, state: CaseState, definition: SOPDefinition, roster: OfficerRoster,
                                  on date: CivilDate) -> [Deployment.Officer] {
        func acting(_ o: Deployment.Officer) -> Deployment.Officer {
            o.leave(on: date).flatMap { roster.officer(id: $0.substitute) } ?? o
        }
        var chosen: [Deployment.Officer] = []
        switch notice.action {
        case .escalate:
            let role = notice.to ?? ""
            chosen = roster.officers.filter { $0.roles.contains(role) }.map(acting)
        default:
            let record = state.history.last { $0.step == notice.step }
            if let a = record?.assignee, let o = roster.officer(id: a) {
                chosen = [acting(o)]
            } else {
                // The step's own roles: an escalation has its own notice, to the role it gave the step.
                let roles = Set(definition.step(notice.step)?.actors ?? [])
                chosen = roster.officers.filter { !roles.isDisjoint(with: $0.roles) }.map(acting)
            }
        }
        var seen = Set<String>()
        return chosen.filter { seen.insert($0.id).inserted }.sorted { $0.id < $1.id }
    }

    /// The deliveries of `notice`, due at `now`.
    public func deliveries(_ notice: Notice, state: CaseState, definition: SOPDefinition, calendar: CalendarDefinition,
                           roster: OfficerRoster, now: Instant) -> [Delivery] {
        let offset = calendar.utcOffsetSeconds
        let officers = Self.recipients(notice, state: state, definition: definition, roster: roster,
                                       on: now.local(utcOffsetSeconds: offset).date)
        let step = definition.step(notice.step)
        let activity = step.map { "\($0.number). \($0.activity)" } ?? notice.step
        let roleTitles = (step?.actors ?? []).map { definition.role($0)?.title ?? $0 }
        let due = state.history.last { $0.step == notice.step }?.due
        let dueText = due.map { "\($0.localMinute(utcOffsetSeconds: offset)) \(calendar.zoneAbbreviation)" } ?? "—"
        let link = publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }.map { "\($0)/kasus/\(state.caseID.pathSegmentEncoded)" }
        let escalatedTo = notice.to.map { definition.role($0)?.title ?? $0 }
        let subject = notice.action == .escalate
            ? "Eskalasi: \(step?.activity ?? notice.step) — kasus \(state.caseID) melewati batas waktu"
            : "Pengingat: \(step?.activity ?? notice.step) — kasus \(state.caseID)"
        var out: [Delivery] = []
        if notifications.smtp != nil {
            for o in officers {
                guard let email = o.email else { continue }
                var lines = ["Yth. \(o.name),", ""]
                if notice.action == .escalate {
                    lines.append("Langkah berikut telah melewati batas waktunya dan kini dapat diselesaikan juga oleh \(escalatedTo ?? "—").")
                } else {
                    lines.append("Langkah berikut menunggu tindakan sebelum batas waktunya.")
                }
                lines += ["", "Kasus: \(state.caseID)", "Prosedur: \(definition.identity.name) — \(definition.identity.agency.regency)",
                          "Langkah: \(activity)", "Pelaksana: \(roleTitles.joined(separator: ", "))", "Batas waktu: \(dueText)"]
                if let link { lines.append("Buka: \(link)") }
                lines += ["", "Pesan ini dikirim otomatis oleh \(agency); mohon tidak dibalas."]
                out.append(Delivery(caseID: notice.caseID, sequence: notice.sequence, channel: .email, recipient: email, officer: o.id,
                                    subject: subject, body: lines.joined(separator: "\n") + "\n", nextAttemptAt: now))
            }
        }
        if let hook = notifications.webhook {
            let payload = WebhookPayload(type: notice.action.rawValue, agency: agency, caseID: state.caseID, sequence: notice.sequence,
                                         sop: definition.id, step: notice.step, activity: step?.activity, roles: step?.actors ?? [],
                                         escalatedTo: notice.to, due: due?.iso8601(utcOffsetSeconds: offset), url: link,
                                         officers: officers.map { .init(id: $0.id, name: $0.name) }, subject: subject)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let body = (try? encoder.encode(payload)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
            out.append(Delivery(caseID: notice.caseID, sequence: notice.sequence, channel: .webhook, recipient: hook.url, officer: nil,
                                subject: subject, body: body, nextAttemptAt: now))
        }
        return out
    }

    /// What the webhook receives: the notice and whom it concerns (ids and names only).
    struct WebhookPayload: Encodable {
        struct Officer: Encodable { var id: String; var name: String }
        var type: String
        var agency: String
        var caseID: String
        var sequence: Int
        var sop: String
        var step: String
        var activity: String?
        var roles: [String]
        var escalatedTo: String?
        var due: String?
        var url: String?
        var officers: [Officer]
        var subject: String
    }
}
