import Foundation

extension TradeOff {
    /// Fits a configuration on all of `data` (the attributes outside its panel unused).
    public static func fit(_ configuration: TradeOffConfiguration, data: Dataset, costs: TestCosts?,
                           base: ASONNParameters = ASONNParameters()) throws -> ASONNModel {
        var parameters = base
        parameters.lambda = configuration.lambda
        parameters.prune = configuration.prune
        return try ASONNClassifier(parameters: parameters).fit(masked(data, panel: configuration.panel), costs: costs)
    }
}

/// A CSV field, quoted when it holds a delimiter, quote or line break.
public func csvField(_ text: String) -> String {
    if text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    return text
}

extension TradeOffReport {
    /// A short name for result number `index` (1-based in reports).
    public func label(_ result: TradeOffResult) -> String {
        let c = result.configuration
        switch c.kind {
        case .majority: return "majority class (no tests)"
        case .allAttributes: return "plain ASONN, all \(c.panel.count) tests"
        case .asonn:
            return "\(c.panel.count) tests, lambda \(formatNumber(c.lambda)), prune \(c.prune.rawValue)"
        }
    }

    public func panelNames(_ result: TradeOffResult) -> String {
        result.configuration.panel.map { attributes[$0] }.joined(separator: " ")
    }

    /// Every result as CSV, one row each, with a header.
    public var csv: String {
        var lines = ["id,kind,panel,lambda,prune,accuracy,accuracy_sd,balanced_accuracy,balanced_accuracy_sd,panel_cost,mean_cost,combinations,attributes_used,build_seconds,pareto"]
        for (index, r) in results.enumerated() {
            let c = r.configuration
            let cells: [String] = [
                String(index + 1), c.kind.rawValue, panelNames(r), formatNumber(c.lambda), c.prune.rawValue,
                String(format: "%.4f", r.accuracy), String(format: "%.4f", r.accuracySpread),
                String(format: "%.4f", r.balancedAccuracy), String(format: "%.4f", r.balancedAccuracySpread),
                String(format: "%.2f", r.panelCost), String(format: "%.2f", r.meanCost),
                String(format: "%.1f", r.combinations), String(format: "%.1f", r.attributesUsed),
                String(format: "%.4f", r.buildSeconds), r.paretoOptimal ? "yes" : "no",
            ]
            lines.append(cells.map(csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }


    private var unitSuffix: String { unit.isEmpty ? "" : " \(unit)" }

    /// The report as a Markdown document: the Pareto front first, then every result.
    public var markdown: String {
        var lines = [
            "# Accuracy against test cost: \(dataName)", "",
            "\(rows) rows, \(attributes.count) tests (all together \(String(format: "%.2f", allTestsCost))\(unitSuffix), profile \(costProfile)); stratified \(folds)-fold cross-validation, seed \(seed).",
            "Cost = mean cost per case under sequential acquisition; panel = every test the model uses.", "",
            "## Pareto front (no other configuration is both cheaper and more accurate)", "",
        ]
        lines += table(results.enumerated().filter { $0.element.paretoOptimal }.sorted { $0.element.meanCost < $1.element.meanCost })
        lines += ["", "## Panel search", "", "| step | added | panel cost | CV accuracy |", "|---:|---|---:|---:|"]
        for (index, step) in panelSearch.enumerated() {
            let added = step.added.isEmpty ? "(none)" : step.added.map { attributes[$0] }.joined(separator: ", ")
            lines.append("| \(index) | \(added) | \(String(format: "%.2f", step.cost)) | \(String(format: "%.3f", step.accuracy)) |")
        }
        lines += ["", "## Every configuration", ""]
        lines += table(Array(results.enumerated()))
        return lines.joined(separator: "\n") + "\n"
    }

    private func table(_ rows: [(offset: Int, element: TradeOffResult)]) -> [String] {
        var lines = ["| id | configuration | tests | accuracy | balanced | cost per case | panel cost | tests used | rules | build s | Pareto |",
                     "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|:---:|"]
        for (index, r) in rows {
            lines.append("| \(index + 1) | \(label(r)) | \(panelNames(r)) | \(String(format: "%.3f ± %.3f", r.accuracy, r.accuracySpread)) | \(String(format: "%.3f", r.balancedAccuracy)) | \(String(format: "%.2f", r.meanCost)) | \(String(format: "%.2f", r.panelCost)) | \(String(format: "%.1f", r.attributesUsed)) | \(String(format: "%.1f", r.combinations)) | \(String(format: "%.3f", r.buildSeconds)) | \(r.paretoOptimal ? "yes" : "") |")
        }
        return lines
    }

    /// A self-contained HTML page: an SVG chart of accuracy against cost per case with the
    /// front highlighted and every point labelled, every configuration, and, when given,
    /// the recommended configuration's rules and test plan.
    public func html(recommendedRules: [Rule]? = nil, plan: TestPlan? = nil, recommendedID: Int? = nil) -> String {
        func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        let width = 760.0, height = 420.0, left = 70.0, right = 20.0, top = 20.0, bottom = 50.0
        let maxCost = max(results.map(\.meanCost).max() ?? 1, 1e-9) * 1.05
        let accuracies = results.map(\.accuracy)
        let lowAccuracy = max(0, (((accuracies.min() ?? 0) - 0.02) * 100).rounded(.down) / 100)
        let highAccuracy = min(1, (((accuracies.max() ?? 1) + 0.02) * 100).rounded(.up) / 100)
        func x(_ cost: Double) -> Double { left + cost / maxCost * (width - left - right) }
        func y(_ accuracy: Double) -> Double {
            top + (highAccuracy - accuracy) / max(highAccuracy - lowAccuracy, 1e-9) * (height - top - bottom)
        }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"accuracy against cost per case\">\n"
        svg += "<rect x=\"0\" y=\"0\" width=\"\(Int(width))\" height=\"\(Int(height))\" fill=\"white\"/>\n"
        for step in 0...5 {
            let cost = maxCost * Double(step) / 5
            svg += String(format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>", x(cost), top, x(cost), height - bottom)
            svg += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\">%@</text>\n", x(cost), height - bottom + 16, String(format: "%.1f", cost))
            let accuracy = lowAccuracy + (highAccuracy - lowAccuracy) * Double(step) / 5
            svg += String(format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>", left, y(accuracy), width - right, y(accuracy))
            svg += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%.2f</text>\n", left - 6, y(accuracy) + 4, accuracy)
        }
        svg += "<text x=\"\(Int((left + width - right) / 2))\" y=\"\(Int(height - 10))\" font-size=\"12\" text-anchor=\"middle\">mean cost per case\(escape(unitSuffix)) (sequential acquisition)</text>\n"
        svg += "<text x=\"16\" y=\"\(Int((top + height - bottom) / 2))\" font-size=\"12\" text-anchor=\"middle\" transform=\"rotate(-90 16 \(Int((top + height - bottom) / 2)))\">cross-validated accuracy</text>\n"
        let front = results.enumerated().filter { $0.element.paretoOptimal }.sorted { $0.element.meanCost < $1.element.meanCost }
        if front.count > 1 {
            var path = ""
            for (n, point) in front.enumerated() {
                let px = x(point.element.meanCost), py = y(point.element.accuracy)
                if n == 0 { path += String(format: "M%.1f %.1f", px, py) } else {
                    path += String(format: " H%.1f V%.1f", px, py)
                }
            }
            svg += "<path d=\"\(path)\" fill=\"none\" stroke=\"#d62728\" stroke-width=\"1.5\"/>\n"
        }
        for (index, r) in results.enumerated() {
            let px = x(r.meanCost), py = y(r.accuracy)
            let color = r.paretoOptimal ? "#d62728" : (r.configuration.kind == .asonn ? "#1f77b4" : "#2ca02c")
            let radius = r.paretoOptimal ? 5.0 : 3.5
            svg += String(format: "<circle class=\"point%@\" cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%@\" fill-opacity=\"0.8\"><title>#%d %@: accuracy %.3f, cost %.2f</title></circle>",
                          r.paretoOptimal ? " pareto" : "", px, py, radius, color, index + 1, escape(label(r)), r.accuracy, r.meanCost)
            svg += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" fill=\"%@\">%d</text>\n",
                          px + 6, py - 4, r.paretoOptimal ? 11 : 8, r.paretoOptimal ? "#a00" : "#555", index + 1)
        }
        svg += "</svg>"

        var body = "<h1>Accuracy against test cost: \(escape(dataName))</h1>\n"
        body += "<p>\(rows) cases, \(attributes.count) tests (all together \(String(format: "%.2f", allTestsCost))\(escape(unitSuffix)); profile \(escape(costProfile))). Stratified \(folds)-fold cross-validation, seed \(seed). Each point is one configuration (panel of tests × lambda × prune mode), labelled by its id; red points form the Pareto front (no other configuration is both cheaper and more accurate); green points are the references (majority class, plain ASONN on every test).</p>\n"
        body += "<figure>\(svg)</figure>\n"
        if let plan, let recommendedRules, let recommendedID {
            body += "<h2>Recommended: configuration #\(recommendedID)</h2>\n"
            body += "<p>The cheapest configuration whose accuracy is within one standard deviation of the best.</p>\n"
            body += planHTML(plan, escape: escape)
            let shown = 30
            body += "<h3>Its rules (trained on every case)</h3>\n"
            body += "<p>\(recommendedRules.count) rules\(recommendedRules.count > shown ? ", the \(shown) that represent the most cases shown" : ""). A rule marked ambiguous stands for cases that other cases with the same test results contradict.</p>\n<ol>\n"
            let ranked = recommendedRules.sorted { $0.represented != $1.represented ? $0.represented > $1.represented : $0.number < $1.number }
            for rule in ranked.prefix(shown) {
                let conditions = rule.conditions.filter(\.constrains).map { escape($0.text) }.joined(separator: " <b>and</b> ")
                body += "<li value=\"\(rule.number)\"><b>\(escape(rule.class))</b>\(rule.ambiguous ? " (ambiguous)" : "") if \(conditions.isEmpty ? "anything" : conditions) <small>(represents \(rule.represented) cases)</small></li>\n"
            }
            body += "</ol>\n"
        }
        body += "<h2>Every configuration</h2>\n<table>\n<tr><th>id</th><th>configuration</th><th>tests</th><th>accuracy</th><th>balanced</th><th>cost per case</th><th>panel cost</th><th>tests used</th><th>rules</th><th>build s</th><th>Pareto</th></tr>\n"
        for (index, r) in results.enumerated() {
            body += "<tr class=\"configuration\(r.paretoOptimal ? " pareto" : "")\"><td>\(index + 1)</td><td>\(escape(label(r)))</td><td>\(escape(panelNames(r)))</td><td>\(String(format: "%.3f ± %.3f", r.accuracy, r.accuracySpread))</td><td>\(String(format: "%.3f", r.balancedAccuracy))</td><td>\(String(format: "%.2f", r.meanCost))</td><td>\(String(format: "%.2f", r.panelCost))</td><td>\(String(format: "%.1f", r.attributesUsed))</td><td>\(String(format: "%.1f", r.combinations))</td><td>\(String(format: "%.3f", r.buildSeconds))</td><td>\(r.paretoOptimal ? "yes" : "")</td></tr>\n"
        }
        body += "</table>\n"
        let style = "body{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222}table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 6px;text-align:left}tr.pareto{background:#fdecea}figure{margin:1em 0}"
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>Accuracy against test cost: \(escape(dataName))</title>\n<style>\(style)</style>\n</head>\n<body>\n\(body)</body>\n</html>\n"
    }

    private func planHTML(_ plan: TestPlan, escape: (String) -> String) -> String {
        let unit = plan.unit.isEmpty ? "" : " \(plan.unit)"
        var html = "<table>\n<tr><th>order</th><th>test</th><th>procedure</th><th>adds</th><th>cases needing it</th></tr>\n"
        for (n, step) in plan.steps.enumerated() {
            let group = step.group.map { "\(escape($0)) (\(String(format: "%.2f", step.groupCost ?? 0)) once)" } ?? ""
            html += "<tr><td>\(n + 1)</td><td>\(escape(step.attribute))</td><td>\(group)</td><td>\(String(format: "%.2f", step.marginalCost))\(escape(unit))</td><td>\(String(format: "%.0f%%", 100 * step.shareOfCases))</td></tr>\n"
        }
        html += "</table>\n"
        html += "<p>Expected cost per case \(String(format: "%.2f", plan.expectedCost))\(escape(unit)) (every test of the plan: \(String(format: "%.2f", plan.panelCost)); every test there is: \(String(format: "%.2f", plan.allTestsCost)))"
        if let accuracy = plan.accuracy {
            html += "; expected accuracy \(String(format: "%.3f ± %.3f", accuracy, plan.accuracySpread ?? 0))"
        }
        return html + ".</p>\n"
    }
}

extension TestPlan {
    /// The plan as text for a terminal.
    public var text: String {
        let unit = self.unit.isEmpty ? "" : " \(self.unit)"
        var lines = ["Order the tests in this sequence; after each, the model says whether the class is settled, and you stop when it is:"]
        for (n, step) in steps.enumerated() {
            var line = String(format: "  %2d. %@ — adds %.2f%@", n + 1, step.attribute, step.marginalCost, unit)
            if let group = step.group {
                line += String(format: " (part of %@: %.2f once for the procedure + %.2f own)", group, step.groupCost ?? 0, step.cost)
            }
            line += String(format: "; needed for %.0f%% of cases", 100 * step.shareOfCases)
            lines.append(line)
        }
        lines.append(String(format: "Expected cost per case: %.2f%@ (all tests of this plan: %.2f; every test there is: %.2f).", expectedCost, unit, panelCost, allTestsCost))
        if let accuracy {
            lines.append(String(format: "Expected accuracy: %.3f ± %.3f (cross-validated; ± is the standard deviation over folds).", accuracy, accuracySpread ?? 0))
        }
        return lines.joined(separator: "\n")
    }
}
