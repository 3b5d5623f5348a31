import ArgumentParser
import ASONN
import Foundation

/// How any CSV file is read: its delimiter and the values read as missing. Every command
/// that reads data takes these.
struct CSVOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The field delimiter. Default: detected among ',', ';' and tab.", valueName: "char"))
    var delimiter: String?

    @Option(help: ArgumentHelp("""
        Comma-separated values read as missing (besides the empty field), compared case-insensitively.
        """, valueName: "tokens"))
    var missing: String = DataOptions.defaultMissingTokens.joined(separator: ",")

    func validate() throws {
        _ = try delimiterCharacter()
    }

    func delimiterCharacter() throws -> Character? {
        guard let delimiter else { return nil }
        switch delimiter {
        case "\\t", "tab", "\t": return "\t"
        default:
            guard delimiter.count == 1, let character = delimiter.first else {
                throw ValidationError("--delimiter must be a single character (or 'tab'), not '\(delimiter)'")
            }
            return character
        }
    }

    var missingTokens: [String] { commaSeparated(missing) }

    /// Reads a CSV file as text, for a model to encode (`asonn predict`).
    func table(_ path: String) throws -> DataTable {
        try DataTable.read(contentsOf: path, delimiter: delimiterCharacter())
    }
}

/// How a training or evaluation CSV file is read: the CSV options, the target column and
/// the columns' kinds.
struct DataFileOptions: ParsableArguments {
    @Option(help: """
        The target (class) column, by name or 1-based number (a column named like a number is taken \
        by its name). Default: the last column.
        """)
    var target: String?

    @OptionGroup var csv: CSVOptions

    @Option(help: ArgumentHelp("Comma-separated columns that must be numeric (a non-number is then an error).",
                               valueName: "columns"))
    var numeric: String?

    @Option(help: ArgumentHelp("Comma-separated columns read as categorical even if every value is a number.",
                               valueName: "columns"))
    var categorical: String?

    var dataOptions: DataOptions {
        DataOptions(target: target, missingTokens: csv.missingTokens, numericColumns: commaSeparated(numeric ?? ""),
                    categoricalColumns: commaSeparated(categorical ?? ""))
    }

    /// Loads a labelled data set, printing the loader's warnings.
    func load(_ path: String) throws -> Dataset {
        let loaded = try Dataset.load(contentsOf: path, delimiter: csv.delimiterCharacter(), options: dataOptions)
        for warning in loaded.warnings { Terminal.warning(warning) }
        return loaded.dataset
    }
}

/// The non-empty items of a comma-separated list, trimmed.
private func commaSeparated(_ text: String) -> [String] {
    text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
}
