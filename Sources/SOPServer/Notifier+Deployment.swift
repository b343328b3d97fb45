import SOPCore
import SOPNotify
import SOPStore

extension Notifier {
    /// The deployment's notifier: nil when it sends nothing (no SMTP relay, no webhook) or
    /// its store keeps no outbox.
    public init?(_ config: ServerConfig, roster: @escaping @Sendable () -> OfficerRoster) {
        let d = config.deployment
        guard !d.notifications.isEmpty, let outbox = config.store as? any NotificationStore else { return nil }
        self.init(cases: config.store, outbox: outbox,
                  messages: NoticeMessages(agency: d.agency, publicURL: d.publicURL, notifications: d.notifications),
                  transport: NetworkTransport(agency: d.agency, notifications: d.notifications), roster: roster, clock: config.clock)
    }
}
