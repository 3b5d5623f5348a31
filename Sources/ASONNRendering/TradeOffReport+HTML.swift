import ASONN

extension TradeOffReport {
    /// A self-contained HTML page: an SVG chart of accuracy against cost per case with the
    /// front highlighted and every point labelled, every configuration, and, when given,
    /// the recommended configuration's rules and test plan.
    public func html(recommendedRules: [Rule]? = nil, plan: TestPlan? = nil, recommendedID: Int? = nil) -> String {
        let title = "Accuracy against test cost: \(escapeHTML(dataName))"
        var body = "<h1>\(title)</h1>\n"
        body += "<p>\(rows) cases, \(attributes.count) tests (all together \(fixed(allTestsCost, 2))"
            + "\(escapeHTML(unitSuffix(unit))); profile \(escapeHTML(costProfile))); "
            + "\(escapeHTML(crossValidation)). Each point is one configuration (panel of tests × lambda × prune "
            + "mode), labelled by its id; red points form the Pareto front (no other configuration is both cheaper "
            + "and more accurate); green points are the references (majority class, plain ASONN on every test).</p>\n"
        for note in [sampling, construction].compactMap({ $0 }) { body += "<p>\(escapeHTML(note))</p>\n" }
        body += "<figure>\(AccuracyCostChart(self).svg)</figure>\n"
        if let plan, let recommendedRules, let recommendedID {
            body += "<h2>Recommended: configuration #\(recommendedID)</h2>\n"
            body += "<p>The cheapest configuration whose accuracy is within one standard deviation of the best.</p>\n"
            body += plan.html
            body += Self.rulesHTML(recommendedRules)
        }
        body += "<h2>Every configuration</h2>\n<table>\n"
        body += htmlRow(Self.tableColumns, header: true)
        for (index, r) in results.enumerated() {
            body += htmlRow(tableCells(index, r, text: escapeHTML),
                            attributes: " class=\"configuration\(r.paretoOptimal ? " pareto" : "")\"")
        }
        body += "</table>\n"
        let style = "body{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222}"
            + "table{border-collapse:collapse;font-size:13px}"
            + "td,th{border:1px solid #ccc;padding:3px 6px;text-align:left}tr.pareto{background:#fdecea}"
            + "figure{margin:1em 0}"
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>\(title)</title>\n"
            + "<style>\(style)</style>\n</head>\n<body>\n\(body)</body>\n</html>\n"
    }

    /// The rules that represent the most cases, at most 30 of them, as a numbered list.
    private static func rulesHTML(_ rules: [Rule]) -> String {
        let shown = 30
        var html = "<h3>Its rules (trained on every case)</h3>\n"
        let which = rules.count > shown ? ", the \(shown) that represent the most cases shown" : ""
        html += "<p>\(rules.count) rules\(which)"
            + ". A rule marked ambiguous stands for cases that other cases with the same test results "
            + "contradict.</p>\n<ol>\n"
        let ranked = rules.sorted {
            $0.represented != $1.represented ? $0.represented > $1.represented : $0.number < $1.number
        }
        for rule in ranked.prefix(shown) {
            let conditions = rule.conditions.filter(\.constrains).map { escapeHTML($0.text) }
                .joined(separator: " <b>and</b> ")
            html += "<li value=\"\(rule.number)\"><b>\(escapeHTML(rule.class))</b>"
                + "\(rule.ambiguous ? " (ambiguous)" : "") if \(conditions.isEmpty ? "anything" : conditions) "
                + "<small>(represents \(rule.represented) cases)</small></li>\n"
        }
        return html + "</ol>\n"
    }
}
