// swift-tools-version:6.0
// Fuzz targets for ASONN's file readers, built with libFuzzer (`make fuzz` in the parent folder).
// A package of its own so that the parent package's `swift build` and `make test` never
// see targets that only link with `-sanitize=fuzzer`.
import PackageDescription

let package = Package(
    name: "ASONNFuzz",
    dependencies: [
        .package(name: "ASONN", path: ".."),
    ],
    targets: [
        // What each target does with one input, and the checks on the results.
        .target(name: "FuzzChecks", dependencies: [.product(name: "ASONN", package: "ASONN")]),
        // One libFuzzer entry point each.
        .executableTarget(name: "fuzz-csv", dependencies: ["FuzzChecks"]),
        .executableTarget(name: "fuzz-costs", dependencies: ["FuzzChecks"]),
        .executableTarget(name: "fuzz-model", dependencies: ["FuzzChecks"]),
    ]
)
