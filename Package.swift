// swift-tools-version: 6.1
//
// sop-engine: Indonesian SOP-AP procedures as YAML, checked and executed.
//
// Targets, from the inside out (dependencies point inwards only):
//   SOPCore    plain Sendable value types, no I/O: diagnostics, the SOP model,
//              semantic validation, durations, working-time calendars.
//   SOPLoader  YAML (libyaml's event stream, system libyaml-dev) -> SOPCore values, with
//              file:line:column on every problem.
//   SOPStore   the CaseStore protocol and what runs cases over any store (CaseService,
//              timers, migration, simulation); no database in it.
//   SOPStoreSQLite  the embedded default store: cases, events, documents, sessions and the
//              notification outbox in SQLite (GRDB).
//   SOPStorePostgres  the same cases in PostgreSQL (postgres-nio), for several nodes and agencies.
//   SOPRender  what people and other tools read: SVG charts, CSV, XES event logs, BPMN.
//   SOPNotify  reminders and escalations from the store's outbox: SMTP (over SwiftNIO) and a
//              webhook (async-http-client).
//   SOPServer  `sop serve`: the HTTP API on Hummingbird (networking stays out of the targets above).
//   SOPCLI     the `sop` commands (swift-argument-parser); `sop` is a thin main.
// Networking (Hummingbird, postgres-nio) will live in their own targets so the core
// keeps building in under a minute on a cold machine.
import PackageDescription

let package = Package(
    name: "sop-engine",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "sop", targets: ["sop"]),
        .library(name: "SOPCore", targets: ["SOPCore"]),
        .library(name: "SOPLoader", targets: ["SOPLoader"]),
        .library(name: "SOPStore", targets: ["SOPStore"]),
        .library(name: "SOPStoreSQLite", targets: ["SOPStoreSQLite"]),
        .library(name: "SOPStorePostgres", targets: ["SOPStorePostgres"]),
        .library(name: "SOPRender", targets: ["SOPRender"]),
        // libFuzzer target for the loader and the variant resolver; see Sources/SOPFuzz/ and .ci/fuzz.sh.
        .executable(name: "sop-fuzz", targets: ["SOPFuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.0"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
        // /metrics in Prometheus' text format, over swift-metrics (which Hummingbird's MetricsMiddleware reports to).
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.1.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.5.0"),
        // Imported by the server directly; Hummingbird brings them already.
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.20.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.0.0"),
        // The PostgreSQL store (SOPStorePostgres only): a connection pool, prepared statements, transactions.
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.0"),
        // The notifications' webhook: HTTPS with certificate checks, timeouts and pooling (SOPNotify only).
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        .target(name: "SOPCore"),
        .systemLibrary(name: "CLibYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        .target(
            name: "SOPLoader",
            dependencies: ["SOPCore", "CLibYAML"]
        ),
        .target(
            name: "SOPStore",
            dependencies: ["SOPCore"]
        ),
        .target(
            name: "SOPStoreSQLite",
            dependencies: ["SOPCore", "SOPStore", .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "GRDBSQLite", package: "GRDB.swift"),
                           // A pool of threads for the writes that wait for their group commit.
                           .product(name: "NIOPosix", package: "swift-nio")]
        ),
        .target(
            name: "SOPStorePostgres",
            dependencies: ["SOPCore", "SOPStore", .product(name: "PostgresNIO", package: "postgres-nio"),
                           .product(name: "Logging", package: "swift-log")]
        ),
        .target(
            name: "SOPRender",
            dependencies: ["SOPCore", .product(name: "Mustache", package: "swift-mustache")],
            resources: [.copy("Templates")]
        ),
        .target(
            name: "SOPNotify",
            dependencies: ["SOPCore", "SOPStore",
                           .product(name: "AsyncHTTPClient", package: "async-http-client"),
                           .product(name: "NIOCore", package: "swift-nio"),
                           .product(name: "NIOPosix", package: "swift-nio"),
                           .product(name: "NIOExtras", package: "swift-nio-extras"),
                           .product(name: "Logging", package: "swift-log"),
                           .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")]
        ),
        .target(
            name: "SOPServer",
            dependencies: ["SOPCore", "SOPLoader", "SOPStore", "SOPStoreSQLite", "SOPStorePostgres", "SOPNotify",
                           .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "Mustache", package: "swift-mustache"),
                           .product(name: "MultipartKit", package: "multipart-kit"),
                           .product(name: "Prometheus", package: "swift-prometheus"),
                           .product(name: "Metrics", package: "swift-metrics"),
                           .product(name: "Logging", package: "swift-log"),
                           .product(name: "NIOCore", package: "swift-nio"),
                           .product(name: "NIOPosix", package: "swift-nio"),
                           .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                           .product(name: "HummingbirdCore", package: "hummingbird"),
                           .product(name: "NIOHTTP1", package: "swift-nio"),
                           .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                           .product(name: "HTTPTypes", package: "swift-http-types")],
            resources: [.copy("Templates")]
        ),
        .target(
            name: "SOPCLI",
            dependencies: [
                "SOPCore", "SOPLoader", "SOPStore", "SOPStoreSQLite", "SOPStorePostgres", "SOPRender", "SOPServer", "SOPNotify",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(name: "sop", dependencies: ["SOPCLI"]),
        .executableTarget(name: "SOPFuzz", dependencies: ["SOPCore", "SOPLoader"]),
        .testTarget(
            name: "SOPCoreTests",
            dependencies: ["SOPCore", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(
            name: "SOPLoaderTests",
            dependencies: ["SOPCore", "SOPLoader"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "SOPStoreTests",
            // SOPNotify: the outbox's tests drive its notifier over the store's fixtures.
            dependencies: ["SOPCore", "SOPLoader", "SOPStore", "SOPStoreSQLite", "SOPStorePostgres", "SOPNotify",
                           .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "SOPRenderTests",
            dependencies: ["SOPCore", "SOPLoader", "SOPRender"]
        ),
        .testTarget(
            name: "SOPServerTests",
            dependencies: ["SOPServer", "SOPCore", "SOPLoader", "SOPStore", "SOPStoreSQLite", "SOPStorePostgres",
                           .product(name: "HummingbirdTesting", package: "hummingbird")]
        ),
        .testTarget(
            name: "SOPCLITests",
            dependencies: ["SOPCLI", "SOPCore", "SOPLoader", "SOPStore", "SOPStoreSQLite", "SOPStorePostgres"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
