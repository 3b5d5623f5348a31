import ASONN

extension TradeOffReport {
    /// A short name for a result's configuration.
    public func label(_ result: TradeOffResult) -> String {
        let c = result.configuration
        switch c.kind {
        case .majority: return "majority class (no tests)"
        case .allAttributes: return "plain ASONN, all \(c.panel.count) tests" + riskText(c)
        case .asonn:
            let tests = "\(c.panel.count) test\(c.panel.count == 1 ? "" : "s")"
            return "\(tests), lambda \(c.lambda.plainText), prune \(c.prune.rawValue)" + riskText(c)
        }
    }

    private func riskText(_ configuration: TradeOffConfiguration) -> String {
        configuration.risk > 0 ? ", risk \(configuration.risk.plainText)" : ""
    }

    /// The names of a result's tests, in panel order.
    public func panelTests(_ result: TradeOffResult) -> [String] {
        result.configuration.panel.map { attributes[$0] }
    }

    /// `panelTests` separated by spaces; by "; " in a report where some test's name has a
    /// space, so that a panel reads back as the tests it holds.
    public func panelNames(_ result: TradeOffResult) -> String {
        let spaced = attributes.contains { name in name.contains { $0.isWhitespace } }
        return panelTests(result).joined(separator: spaced ? "; " : " ")
    }

    /// The results on the Pareto front with their positions in `results`, cheapest first.
    var front: [(offset: Int, element: TradeOffResult)] {
        results.enumerated().filter { $0.element.paretoOptimal }.sorted { $0.element.meanCost < $1.element.meanCost }
    }
}
