import HTTPTypes
import Hummingbird
import NIOCore
import Metrics
import Prometheus
import SOPCore

/// `/metrics` in Prometheus' text format: Hummingbird's request counters and durations by route
/// pattern and status (``MetricsMiddleware``), and the engine's own counters of case events by
/// type and of timers fired. One registry per process (swift-metrics is bootstrapped once).
///
/// Answered only to a client on the loopback interface that did not come through a proxy
/// (no `X-Forwarded-For`): Prometheus scrapes the node directly; everyone else gets a 404.
enum ServerMetrics {
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.nameAndLabelSanitizer = { name, labels in (sanitized(name), labels.map { (sanitized($0.0), $0.1) }) }
        MetricsSystem.bootstrap(factory)
        return registry
    }()

    /// Prometheus names are `[a-zA-Z_:][a-zA-Z0-9_:]*`: swift-metrics labels such as
    /// `http.server.request.duration` become `http_server_request_duration`.
    static func sanitized(_ name: String) -> String {
        String(name.unicodeScalars.map { s in
            ("a"..."z").contains(s) || ("A"..."Z").contains(s) || ("0"..."9").contains(s) || s == "_" || s == ":" ? Character(s) : "_"
        })
    }

    /// Makes sure swift-metrics reports to ``registry`` before any middleware makes a metric.
    static func start() { _ = registry }

    /// Counts what the service appended.
    static func record(_ events: [RecordedEvent]) {
        for e in events {
            Counter(label: "sop_case_events_total", dimensions: [("type", e.event.type)]).increment()
            if case .timerFired(let t) = e.event {
                Counter(label: "sop_timers_fired_total", dimensions: [("action", t.action.rawValue)]).increment()
            }
        }
    }

    static func addRoute(to router: Router<SOPRequestContext>) {
        router.get("metrics") { request, context in
            guard isLocal(context), request.headers[values: HTTPField.Name("X-Forwarded-For")!].isEmpty else {
                throw HTTPError(.notFound)
            }
            var buffer: [UInt8] = []
            registry.emit(into: &buffer)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
        }
    }

    static func isLocal(_ context: SOPRequestContext) -> Bool {
        guard let ip = context.remoteAddress?.ipAddress else { return false }
        return ip == "::1" || ip.hasPrefix("127.") || ip.hasPrefix("::ffff:127.")
    }
}
