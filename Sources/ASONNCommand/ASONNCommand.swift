import ArgumentParser
import ASONN
import Foundation

@main
struct ASONNCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "asonn",
        abstract: "Explainable classification with Associative Self-Optimizing Neural Networks.",
        discussion: """
        ASONN builds hypercuboids ("combinations" of attribute ranges) straight from the \
        training data, with computed weights; every combination reads as a rule.

        Data files are CSV with a header row; the class is the last column unless --target \
        says otherwise.
        """,
        subcommands: [Train.self, Predict.self, Evaluate.self, Explain.self, TradeOffCommand.self, Plan.self])

    static func main() async {
        // Under a file-size limit (ulimit -f) a write then fails with a message, and its
        // temporary file is removed, instead of the tool being killed mid-write.
        signal(SIGXFSZ, SIG_IGN)
        let stops = removingTemporariesOnStop()
        defer { stops.forEach { $0.cancel() } }
        let arguments = joiningNegativeValues(Array(CommandLine.arguments.dropFirst()))
        if arguments.starts(with: ["tradeoff", "merge"]) {
            await TradeOffMerge.main(Array(arguments.dropFirst(2)))
        } else if arguments == ["help", "tradeoff", "merge"] {
            await TradeOffMerge.main(["--help"])
        } else {
            await main(arguments)
        }
    }

    /// On an interrupt or a termination request, removes the temporary files and folders of
    /// the writes under way (the outputs are written completely or not at all), then exits as
    /// the signal would have (status 128 + its number).
    static func removingTemporariesOnStop() -> [DispatchSourceSignal] {
        [SIGINT, SIGTERM, SIGHUP].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                AtomicFile.removeTemporaries()
                _exit(128 + number)
            }
            source.resume()
            return source
        }
    }

    /// `--option -0.5` as `--option=-0.5`. The parser takes a word that starts with "-" for
    /// an option name, so a negative value would be reported as missing instead of out of
    /// range.
    static func joiningNegativeValues(_ arguments: [String]) -> [String] {
        var joined: [String] = []
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            if word == "--" {
                joined += arguments[index...]
                break
            }
            if word.hasPrefix("--"), !word.contains("="), index + 1 < arguments.count,
               arguments[index + 1].hasPrefix("-"), Double(arguments[index + 1]) != nil {
                joined.append(word + "=" + arguments[index + 1])
                index += 2
            } else {
                joined.append(word)
                index += 1
            }
        }
        return joined
    }
}
