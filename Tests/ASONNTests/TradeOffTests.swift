import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import ASONN
@testable import ASONNRendering

/// Checks the Pareto property itself: a result another dominates (one no costlier per case
/// and no less accurate, and better in one of the two) is not marked; every other result is
/// marked, except a repeat of a point listed earlier (the front lists each point once).
func expectParetoMarking(_ results: [TradeOffResult], sourceLocation: SourceLocation = #_sourceLocation) {
    func dominates(_ a: TradeOffResult, _ b: TradeOffResult) -> Bool {
        a.meanCost <= b.meanCost && a.accuracy >= b.accuracy && (a.meanCost < b.meanCost || a.accuracy > b.accuracy)
    }
    for (i, result) in results.enumerated() {
        let dominated = results.contains { dominates($0, result) }
        let repeated = results[..<i].contains { $0.meanCost == result.meanCost && $0.accuracy == result.accuracy }
        #expect(result.paretoOptimal == (!dominated && !repeated),
                "result \(i + 1): accuracy \(result.accuracy) at \(result.meanCost)", sourceLocation: sourceLocation)
    }
}

struct TradeOffTests {
    func result(_ accuracy: Double, _ cost: Double, spread: Double = 0.01, kind: TradeOffConfiguration.Kind = .asonn,
                lambda: Double = 0) -> TradeOffResult {
        TradeOffResult(configuration: TradeOffConfiguration(kind: kind, panel: [0], lambda: lambda), accuracy: accuracy,
                       accuracySpread: spread, balancedAccuracy: accuracy, balancedAccuracySpread: 0, panelCost: cost,
                       meanCost: cost, combinations: 1, attributesUsed: 1, buildSeconds: 0)
    }

    @Test func paretoMarkingOnHandMadePoints() {
        var results = [
            result(0.60, 0),    // 1: cheapest: on the front
            result(0.70, 10),   // 2: front
            result(0.65, 12),   // 3: dominated by 2
            result(0.80, 30),   // 4: front
            result(0.80, 40),   // 5: as accurate as 4 but dearer: dominated
            result(0.70, 10, lambda: 2),  // 6: same point as 2, listed later: not marked
            result(0.85, 100),  // 7: most accurate: front
        ]
        TradeOff.markPareto(&results)
        #expect(results.map(\.paretoOptimal) == [true, true, false, true, false, false, true])
        expectParetoMarking(results)
    }

    func report(_ results: [TradeOffResult]) -> TradeOffReport {
        TradeOffReport(dataName: "t", attributes: ["a"], classes: ["x", "y"], rows: 10, costProfile: "p", unit: "EUR",
                       allTestsCost: 100, folds: 5, seed: 0, panelSearch: [], results: results)
    }

    @Test func namesShowBidirectionalControlsAsEscapesInEveryRendering() {
        let name = "x\u{202E}RTL\u{2066}"
        #expect(escapeHTML(name) == "x\\u{202e}RTL\\u{2066}")
        #expect(markdownText(name) == "x\\u{202e}RTL\\u{2066}")
        #expect(quoted(name) == "'x\\u{202e}RTL\\u{2066}'")
        // Right-to-left letters are text, not controls.
        #expect(escapeHTML("\u{05E9}\u{05DC}\u{05D5}\u{05DD}") == "\u{05E9}\u{05DC}\u{05D5}\u{05DD}")
        var table = TextTable(header: ["name", "n"])
        table.rows = [["a\nb\u{1B}[2J\u{202E}", "1"]]
        let lines = table.render().split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 3 && lines[2] == "a\\nb\\u{1b}[2J\\u{202e}  1", "\(lines)")
    }

    @Test func theIndexPageEscapesFolderNamesAndLinksToEachAsAFolder() {
        let folders = ["<b onmouseover=x>X", "a b#c", "javascript:alert(1)", "iris"]
        let html = reportIndexHTML(folders.map { ($0, report([result(0.7, 1)])) })
        #expect(!html.contains("<b ") && html.contains("&lt;b onmouseover=x&gt;X</a>"), "\(html)")
        #expect(html.contains("href=\"./%3Cb%20onmouseover%3Dx%3EX/report.html\""), "\(html)")
        #expect(html.contains("href=\"./a%20b%23c/report.html\"") && html.contains(">a b#c</a>"), "\(html)")
        #expect(html.contains("href=\"./javascript%3Aalert%281%29/report.html\""), "\(html)")
        #expect(html.contains("href=\"./iris/report.html\">iris</a>"), "\(html)")
    }

    @Test func planChoiceOnAHandMadeTable() throws {
        let table = report([result(0.55, 0, kind: .majority), result(0.72, 5), result(0.78, 20),
                            result(0.81, 60, spread: 0.04),
                            result(0.80, 45), result(0.83, 90, spread: 0.03)])
        #expect(table.cheapest(withAccuracyAtLeast: 0.75)?.meanCost == 20)
        #expect(table.cheapest(withAccuracyAtLeast: 0.80)?.meanCost == 45)
        #expect(table.cheapest(withAccuracyAtLeast: 0.90) == nil)
        #expect(table.mostAccurate(withinBudget: 50)?.accuracy == 0.80)
        #expect(table.mostAccurate(withinBudget: 4)?.configuration.kind == .majority)
        #expect(table.mostAccurate(withinBudget: 1000)?.accuracy == 0.83)
        // Within a budget, accuracy less one standard error: .84 +- .10 over 5 folds (.795)
        // loses to .82 +- .01 (.8155).
        let noisy = report([result(0.84, 30, spread: 0.10), result(0.82, 25, spread: 0.01)])
        #expect(noisy.mostAccurate(withinBudget: 35)?.accuracy == 0.82)
        // One-standard-error rule: best .83 +- .03 -> cheapest at >= .80 is the one at 45.
        #expect(table.recommended?.meanCost == 45)
        #expect(table.closest(toAccuracy: 0.9, count: 2).map(\.accuracy) == [0.83, 0.81])
        #expect(table.closest(toBudget: 50, count: 1).first?.meanCost == 45)
    }

    /// bupa with its cost profile, and a small study grid: lambda 0 and 2, no and
    /// hypercuboid pruning, 3 folds.
    func bupaStudy(parallel: Bool = true) throws -> (data: Dataset, costs: TestCosts, settings: TradeOffSettings) {
        let data = try bundled("bupa")
        let costs = try CostProfile.load(from: packageRoot.appendingPathComponent("CostProfiles/bupa.json").path)
            .resolve(for: data.attributes.map(\.name))
        var settings = TradeOffSettings()
        settings.lambdas = [0, 2]
        settings.pruneModes = [.none, .hypercuboid]
        settings.folds = 3
        settings.repeats = 1
        settings.parallel = parallel
        return (data, costs, settings)
    }

    @Test func automaticRepeatsKeepRepeatsTimesRowsNearThreeThousand() {
        var settings = TradeOffSettings()
        #expect(settings.repeats(forRows: 189) == 5, "heart's training split: at most 5")
        #expect(settings.repeats(forRows: 768) == 3)
        #expect(settings.repeats(forRows: 1_500) == 2)
        #expect(settings.repeats(forRows: 3_001) == 1)
        #expect(settings.repeats(forRows: 0) == 5)
        settings.repeats = 2
        #expect(settings.repeats(forRows: 100_000) == 2, "a given count is kept")
    }

    @Test func repeatsOutsideTheirRangeAreRefusedBeforeAnyWork() async throws {
        var (data, costs, settings) = try bupaStudy()
        for repeats in [0, -1, 21] {
            settings.repeats = repeats
            await #expect(throws: ParameterError.self) {
                _ = try await TradeOff.study(data, costs: costs, settings: settings)
            }
        }
    }

    /// Repeat r scores every configuration on the folds of seed + r: the study's figures are
    /// those of one cross-validation over the folds of both repeats.
    @Test func repeatedStudyScoresEveryConfigurationOnTheFoldsOfEveryRepeat() async throws {
        var (data, costs, settings) = try bupaStudy()
        settings.repeats = 2
        settings.recordsTimes = false
        let report = try await TradeOff.study(data, costs: costs, settings: settings)
        #expect(report.repeats == 2)
        #expect(report.markdown.contains("stratified 3-fold cross-validation repeated 2 times, seeds 0 to 1"))
        let splits = (0..<2).flatMap { r in
            Splits.kFold(labels: data.labels, classCount: data.classes.count, folds: 3, seed: UInt64(r))
        }
        #expect(settings.splits(data).count == 6)
        for result in report.results.prefix(4) {
            var alone = try await TradeOff.crossValidate(result.configuration, data: data, splits: splits,
                                                         costs: costs, settings: settings)
            alone.paretoOptimal = result.paretoOptimal
            #expect(alone == result, "\(result.configuration)")
        }
        settings.repeats = 1
        let once = try await TradeOff.study(data, costs: costs, settings: settings)
        #expect(once.repeats == 1 && once.markdown.contains("stratified 3-fold cross-validation, seed 0."))
    }

    func study(parallel: Bool) async throws -> TradeOffReport {
        let (data, costs, settings) = try bupaStudy(parallel: parallel)
        return try await TradeOff.study(data, costs: costs, settings: settings)
    }

    /// Configurations that differ only in an after-construction prune mode share each fold's
    /// build; each still gets the figures of its own cross-validation.
    @Test func sharedConstructionsGiveEachConfigurationItsOwnFigures() async throws {
        var (data, costs, settings) = try bupaStudy()
        settings.pruneModes = [.none, .hypercuboid, .panel]
        settings.recordsTimes = false
        let report = try await TradeOff.study(data, costs: costs, settings: settings)
        let splits = Splits.kFold(labels: data.labels, classCount: data.classes.count, folds: settings.folds,
                                  seed: settings.seed)
        for result in report.results {
            var alone = try await TradeOff.crossValidate(result.configuration, data: data, splits: splits,
                                                         costs: costs, settings: settings)
            alone.paretoOptimal = result.paretoOptimal
            #expect(alone == result, "\(result.configuration)")
        }
        #expect(TradeOff.sharesConstruction(report.results[3].configuration, report.results[4].configuration))
    }

    /// The panel search scores its folds without sequential acquisition; exact acquisition
    /// gives the same classes, so each step's accuracy is that of the sequential study.
    @Test func panelSearchAccuracyIsTheSequentialAccuracy() async throws {
        let (data, costs, settings) = try bupaStudy()
        let report = try await TradeOff.study(data, costs: costs, settings: settings)
        let splits = Splits.kFold(labels: data.labels, classCount: data.classes.count, folds: settings.folds,
                                  seed: settings.seed)
        for step in report.panelSearch {
            let sequential = try await TradeOff.crossValidate(TradeOffConfiguration(panel: step.panel), data: data,
                                                              splits: splits, costs: costs, settings: settings)
            #expect(sequential.accuracy == step.accuracy, "panel \(step.panel)")
        }
    }

    @Test func studiesOfLargeDataUseTheLargeDataOptionsAndSaySo() async throws {
        var settings = TradeOffSettings()
        #expect(settings.parameters(forRows: 4_000) == settings.base)
        let large = settings.parameters(forRows: 4_001)
        #expect(large.maxValueNeurons == 255 && large.coefficientSample == 2000)
        settings.base.coefficientSample = 5000
        #expect(settings.parameters(forRows: 50_000) == settings.base, "options given are kept as given")
        settings.base.coefficientSample = nil
        settings.largeDataRows = nil
        #expect(settings.parameters(forRows: 50_000) == settings.base, "--exact")

        var (data, costs, study) = try bupaStudy()
        study.largeDataRows = 100
        let report = try await TradeOff.study(data, costs: costs, settings: study)
        #expect(report.valueNeuronLimit == 255 && report.coefficientSample == 2000)
        #expect(report.markdown.contains("large-data options (at most 255 value neurons"))
        study.largeDataRows = nil
        let exact = try await TradeOff.study(data, costs: costs, settings: study)
        #expect(exact.valueNeuronLimit == nil && !exact.markdown.contains("large-data"))
    }

    @Test func stratifiedSampleKeepsEachClassItsShareInRowOrder() throws {
        let data = try bundled("pima")
        let sample = Splits.stratifiedSample(data, rows: 300, seed: 4)
        #expect(abs(sample.rowCount - 300) <= data.classes.count)
        #expect(sample.classCounts == Splits.sampleCounts(data.classCounts, rows: 300))
        #expect(sample.values == Splits.stratifiedSample(data, rows: 300, seed: 4).values)
        #expect(sample.values != Splits.stratifiedSample(data, rows: 300, seed: 5).values)
        // Where no class is rare it is a holdout's training part (self-configuration relies on that).
        let split = Splits.holdout(labels: data.labels, classCount: data.classes.count,
                                   testFraction: 1 - 300 / Double(data.rowCount), seed: 4)
        #expect(sample.values == data.subset(split.train).values)
        #expect(Splits.stratifiedSample(data, rows: data.rowCount, seed: 4).values == data.values)

        // Rows numbered by their one value, three of 1,000 in a rare class: a sample of 50
        // keeps two of them, and the rows in file order.
        let labels = (0..<1_000).map { $0 % 400 == 7 ? 2 : $0 % 2 }
        let numbered = Dataset(unchecked: "numbered", attributes: [Attribute(name: "row", kind: .numeric)],
                               targetName: "class", classes: ["a", "b", "rare"],
                               values: (0..<1_000).map(Double.init), labels: labels)
        let small = Splits.stratifiedSample(numbered, rows: 50, seed: 1)
        #expect(small.classCounts[2] == 2 && abs(small.rowCount - 50) <= 3)
        #expect(zip(small.values, small.values.dropFirst()).allSatisfy { $0 < $1 })
        #expect(Splits.sampleCounts([500, 497, 3], rows: 50) == small.classCounts)
    }

    /// Above `studyRows` rows the configurations are cross-validated on a stratified sample
    /// (the study of the sample alone, with the whole data's construction parameters), the
    /// report says so, and the risk curves use the same sample.
    @Test func studiesOfLargeDataCrossValidateOnAStratifiedSampleAndSaySo() async throws {
        var (data, costs, settings) = try bupaStudy()
        settings.studyRows = 200
        settings.recordsTimes = false  // the results are compared whole
        settings.largeDataRows = 250  // the whole data's 345 rows are large; the sample's 200 would not be
        let study = try await TradeOff.study(data, costs: costs, settings: settings)
        let report = try await TradeOff.withRiskCurves(study, data: data, costs: costs, settings: settings,
                                                       risks: [0.2])
        #expect(report.rows == 345 && report.valueNeuronLimit == 255)
        let rows = try #require(report.studyRows)
        #expect(abs(rows - 200) <= data.classes.count)
        #expect(report.markdown.contains("stratified sample of \(rows) of the 345 rows"))

        let (sample, resolved) = settings.studied(data)
        #expect(resolved.base == settings.parameters(forRows: data.rowCount) && resolved.largeDataRows == nil)
        #expect(resolved.base.maxValueNeurons == 255, "the whole data's options, not the 200-row sample's")
        #expect(sample.values == Splits.stratifiedSample(data, rows: 200,
                                                         seed: settings.seed ^ TradeOffSettings.sampleSeedMix).values)
        var alone = resolved
        alone.studyRows = nil
        let sampleStudy = try await TradeOff.study(sample, costs: costs, settings: alone)
        let expected = try await TradeOff.withRiskCurves(sampleStudy, data: sample, costs: costs, settings: alone,
                                                         risks: [0.2])
        #expect(report.results == expected.results && report.panelSearch == expected.panelSearch)
        #expect(report.results.contains { $0.configuration.risk == 0.2 })
        #expect(expected.studyRows == nil && !expected.markdown.contains("sample"))
    }

    @Test func serialAndParallelGiveTheSameResults() async throws {
        let serial = try await study(parallel: false), parallel = try await study(parallel: true)
        func figures(_ report: TradeOffReport) -> [[Double]] {
            report.results.map { [$0.accuracy, $0.balancedAccuracy, $0.panelCost, $0.meanCost, $0.combinations,
                                  $0.paretoOptimal ? 1 : 0] }
        }
        #expect(figures(serial) == figures(parallel))
        #expect(serial.results.map(\.configuration) == parallel.results.map(\.configuration))
        #expect(serial.panelSearch == parallel.panelSearch)
    }

    @Test func studyHasReferencesAndAFullPanelSearch() async throws {
        let report = try await study(parallel: true)
        // bupa: 5 blood tests in one group + drinks: two units, so three panel steps (0, 1, 2 units).
        #expect(report.panelSearch.count == 3)
        #expect(report.panelSearch.last?.panel == Array(0..<6))
        #expect(report.results.first?.configuration.kind == .majority)
        #expect(report.results.first?.meanCost == 0)
        #expect(report.results.contains { $0.configuration.kind == .allAttributes })
        // 2 non-empty panels x 2 lambdas x 2 prune modes + 2 references.
        #expect(report.results.count == 10)
        expectParetoMarking(report.results)
        #expect(report.results.filter(\.paretoOptimal).count >= 2, "the majority rule and at least one model")
        for result in report.results { #expect(result.meanCost <= result.panelCost + 1e-9) }
    }

    @Test func htmlIsWellFormedWithTheChartAndEveryConfiguration() async throws {
        let report = try await study(parallel: true)
        let data = try bundled("bupa")
        let best = try #require(report.recommended)
        let model = try TradeOff.fit(best.configuration, data: data, costs: nil)
        let html = report.html(recommendedRules: model.rules, plan: model.testPlan(on: data, accuracy: best.accuracy),
                               recommendedID: 1)
        let parser = XMLParser(data: Data(html.utf8))
        #expect(parser.parse(), "well-formed: \(String(describing: parser.parserError))")
        #expect(html.contains("<svg"))
        #expect(html.components(separatedBy: "<circle").count - 1 == report.results.count,
                "one point per configuration")
        #expect(html.components(separatedBy: "<tr class=\"configuration").count - 1 == report.results.count,
                "one table row per configuration")
        #expect(html.contains("Expected cost per case"))
        // Self-contained: the only address is the SVG namespace, which is never fetched.
        let addresses = html.components(separatedBy: "http").count - 1
        #expect(addresses == html.components(separatedBy: "xmlns=\"http://www.w3.org/2000/svg\"").count - 1,
                "no network references")
        #expect(!html.contains("<script") && !html.contains("<link") && !html.contains("<img"))
        #expect(report.markdown.contains("## Pareto front"))
        #expect(report.csv.split(separator: "\n").count == report.results.count + 1)
    }

    /// A panel reads back as its tests: spaces between them, unless a test's name has one.
    @Test func panelNamesAreSeparatedSoThatTheyReadBackAsTheTests() {
        var two = result(0.7, 1)
        two.configuration.panel = [0, 1]
        var plain = report([two])
        plain.attributes = ["age", "cp"]
        #expect(plain.panelNames(two) == "age cp")
        #expect(plain.label(two).hasPrefix("2 tests, lambda 0"))
        var spaced = plain
        spaced.attributes = ["blood pressure", "cp", "heart rate"]
        #expect(spaced.panelNames(two) == "blood pressure; cp")
        #expect(spaced.csv.contains(",blood pressure; cp,"), "\(spaced.csv)")
        #expect(report([result(0.7, 1)]).label(result(0.7, 1)).hasPrefix("1 test, lambda 0"))
    }

    @Test func csvQuotesOnlyFieldsThatNeedIt() {
        #expect(csvField("plain") == "plain")
        #expect(csvField("a,b") == "\"a,b\"")
        #expect(csvField("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(csvField("two\nlines") == "\"two\nlines\"")
        #expect(csvField("crlf\r\nline") == "\"crlf\r\nline\"", "a CR LF pair is one Character but still a line break")
        #expect(csvField("café") == "café")
        #expect(csvLine(["1", "a b", "c,d"]) == "1,a b,\"c,d\"")
    }

    /// The byte form of a prediction row is its text form, quoting and all.
    @Test func predictionRowsAsBytesEqualTheirText() throws {
        let model = try ASONNClassifier().fit(try bundled("iris"))
        for hasLabels in [false, true] {
            let listing = PredictionListing(model: model, hasLabels: hasLabels, withProbabilities: false,
                                            withExplanations: false, sequential: false)
            var costed = PredictionListing.Row(line: 7, prediction: "x", actual: "y")
            costed.cost = 2.5
            costed.tests = ["a", "b"]
            let rows = [PredictionListing.Row(line: 1, prediction: "setosa", actual: "setosa"),
                        PredictionListing.Row(line: 1_234_567_890, prediction: "a,b", actual: nil),
                        PredictionListing.Row(line: 0, prediction: "say \"hi\"", actual: "crlf\r\nline"),
                        PredictionListing.Row(line: -12, prediction: "café", actual: ""), costed]
            for row in rows {
                var bytes: [UInt8] = []
                listing.appendCSV(of: row, to: &bytes)
                #expect(String(decoding: bytes, as: UTF8.self) == listing.csvText(of: row), "line \(row.line)")
            }
        }
        for value in [0, 9, 10, -1, Int.max, Int.min] {
            var bytes: [UInt8] = []
            appendDecimal(value, to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == String(value))
        }
    }

    @Test func testPlanFollowsTheAcquisitionOrder() throws {
        let data = try bundled("heart")
        let costs = try CostProfile.load(from: packageRoot.appendingPathComponent("CostProfiles/heart.json").path)
            .resolve(for: data.attributes.map(\.name))
        let model = try ASONNClassifier().fit(data, costs: costs)
        let plan = model.testPlan(on: data)
        #expect(plan.steps.count == model.usedAttributes.count)
        #expect(plan.steps.first?.marginalCost == 1)
        #expect(abs(plan.steps.reduce(0) { $0 + $1.marginalCost } - plan.panelCost) < 1e-9)
        #expect(abs(plan.expectedCost - model.predictor().meanSequentialCost(data)) < 1e-9)
        #expect(plan.steps.allSatisfy { $0.shareOfCases >= 0 && $0.shareOfCases <= 1 })
        #expect(plan.sample == nil && !plan.text.contains("evenly spread"))

        // Of more cases than the sample size, the plan is that of the evenly spread sample, and says so.
        let sampled = model.testPlan(on: data, sampleCases: 100)
        let spread = data.subset((0..<100).map { $0 * data.rowCount / 100 })
        var expected = model.testPlan(on: spread)
        expected.sample = TestPlan.Sample(cases: 100, of: data.rowCount)
        #expect(sampled == expected && sampled != plan)
        #expect(sampled.text.contains("measured on 100 of the 270 cases, evenly spread"))
        #expect(model.testPlan(on: data, sampleCases: 270) == plan)
    }

    @Test func riskCurvesAddTheFrontAtEachRiskWithoutChangingTheRest() async throws {
        let report = try await study(parallel: true)
        let (data, costs, settings) = try bupaStudy()
        let curved = try await TradeOff.withRiskCurves(report, data: data, costs: costs, settings: settings,
                                                       risks: [0, 0.2, 0.3])
        let front = report.results.filter { $0.paretoOptimal && $0.configuration.kind != .majority }
        #expect(curved.results.count == report.results.count + 2 * front.count)
        #expect(Array(curved.results.prefix(report.results.count)).map(\.configuration)
                == report.results.map(\.configuration))
        for (f, exact) in front.enumerated() {
            for (i, risk) in [0.2, 0.3].enumerated() {
                let bounded = curved.results[report.results.count + 2 * f + i]
                var configuration = exact.configuration
                configuration.risk = risk
                #expect(bounded.configuration == configuration)
                #expect(bounded.meanCost <= exact.meanCost + 1e-9, "a risk bound never costs more")
            }
        }
        expectParetoMarking(curved.results)
        #expect(try await TradeOff.withRiskCurves(report, data: data, costs: costs, settings: settings,
                                                  risks: [0]).results == report.results)
    }

    @Test func aConfigurationWritesItsRiskOnlyWhenItHasOne() throws {
        let exact = TradeOffConfiguration(panel: [0, 2], lambda: 1, prune: .panel)
        var bounded = exact
        bounded.risk = 0.25
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let exactJSON = try #require(String(data: encoder.encode(exact), encoding: .utf8))
        #expect(exactJSON == #"{"kind":"asonn","lambda":1,"panel":[0,2],"prune":"panel"}"#)
        #expect(try JSONDecoder().decode(TradeOffConfiguration.self, from: Data(exactJSON.utf8)) == exact)
        let boundedJSON = try encoder.encode(bounded)
        #expect(try JSONDecoder().decode(TradeOffConfiguration.self, from: boundedJSON) == bounded)
    }

    @Test(arguments: [("heart", 0.0), ("heart", 0.3), ("pima", 0.0), ("pima", 0.3)])
    func policyTreeAccountsForEveryCaseAndItsFirstBranchesAreDisjoint(name: String, risk: Double) throws {
        let data = try bundled(name)
        let costs = try CostProfile.load(from: packageRoot.appendingPathComponent("CostProfiles/\(name).json").path)
            .resolve(for: data.attributes.map(\.name))
        let classifier = ASONNClassifier()
        let model = try classifier.withRiskCalibration(classifier.fit(data, costs: costs), on: data, costs: costs)
        let plan = model.testPlan(on: data, risk: risk)
        let predictor = model.predictor()
        let first = (0..<data.rowCount).compactMap { predictor.predictSequentially(row: data.row($0), risk: risk)
            .measured.first }
        guard let policy = plan.policy else {
            #expect(first.isEmpty, "no tree only when no case measures a test")
            return
        }
        #expect(Set(first).count == 1 && policy.test == model.attributes[first[0]].name,
                "before any value is known every case starts with the same test")
        func check(_ node: PolicyNode, share: Double) {
            #expect(abs(node.branches.reduce(0) { $0 + $1.share } - share) < 1e-9, "\(node.test)")
            for branch in node.branches {
                #expect((branch.stop == nil) != (branch.nextTest == nil))
                if let stop = branch.stop { #expect(model.classes.contains(stop)) }
                if let then = branch.then {
                    #expect(then.test == branch.nextTest)
                    check(then, share: branch.share)
                }
            }
        }
        check(policy, share: Double(first.count) / Double(data.rowCount))
        // Below the first test too, a listed value shows in one branch of its node only.
        func checkDisjoint(_ node: PolicyNode) {
            let sets = node.branches.map { Set($0.values ?? []) }
            for i in sets.indices {
                for j in sets.indices where j > i {
                    #expect(sets[i].isDisjoint(with: sets[j]), "\(node.test): \(sets[i]) and \(sets[j])")
                }
            }
            for branch in node.branches { if let then = branch.then { checkDisjoint(then) } }
        }
        checkDisjoint(policy)
        // With only the first test known, what comes next depends on its value alone.
        let valueSets = policy.branches.map { Set($0.values ?? []) }
        for i in valueSets.indices {
            for j in valueSets.indices where j > i { #expect(valueSets[i].isDisjoint(with: valueSets[j])) }
        }
        // The same holds for intervals of a many-valued first test: no two branches overlap.
        let intervals = policy.branches.flatMap { branch in (branch.intervals ?? []).map { ($0, branch.share) } }
        for (i, a) in intervals.enumerated() {
            for b in intervals[(i + 1)...] {
                #expect(a.0[1] < b.0[0] || b.0[1] < a.0[0], "\(a.0) and \(b.0) overlap")
            }
        }
        #expect(plan.text.contains("measure \(policy.test):"))
    }

    /// Every case measures a, then b, and its class is a xor b: what follows b depends on
    /// a too, so the tree gives each value of a its own branch, and each b node's branches
    /// hold disjoint values (merged, b = 0 would lead to both classes).
    @Test func policyTreeSplitsATestWhoseValueDecidesWhatFollowsTheNext() throws {
        let values: [Double] = [0, 0, 0, 1, 1, 0, 1, 1, 0, 0, 1, 1]
        let data = Dataset(unchecked: "xor", attributes: [Attribute(name: "a", kind: .numeric),
                                                         Attribute(name: "b", kind: .numeric)],
                           targetName: "class", classes: ["k0", "k1"], values: values,
                           labels: [0, 1, 1, 0, 0, 0])
        let model = try ASONNClassifier().fit(data)
        let paths = [[Int]](repeating: [0, 1], count: data.rowCount)
        let answers = (0..<data.rowCount).map { Int(data.value($0, 0)) ^ Int(data.value($0, 1)) }
        let policy = try #require(model.policy(paths: paths, classes: answers, data: data))
        #expect(policy.test == "a")
        #expect(policy.branches.map { $0.values ?? [] }.sorted { $0.lexicographicallyPrecedes($1) } == [[0], [1]])
        for branch in policy.branches {
            let a = try #require(branch.values?.first)
            let then = try #require(branch.then)
            #expect(branch.nextTest == "b" && then.test == "b")
            #expect(then.branches.count == 2)
            for leaf in then.branches {
                let b = try #require(leaf.values?.first)
                #expect(leaf.values?.count == 1 && leaf.stop == (Int(a) ^ Int(b) == 1 ? "k1" : "k0"))
            }
        }
        #expect(abs(policy.branches.reduce(0) { $0 + $1.share } - 1) < 1e-12)
    }

    /// Values of the first test that lead the same way after the next share a branch:
    /// with the class (a == 2) xor b, a = 0 and a = 1 agree, a = 2 does not.
    @Test func policyTreeKeepsValuesThatAgreeInOneBranch() throws {
        let pairs: [(Double, Double)] = [(0, 0), (0, 1), (1, 0), (1, 1), (2, 0), (2, 1), (0, 0), (2, 1)]
        let data = Dataset(unchecked: "xor3", attributes: [Attribute(name: "a", kind: .numeric),
                                                          Attribute(name: "b", kind: .numeric)],
                           targetName: "class", classes: ["k0", "k1"], values: pairs.flatMap { [$0.0, $0.1] },
                           labels: pairs.map { ($0.0 == 2) != ($0.1 == 1) ? 1 : 0 })
        let model = try ASONNClassifier().fit(data)
        let paths = [[Int]](repeating: [0, 1], count: data.rowCount)
        let policy = try #require(model.policy(paths: paths, classes: data.labels, data: data))
        #expect(policy.branches.map { $0.values ?? [] } == [[0, 1], [2]])
        #expect(policy.branches.map(\.share) == [0.625, 0.375])
        for branch in policy.branches {
            let leaves = try #require(branch.then).branches
            let flipped = branch.values == [2]
            #expect(leaves.count == 2)
            for leaf in leaves {
                let b = try #require(leaf.values?.first)
                #expect(leaf.stop == ((b == 1) != flipped ? "k1" : "k0"))
            }
        }
    }
}
