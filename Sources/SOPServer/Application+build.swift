import Foundation
import Hummingbird
import SOPCore
import SOPStore

/// The HTTP application of a deployment; `sop serve` runs it and the tests call it directly.
public func buildApplication(_ config: ServerConfig, host: String? = nil, port: Int? = nil) throws -> some ApplicationProtocol {
    let router = Router(context: SOPRequestContext.self)
    router.add(middleware: ErrorMapping())
    let api = CaseAPI(config: config)
    router.get("health") { _, _ in
        Health(status: "ok", agency: config.deployment.agency, sops: config.sops.map(\.definition.id))
    }
    api.addPublicRoutes(to: router.group("public"))
    api.addOfficerRoutes(to: router.group("api").add(middleware: OfficerAuthentication(deployment: config.deployment)))
    try OfficerPages(api: api).add(to: router)
    return Application(
        router: router,
        configuration: .init(address: .hostname(host ?? config.deployment.host, port: port ?? config.deployment.port),
                             serverName: "sop-engine"))
}
