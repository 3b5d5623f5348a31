import ArgumentParser
import ASONN

/// How a training or evaluation CSV file is read.
struct DataFileOptions: ParsableArguments {
    @Option(help: "The target (class) column, by name or 1-based number. Default: the last column.")
    var target: String?

    @Option(help: ArgumentHelp("The field delimiter. Default: detected among ',', ';' and tab.", valueName: "char"))
    var delimiter: String?

    @Option(help: ArgumentHelp("Comma-separated values read as missing (besides the empty field), compared case-insensitively.",
                               valueName: "tokens"))
    var missing: String = DataOptions.defaultMissingTokens.joined(separator: ",")

    @Option(help: ArgumentHelp("Comma-separated columns that must be numeric (a non-number is then an error).", valueName: "columns"))
    var numeric: String?

    @Option(help: ArgumentHelp("Comma-separated columns read as categorical even if every value is a number.", valueName: "columns"))
    var categorical: String?

    func validate() throws {
        _ = try delimiterCharacter()
    }

    func delimiterCharacter() throws -> Character? {
        try Self.delimiterCharacter(delimiter)
    }

    static func delimiterCharacter(_ delimiter: String?) throws -> Character? {
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

    var missingTokens: [String] { list(missing) }

    var dataOptions: DataOptions {
        DataOptions(target: target, missingTokens: missingTokens, numericColumns: list(numeric ?? ""),
                    categoricalColumns: list(categorical ?? ""))
    }

    private func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Loads a labelled data set, printing the loader's warnings.
    func load(_ path: String) throws -> Dataset {
        let loaded = try Dataset.load(contentsOf: path, delimiter: delimiterCharacter(), options: dataOptions)
        for warning in loaded.warnings { Terminal.warning(warning) }
        return loaded.dataset
    }
}
