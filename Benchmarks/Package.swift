// swift-tools-version: 6.1
// Benchmarks for sop-engine, kept out of the main package so CI's build stays small.
// Run: cd Benchmarks && swift package benchmark   (see README.md here)
import PackageDescription

let package = Package(
    name: "sop-engine-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "sop-engine", path: ".."),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/ordo-one/package-benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "SOPBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "package-benchmark"),
                .product(name: "SOPCore", package: "sop-engine"),
                .product(name: "SOPLoader", package: "sop-engine"),
                .product(name: "SOPStore", package: "sop-engine"),
                .product(name: "SOPStoreSQLite", package: "sop-engine"),
                .product(name: "SOPRender", package: "sop-engine"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Benchmarks/SOPBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
    ]
)
