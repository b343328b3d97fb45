import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle
import SOPCore
import SOPLoader
import SOPNotify
import SOPStore

/// The HTTP application of a deployment; `sop serve` runs it and the tests call it directly.
public func buildApplication(_ config: ServerConfig, host: String? = nil, port: Int? = nil) async throws -> some ApplicationProtocol {
    let logger = config.logger ?? Logger(label: "sop-engine")
    ServerMetrics.start()
    // HEAD is answered on every GET route, as GET without the body.
    let router = Router(context: SOPRequestContext.self, options: .autoGenerateHeadEndpoints)
    let limits = BodyLimits(config.deployment)
    router.add(middleware: AccessLogMiddleware(logger: logger))
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: BodyLimitMiddleware(limits: limits))
    router.add(middleware: ErrorMapping())
    let clientAddress = ClientAddress(trustedProxies: config.deployment.trustedProxies)
    router.add(middleware: ClientAddressMiddleware(resolver: clientAddress))
    // The officers file is watched: added, removed and re-tokened officers count on the next request.
    let officersLog = Logger(label: "sop.officers")
    let officers = OfficerDirectory(config.deployment.officers, file: config.deployment.officersFile,
                                    checkInterval: config.officersCheckInterval, warn: { officersLog.warning("\($0)") })
    let api = CaseAPI(config: config, officers: officers)
    ServerMetrics.addRoute(to: router)
    let pages = try OfficerPages(api: api, officers: officers)
    router.add(middleware: CSRFMiddleware(refuse: { pages.refusedForm($0) }))
    router.get("health") { _, _ in
        Health(status: "ok", agency: config.deployment.agency, sops: config.sops.map(\.definition.id))
    }
    api.addPublicRoutes(to: router.group("public"))
    await api.addOfficerRoutes(to: router.group("api").add(middleware: OfficerAuthentication(officers: officers)))
    pages.add(to: router)
    let connections = config.deployment.connections
    let limiter = ConnectionLimiter(limit: connections.perAddress)
    let requestTimeout = TimeAmount.seconds(Int64(connections.requestTimeout))
    let server = HTTP1Channel.Configuration(
        additionalChannelHandlers: [ConnectionGuard(limiter: limiter, requestTimeout: requestTimeout, bodyLimit: { limits.limit(for: $0) },
                                                     client: clientAddress)],
        idleTimeout: .seconds(Int64(connections.idleTimeout)),
        // Headers: 16 KiB a field, 32 KiB in all, 100 fields; past that the request is a 400.
        httpDecoderConfiguration: .init(maxHeaderFieldSize: 16 << 10, maxHeaderListSize: 32 << 10, maxHeaderFieldCount: 100))
    return Application(
        router: router,
        server: .http1(configuration: server),
        configuration: .init(address: .hostname(host ?? config.deployment.host, port: port ?? config.deployment.port),
                             serverName: "sop-engine"),
        // The cases' timers fire while the server runs, through the API's service so that
        // what they change reaches the queues and the metrics at once,
        // and the reminders and escalations they leave in the outbox go out.
        services: [TimerLoop(service: api.service, sopIDs: config.sops.map(\.definition.id),
                             interval: .seconds(config.deployment.timers.intervalSeconds), clock: config.clock)]
            + (Notifier(config, roster: { officers.roster }).map {
                [NotifierLoop(notifier: $0, interval: .seconds(config.deployment.timers.intervalSeconds))] as [any Service]
            } ?? []),
        logger: logger)
}
