import ArgumentParser
import ASONN

/// Where `train` and `plan` write the model.
struct ModelOutputOptions: ParsableArguments {
    @Option(name: [.customShort("o"), .customLong("output")],
            help: ArgumentHelp("""
                Where to write the model (JSON). Written atomically: to a temporary file beside it, \
                renamed over it when complete. A symbolic link is written through to its target (the \
                link stays). An input file, a directory or a device is refused.
                """, valueName: "output"),
            completion: .file())
    var path: String

    /// Refuses, before any work is done, an output that could not or must not be written.
    func check(inputs: [String?]) throws {
        try AtomicFile.fileTarget(path, what: "the model", inputs: inputs.compactMap { $0 })
    }

    func save(_ model: ASONNModel, inputs: [String?]) throws {
        try model.save(to: path, inputs: inputs.compactMap { $0 })
    }
}
