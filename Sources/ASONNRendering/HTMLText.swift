import ASONN

/// Text made safe for HTML content and attribute values (bidirectional controls shown as
/// escapes, so that a name cannot reorder what follows it).
func escapeHTML(_ text: String) -> String {
    showingBidiControls(text).replacingOccurrences(of: "&", with: "&amp;")
        .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        .replacingOccurrences(of: "\"", with: "&quot;")
}

/// A table row of cells already written as HTML: `<tr><td>a</td>...</tr>`, or `<th>` cells.
func htmlRow(_ cells: [String], header: Bool = false, attributes: String = "") -> String {
    let tag = header ? "th" : "td"
    return "<tr\(attributes)>" + cells.map { "<\(tag)>\($0)</\(tag)>" }.joined() + "</tr>\n"
}

/// The ` UNIT` suffix of a figure, or nothing for a profile without a unit.
func unitSuffix(_ unit: String) -> String { unit.isEmpty ? "" : " \(unit)" }
