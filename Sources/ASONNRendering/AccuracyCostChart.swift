import ASONN
import Foundation

/// The SVG chart of a trade-off report: accuracy against mean cost per case, every
/// configuration a point labelled by its id, the Pareto front a red step line.
struct AccuracyCostChart {
    let report: TradeOffReport
    let width = 760.0, height = 420.0, left = 70.0, right = 20.0, top = 20.0, bottom = 50.0
    let maxCost: Double, lowAccuracy: Double, highAccuracy: Double

    init(_ report: TradeOffReport) {
        self.report = report
        maxCost = max(report.results.map(\.meanCost).max() ?? 1, 1e-9) * 1.05
        let accuracies = report.results.map(\.accuracy)
        // The accuracy axis spans the points with a margin, in whole hundredths.
        lowAccuracy = max(0, (((accuracies.min() ?? 0) - 0.02) * 100).rounded(.down) / 100)
        highAccuracy = min(1, (((accuracies.max() ?? 1) + 0.02) * 100).rounded(.up) / 100)
    }

    func x(_ cost: Double) -> Double { left + cost / maxCost * (width - left - right) }

    func y(_ accuracy: Double) -> Double {
        top + (highAccuracy - accuracy) / max(highAccuracy - lowAccuracy, 1e-9) * (height - top - bottom)
    }

    var svg: String {
        let w = Int(width), h = Int(height)
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(w)\" height=\"\(h)\" viewBox=\"0 0 \(w) \(h)\" "
            + "role=\"img\" aria-label=\"accuracy against cost per case\">\n"
        svg += "<rect x=\"0\" y=\"0\" width=\"\(w)\" height=\"\(h)\" fill=\"white\"/>\n"
        svg += grid
        svg += axisTitles
        svg += frontLine
        for (index, r) in report.results.enumerated() { svg += point(index, r) }
        return svg + "</svg>"
    }

    /// Six grid lines on each axis, with their values.
    private var grid: String {
        var svg = ""
        let line = "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
        for step in 0...5 {
            let cost = maxCost * Double(step) / 5
            svg += String(format: line, x(cost), top, x(cost), height - bottom)
            svg += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\">%@</text>\n",
                          x(cost), height - bottom + 16, fixed(cost, 1))
            let accuracy = lowAccuracy + (highAccuracy - lowAccuracy) * Double(step) / 5
            svg += String(format: line, left, y(accuracy), width - right, y(accuracy))
            svg += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%.2f</text>\n",
                          left - 6, y(accuracy) + 4, accuracy)
        }
        return svg
    }

    private var axisTitles: String {
        let middle = Int((top + height - bottom) / 2)
        return "<text x=\"\(Int((left + width - right) / 2))\" y=\"\(Int(height - 10))\" font-size=\"12\" "
            + "text-anchor=\"middle\">mean cost per case\(escapeHTML(unitSuffix(report.unit))) "
            + "(sequential acquisition)</text>\n"
            + "<text x=\"16\" y=\"\(middle)\" font-size=\"12\" text-anchor=\"middle\" "
            + "transform=\"rotate(-90 16 \(middle))\">cross-validated accuracy</text>\n"
    }

    /// The front as a step line: each point reached first across, then up or down.
    private var frontLine: String {
        let front = report.front
        guard front.count > 1 else { return "" }
        var path = ""
        for (n, point) in front.enumerated() {
            let px = x(point.element.meanCost), py = y(point.element.accuracy)
            path += n == 0 ? String(format: "M%.1f %.1f", px, py) : String(format: " H%.1f V%.1f", px, py)
        }
        return "<path d=\"\(path)\" fill=\"none\" stroke=\"#d62728\" stroke-width=\"1.5\"/>\n"
    }

    private func point(_ index: Int, _ r: TradeOffResult) -> String {
        let px = x(r.meanCost), py = y(r.accuracy)
        let color = r.paretoOptimal ? "#d62728" : (r.configuration.kind == .asonn ? "#1f77b4" : "#2ca02c")
        let circle = String(format: "<circle class=\"point%@\" cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%@\" "
                                + "fill-opacity=\"0.8\"><title>#%d %@: accuracy %.3f, cost %.2f</title></circle>",
                            r.paretoOptimal ? " pareto" : "", px, py, r.paretoOptimal ? 5.0 : 3.5, color, index + 1,
                            escapeHTML(report.label(r)), r.accuracy, r.meanCost)
        let label = String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" fill=\"%@\">%d</text>\n",
                           px + 6, py - 4, r.paretoOptimal ? 11 : 8, r.paretoOptimal ? "#a00" : "#555", index + 1)
        return circle + label
    }
}
