import ASONN

extension TradeOffReport {
    /// The report as a Markdown document: the Pareto front first, then every result.
    public var markdown: String {
        var lines = [
            "# Accuracy against test cost: \(markdownLine(dataName))", "",
            markdownLine("\(rows) rows, \(attributes.count) tests (all together \(fixed(allTestsCost, 2))"
                         + "\(unitSuffix(unit)), profile \(costProfile)); \(crossValidation)."),
            "Cost = mean cost per case under sequential acquisition; panel = every test the model uses.",
        ] + [sampling, construction].compactMap { $0 } + [
            "",
            "## Pareto front (no other configuration is both cheaper and more accurate)", "",
        ]
        lines += markdownTable(front)
        lines += ["", "## Panel search", "", "| step | added | panel cost | CV accuracy |", "|---:|---|---:|---:|"]
        for (index, step) in panelSearch.enumerated() {
            let added = step.added.isEmpty ? "(none)"
                : step.added.map { markdownEscape(attributes[$0]) }.joined(separator: ", ")
            lines.append("| \(index) | \(added) | \(fixed(step.cost, 2)) | \(fixed(step.accuracy, 3)) |")
        }
        lines += ["", "## Every configuration", ""]
        lines += markdownTable(Array(results.enumerated()))
        return lines.joined(separator: "\n") + "\n"
    }

    /// The cross-validation scheme, as a sentence's end: folds, repeats and seeds.
    public var crossValidation: String {
        let count = repeats ?? 1
        guard count > 1 else { return "stratified \(folds)-fold cross-validation, seed \(seed)" }
        return "stratified \(folds)-fold cross-validation repeated \(count) times, seeds \(seed) to "
            + "\(seed &+ UInt64(count - 1))"
    }

    /// The folds x repeats every configuration is scored on, in short: "5 folds" or "5 folds x 3 repeats".
    public var foldsText: String {
        let count = repeats ?? 1
        return count > 1 ? "\(folds) folds x \(count) repeats" : "\(folds) folds"
    }

    /// How the models were built when not exactly: with the large-data options.
    public var construction: String? {
        guard valueNeuronLimit != nil || coefficientSample != nil else { return nil }
        let neurons = valueNeuronLimit.map { "at most \($0) value neurons per numeric attribute" }
        let sample = coefficientSample.map { "expansion coefficients summed over at most \($0) rows" }
        return "Every model built with the large-data options (" + [neurons, sample].compactMap { $0 }
            .joined(separator: ", ") + ")."
    }

    /// On which rows the configurations were cross-validated when not on all of them.
    public var sampling: String? {
        guard let studyRows else { return nil }
        return "Every configuration cross-validated on a fixed stratified sample of \(studyRows) of the \(rows) rows."
    }

    /// The columns of the Markdown and HTML tables of configurations.
    static let tableColumns = ["id", "configuration", "tests", "accuracy", "balanced", "cost per case", "panel cost",
                               "tests used", "rules", "build s", "Pareto"]

    /// One configuration's cells in those tables, with `text` applied to the names.
    func tableCells(_ index: Int, _ r: TradeOffResult, text: (String) -> String = { $0 }) -> [String] {
        [String(index + 1), text(label(r)), text(panelNames(r)), meanAndSpread(r.accuracy, r.accuracySpread),
         fixed(r.balancedAccuracy, 3), fixed(r.meanCost, 2), fixed(r.panelCost, 2), fixed(r.attributesUsed, 1),
         fixed(r.combinations, 1), fixed(r.buildSeconds, 3), r.paretoOptimal ? "yes" : ""]
    }

    private func markdownTable(_ rows: [(offset: Int, element: TradeOffResult)]) -> [String] {
        var lines = ["| " + Self.tableColumns.joined(separator: " | ") + " |",
                     "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|:---:|"]
        for (index, r) in rows {
            lines.append("| " + tableCells(index, r, text: markdownEscape).joined(separator: " | ") + " |")
        }
        return lines
    }
}
