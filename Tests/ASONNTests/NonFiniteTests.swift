import Foundation
import Testing
@testable import ASONN

/// Numbers that are not finite never reach a model or a report: each is stopped where it
/// arises, with an error naming the column or field, before anything is written.
struct NonFiniteTests {
    /// Two classes on one numeric column `x` with the given values (alternating classes).
    func oneColumn(_ values: [Double]) -> Dataset {
        Dataset(unchecked: "t", attributes: [Attribute(name: "x", kind: .numeric)], targetName: "class",
                classes: ["a", "b"], values: values, labels: values.indices.map { $0 % 2 })
    }

    func message(_ body: () throws -> Void) -> String? {
        do { try body() } catch { return "\(error)" }
        return nil
    }

    @Test func aColumnSpanningMoreThanTheLargestNumberIsRejectedByName() throws {
        // Each value is finite; their difference, the column's span, is not.
        let data = oneColumn([-1e308, 1e308, 0, 1])
        let text = try #require(message { _ = try ASONNClassifier().fit(data) })
        #expect(text.contains("column 'x'") && text.contains("span"))
    }

    @Test func anInfiniteValueIsRejectedByName() throws {
        let text = try #require(message { _ = try ASONNClassifier().fit(oneColumn([0, .infinity, 1, 2])) })
        #expect(text.contains("column 'x'") && text.contains("not a finite number"))
    }

    @Test func aWidthFloorThatOverflowsIsRejectedByName() throws {
        var parameters = ASONNParameters()
        parameters.widthFloor = .fractionOfRange(ASONNParameters.Limits.widthFloorFraction)
        // A finite span of 1e307, times 100: infinite.
        let data = oneColumn([0, 1e307, 1, 2])
        let text = try #require(message { _ = try ASONNClassifier(parameters: parameters).fit(data) })
        #expect(text.contains("column 'x'") && text.contains("width floor"))
    }

    @Test func wideButFiniteColumnsStillBuildAndSave() throws {
        let model = try ASONNClassifier().fit(oneColumn([-1e307, 1e307, 0, 1]))
        #expect(model.attributes[0].widthFloor?.isFinite == true)
        _ = try ASONNModel.decode(model.jsonData(), file: "m.json")
    }

    @Test func savingANonFiniteNumberNamesTheFieldAndWritesNothing() throws {
        var model = try ASONNClassifier().fit(try bundled("iris"))
        model.attributes[0].widthFloor = .infinity
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("asonn-\(UUID()).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let text = try #require(message { try model.save(to: path) })
        #expect(text.contains("widthFloor") && text.contains("not a finite number"), "\(text)")
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func aStudyWhoseCostsAddUpToInfinityFailsBeforeAnyWork() async throws {
        let data = try bundled("iris")
        var costs = TestCosts.uniform(attributeCount: data.attributeCount)
        costs.attributeCost = [Double](repeating: 1e308, count: data.attributeCount)
        do {
            _ = try await TradeOff.study(data, costs: costs)
            Issue.record("the study ran")
        } catch {
            #expect(error is ParameterError && "\(error)".contains("more than 1e15"), "\(error)")
        }
    }

    @Test func aReportWithANonFiniteFigureNamesTheField() throws {
        let result = TradeOffResult(configuration: TradeOffConfiguration(panel: [0]), accuracy: .nan,
                                    accuracySpread: 0, balancedAccuracy: 0.5, balancedAccuracySpread: 0,
                                    panelCost: 1, meanCost: 1,
                                    combinations: 1, attributesUsed: 1, buildSeconds: 0)
        var report = TradeOffReport(dataName: "t", attributes: ["a"], classes: ["x", "y"], rows: 10, costProfile: "p",
                                    unit: "", allTestsCost: 1, folds: 2, seed: 0, panelSearch: [], results: [result])
        let text = try #require(message { try report.checkFinite() })
        #expect(text.contains("results[0].accuracy"), "\(text)")
        report.results[0].accuracy = 0.5
        #expect(message { try report.checkFinite() } == nil)
    }
}
