@testable import ASONN
import Foundation
import Testing

struct StudyShardTests {
    @Test func sharesCoverEveryConfigurationOnceInContiguousRunsOfAboutEqualWeight() throws {
        let batches: [[(configurations: Int, weight: Int)]] = [
            [(137, 270)], [(137, 270), (62, 768), (32, 345), (62, 150), (197, 178)], [(0, 5), (3, 1), (0, 9)],
            [(1, 1)], [(10, 0), (5, -3)], [(200, 1 << 30)],
        ]
        for batch in batches {
            for count in [1, 2, 3, 7, 50] {
                let shares = try (1...count).map { try StudyShard(index: $0, count: count).share(batch) }
                let weights = batch.map { Double(min(max($0.weight, 1), StudyShard.maximumWeight)) }
                let total = zip(batch, weights).reduce(0) { $0 + Double($1.0.configurations) * $1.1 }
                for (study, entry) in batch.enumerated() {
                    // In shard order the ranges of a study join up to all of it, without overlap.
                    let ranges = shares.map { $0[study] }.filter { !$0.isEmpty }
                    #expect(ranges.flatMap { Array($0) } == Array(0..<entry.configurations), "\(batch) / \(count)")
                }
                for share in shares {
                    let weight = zip(share, weights).reduce(0) { $0 + Double($1.0.count) * $1.1 }
                    // Each shard is within one configuration of the ideal weight.
                    #expect(abs(weight - total / Double(count)) <= (weights.max() ?? 0), "\(batch) / \(count)")
                }
            }
        }
    }

    @Test func shardParsingAcceptsOnlyKOfNWithinRange() throws {
        #expect(try StudyShard(parsing: "2/3") == StudyShard(index: 2, count: 3))
        #expect(try StudyShard(parsing: "1/1").description == "1/1")
        let bad = ["0/3", "4/3", "1/0", "x/y", "", "/", "1/", "/3", "1/3/3", "2", "1.5/3", "1/10001", " 1/3", "-1/3"]
        for bad in bad {
            #expect(throws: ParameterError.self, "\(bad)") { try StudyShard(parsing: bad) }
        }
    }

    @Test func threePartsAssembleToTheWholeStudy() async throws {
        let data = try bundled("bupa")
        let costs = try CostProfile.load(from: packageRoot.appendingPathComponent("CostProfiles/bupa.json").path)
            .resolve(for: data.attributes.map(\.name))
        var settings = TradeOffSettings()
        settings.lambdas = [0, 2]
        settings.pruneModes = [.none]
        settings.folds = 3
        settings.recordsTimes = false
        let whole = try await TradeOff.study(data, costs: costs, settings: settings)
        let count = try TradeOff.configurationCount(data, costs: costs, settings: settings)
        #expect(count == whole.results.count)
        var results: [TradeOffResult] = [], search: [PanelStep]?
        for k in 1...3 {
            let range = try StudyShard(index: k, count: 3).share([(count, data.rowCount)])[0]
            let part = try await TradeOff.part(data, costs: costs, settings: settings, configurations: range)
            #expect(part.results.count == range.count)
            // Only a part beyond the two references runs the panel search.
            #expect((part.panelSearch != nil) == (range.upperBound > 2))
            search = part.panelSearch ?? search
            results += part.results
        }
        let assembled = try TradeOff.assemble(data, costs: costs, settings: settings, panelSearch: search ?? [],
                                              results: results)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        #expect(try encoder.encode(assembled) == encoder.encode(whole))
        #expect(whole.results.allSatisfy { $0.buildSeconds == 0 })
    }
}
