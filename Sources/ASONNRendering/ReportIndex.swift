import ASONN
import Foundation

/// The index page of several trade-off reports: a link to each folder's report.html with
/// its number of configurations and of those on the Pareto front.
public func reportIndexHTML(_ reports: [(folder: String, report: TradeOffReport)]) -> String {
    var html = "<!DOCTYPE html>\n<html lang=\"en\">\n"
        + "<head><meta charset=\"utf-8\"/><title>Trade-off reports</title></head>\n"
        + "<body>\n<h1>Trade-off reports</h1>\n<ul>\n"
    for entry in reports {
        let front = entry.report.results.filter(\.paretoOptimal).count
        html += "<li><a href=\"\(escapeHTML(relativeLink(to: entry.folder)))/report.html\">"
            + "\(escapeHTML(entry.folder))</a>: "
            + "\(entry.report.results.count) configurations, \(front) on the Pareto front</li>\n"
    }
    return html + "</ul>\n</body>\n</html>\n"
}

/// A link to the folder `name` beside the page: every byte but the unreserved ones
/// percent-encoded ("a b#c" would otherwise end at the fragment), and "./" first, so that
/// a name such as "javascript:x" is not read as a scheme.
func relativeLink(to name: String) -> String {
    let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
    return "./" + (name.addingPercentEncoding(withAllowedCharacters: unreserved) ?? "")
}
