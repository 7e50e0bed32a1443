// swift-tools-version:6.0
import PackageDescription

/// Settings every Swift target shares: strict concurrency comes with the Swift 6 language mode;
/// `ExistentialAny` makes every existential spelled out.
let sharedSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "CoAPFleet",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "CoAPCore", targets: ["CoAPCore"]),
        .library(name: "FleetModel", targets: ["FleetModel"]),
        .library(name: "FleetStore", targets: ["FleetStore"]),
        .library(name: "FleetServer", targets: ["FleetServer"]),
        .library(name: "FleetNode", targets: ["FleetNode"]),
        .library(name: "FleetCLI", targets: ["FleetCLI"]),
        .executable(name: "fleet-server", targets: ["fleet-server"]),
        .executable(name: "fleet-node", targets: ["fleet-node"]),
        .executable(name: "fleetctl", targets: ["fleetctl"]),
        .executable(name: "fleet-sim", targets: ["fleet-sim"]),
        .executable(name: "fleet-bench", targets: ["fleet-bench"]),
        .executable(name: "coap-file-server", targets: ["coap-file-server"]),
        .executable(name: "coap-fetch", targets: ["coap-fetch"]),
    ],
    targets: [
        // C libraries from Debian, reached through pkg-config.
        .systemLibrary(
            name: "CLibCoAP",
            pkgConfig: "libcoap-3-openssl",
            providers: [.apt(["libcoap3-dev"])]
        ),
        .systemLibrary(
            name: "CCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),

        // The CoAP library: libcoap behind a Swift API. Knows nothing of fleets.
        .target(name: "CoAPCore", dependencies: ["CLibCoAP"], swiftSettings: sharedSettings),

        // The fleet layers (filled by later issues).
        .target(name: "FleetModel", dependencies: ["CCrypto"], swiftSettings: sharedSettings),
        .target(name: "FleetStore", dependencies: ["FleetModel", "CSQLite"], swiftSettings: sharedSettings),
        .target(name: "FleetServer", dependencies: ["CoAPCore", "FleetModel", "FleetStore"], swiftSettings: sharedSettings),
        .target(name: "FleetNode", dependencies: ["CoAPCore", "FleetModel"], swiftSettings: sharedSettings),
        .executableTarget(name: "fleet-server", dependencies: ["FleetServer"], swiftSettings: sharedSettings),
        .executableTarget(name: "fleet-node", dependencies: ["FleetNode", "CoAPCore", "FleetModel"], swiftSettings: sharedSettings),
        // fleetctl's commands, argument parsing and output, as a library the thin executable runs.
        .target(name: "FleetCLI", dependencies: ["CoAPCore", "FleetModel"], swiftSettings: sharedSettings),
        .executableTarget(name: "fleetctl", dependencies: ["FleetCLI"], swiftSettings: sharedSettings),

        // Measuring: many simulated nodes in one process, and the benchmark that drives it all.
        .executableTarget(name: "fleet-sim", dependencies: ["FleetNode", "CoAPCore", "FleetModel"], swiftSettings: sharedSettings),
        .executableTarget(name: "fleet-bench", dependencies: ["CoAPCore", "FleetModel"], swiftSettings: sharedSettings),

        // Examples: tiny real programs on CoAPCore, built by the package and run by a test.
        .executableTarget(
            name: "coap-file-server", dependencies: ["CoAPCore"], path: "Examples/coap-file-server",
            swiftSettings: sharedSettings
        ),
        .executableTarget(
            name: "coap-fetch", dependencies: ["CoAPCore"], path: "Examples/coap-fetch",
            swiftSettings: sharedSettings
        ),

        // Helpers the test targets share (running programs, temporary directories).
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: sharedSettings),
        .testTarget(name: "CoAPCoreTests", dependencies: ["CoAPCore", "TestSupport"], swiftSettings: sharedSettings),
        .testTarget(name: "FleetModelTests", dependencies: ["FleetModel", "TestSupport"], swiftSettings: sharedSettings),
        .testTarget(name: "FleetStoreTests", dependencies: ["FleetStore", "TestSupport"], swiftSettings: sharedSettings),
        .testTarget(
            name: "FleetNodeTests", dependencies: ["FleetNode", "FleetServer", "CoAPCore", "FleetModel", "TestSupport"],
            swiftSettings: sharedSettings),
        .testTarget(
            name: "FleetCLITests", dependencies: ["FleetCLI", "FleetModel", "CoAPCore", "TestSupport"],
            swiftSettings: sharedSettings),
        .testTarget(
            name: "FleetBenchTests", dependencies: ["fleet-bench", "fleet-sim", "CoAPCore", "FleetModel", "FleetServer", "TestSupport"],
            swiftSettings: sharedSettings),
        .testTarget(
            name: "FleetServerTests", dependencies: ["FleetServer", "CoAPCore", "FleetModel", "TestSupport"], swiftSettings: sharedSettings),
    ]
)
