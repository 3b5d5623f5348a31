// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "ASONN",
    products: [
        .library(name: "ASONN", targets: ["ASONN"]),
        .executable(name: "asonn", targets: ["ASONNCommand"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // C libraries from Debian (libcsv-dev, libglpk-dev), each behind a small Swift wrapper.
        .systemLibrary(name: "CLibCSV", path: "Sources/CLibCSV",
                       providers: [.apt(["libcsv-dev"])]),
        .systemLibrary(name: "CGLPK", path: "Sources/CGLPK",
                       providers: [.apt(["libglpk-dev"])]),
        .target(name: "CSVReader", dependencies: ["CLibCSV"]),
        .target(name: "GLPK", dependencies: ["CGLPK"]),

        // The classifier: data ingestion, construction, classification, evaluation.
        .target(name: "ASONN", dependencies: ["CSVReader", "GLPK"]),
        // Reports for people: the trade-off report's CSV, Markdown and HTML, test plans,
        // terminal tables and the tool's JSON. The library computes, this writes.
        .target(name: "ASONNRendering", dependencies: ["ASONN"]),

        // The `asonn` command-line tool: thin commands that validate and delegate.
        .executableTarget(
            name: "ASONNCommand",
            dependencies: [
                "ASONN",
                "ASONNRendering",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        .testTarget(name: "CSVReaderTests", dependencies: ["CSVReader"]),
        .testTarget(name: "GLPKTests", dependencies: ["GLPK"]),
        .testTarget(name: "CommandTests", dependencies: ["ASONNCommand"]),
        .testTarget(name: "ASONNTests", dependencies: ["ASONN", "ASONNRendering"],
                    resources: [.copy("Fixtures")]),
    ]
)
