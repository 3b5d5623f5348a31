import ArgumentParser
import ASONN
import ASONNRendering
import Foundation

enum PlanFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

struct Plan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: """
            Pick the cheapest configuration that meets an accuracy target (or the most accurate within a \
            budget), train it on all the data, and print a test plan.
            """,
        discussion: """
        Runs the same study as 'asonn tradeoff'. With --min-accuracy X it takes the \
        configuration with the lowest mean cost per case whose cross-validated accuracy is \
        at least X; with --budget B, of those costing at most B per case, the one with the best \
        accuracy less one standard error (spread over the folds / sqrt(folds)). On small data \
        the cross-validation is repeated with new folds (see --repeats). The \
        model is retrained on every row and saved; the plan lists which tests to order, in \
        which order, what each adds, and the expected cost and accuracy. If nothing meets \
        the target, the closest configurations are shown, nothing is written and the exit \
        code is non-zero.
        """)

    @Argument(help: "The labelled data (CSV with a header row).", completion: .file())
    var data: String

    @Option(help: ArgumentHelp("The cost profile.", valueName: "profile"), completion: .file())
    var costs: String?

    @Option(name: .customLong("min-accuracy"), help: "The accuracy target (from 0 to 1).")
    var minAccuracy: Double?

    @Option(help: "The budget: mean cost per case (a finite number >= 0).")
    var budget: Double?

    @Option(help: ArgumentHelp("Output format: text, or json (the chosen configuration, its cross-validated "
                                   + "figures and the test plan, or the closest configurations when none meets "
                                   + "the target; the documentation's \"JSON output\" has the keys)."))
    var format: PlanFormat = .text

    @OptionGroup var output: ModelOutputOptions

    @OptionGroup var file: DataFileOptions
    @OptionGroup var grid: TradeOffOptions

    func validate() throws {
        switch (minAccuracy, budget) {
        case (nil, nil): throw ValidationError("give --min-accuracy X or --budget B")
        case (.some, .some): throw ValidationError("give either --min-accuracy or --budget, not both")
        case (let x?, nil): try OptionRange.check(x, 0...1, option: "--min-accuracy")
        case (nil, let b?):
            if !(b >= 0 && b.isFinite) { throw ValidationError("--budget must be a finite number >= 0, not \(b)") }
        }
    }

    func run() async throws {
        let inputs = [data, costs]
        try output.check(inputs: inputs)
        let dataset = try file.load(data)
        let testCosts = try resolvedCosts(costs, for: dataset)
        let report = try await grid.study(dataset, file: data, costs: testCosts, label: dataset.name,
                                          defaultRisks: TradeOff.planRisks)
        let unit = report.unit.isEmpty ? "" : " \(report.unit)"
        let chosen = minAccuracy.map { report.cheapest(withAccuracyAtLeast: $0) }
            ?? budget.map { report.mostAccurate(withinBudget: $0) } ?? nil
        guard let chosen else {
            let target = minAccuracy.map { String(format: "accuracy of at least %.3f", $0) }
                ?? String(format: "a cost of at most %.2f%@ per case", budget ?? 0, unit)
            let closest = minAccuracy.map { report.closest(toAccuracy: $0) } ?? report.closest(toBudget: budget ?? 0)
            if format == .json {
                let listing = PlanListing(report: report, budget: budget, minAccuracy: minAccuracy, closest: closest)
                try Terminal.output(try JSONOutput.string(listing) + "\n")
            } else {
                var lines = ["No configuration reaches \(target). The closest:"]
                for result in closest {
                    lines.append(String(format: "  %@ [%@]: accuracy %.3f ± %.3f at %.2f%@ per case",
                                        report.label(result), report.panelNames(result), result.accuracy,
                                        result.accuracySpread, result.meanCost, unit))
                }
                try Terminal.output(lines.joined(separator: "\n") + "\n")
            }
            throw CommandError("\(data): no configuration reaches \(target) (the closest are listed "
                               + (format == .json ? "in the output" : "above") + "); no model written")
        }
        var model = try TradeOff.fitCalibrated(chosen.configuration, data: dataset, costs: testCosts,
                                               base: grid.settings().parameters(forRows: dataset.rowCount))
        if chosen.configuration.risk > 0 { model.riskCalibration?.planRisk = chosen.configuration.risk }
        try output.save(model, inputs: inputs)
        let risk = chosen.configuration.risk
        let plan = model.testPlan(on: dataset, risk: risk, accuracy: chosen.accuracy,
                                  accuracySpread: chosen.accuracySpread)
        if format == .json {
            let listing = PlanListing(report: report, budget: budget, minAccuracy: minAccuracy, chosen: chosen,
                                      plan: plan, model: output.path)
            try Terminal.output(try JSONOutput.string(listing) + "\n")
            return
        }
        var lines = ["Chosen: \(report.label(chosen)) [tests: \(report.panelNames(chosen))]"]
        lines.append(String(format: "Cross-validated (%@): accuracy %.3f ± %.3f, balanced accuracy %.3f, "
                                + "%.2f%@ per case.", report.foldsText, chosen.accuracy, chosen.accuracySpread,
                            chosen.balancedAccuracy, chosen.meanCost, unit))
        lines += [report.sampling, report.construction].compactMap { $0 }
        lines += ["", plan.text, ""]
        // The budget bounds the cross-validated cost; the retrained model can spend more, and
        // on held-out cases its cost follows its own figure more closely than the folds' one.
        if let budget, PlanListing.runsOver(plan, budget: budget) {
            lines.append(String(format: "Note: on these cases the retrained model spends %.2f%@ per case, above the "
                                    + "budget of %.2f%@ (the choice was made on the cross-validated %.2f): expect "
                                    + "new cases to cost more than the budget too; a lower --budget gives a cheaper "
                                    + "plan.", plan.expectedCost, unit, budget, unit, chosen.meanCost))
            lines.append("")
        }
        lines.append("Model (trained on all \(dataset.rowCount) cases) written to \(escapingControls(output.path)); "
                     + "classify new cases with:")
        lines.append("  asonn predict \(shellWord(output.path)) CASES.csv --sequential"
                     + (risk > 0 ? "   (stops at the plan's risk bound \(risk.plainText); --risk 0 for exact)" : ""))
        try Terminal.output(lines.joined(separator: "\n") + "\n")
    }
}
