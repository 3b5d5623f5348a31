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
            await run(TradeOffMerge.self, Array(arguments.dropFirst(2)))
        } else if arguments == ["help", "tradeoff", "merge"] {
            await run(TradeOffMerge.self, ["--help"])
        } else {
            await run(Self.self, arguments)
        }
    }

    /// Parses and runs `command` as ArgumentParser's `main` does, except that help text and
    /// completion scripts go out through `Terminal.output`: lost on a full or closed
    /// standard output (`asonn --generate-completion-script bash > FILE` on a full disk),
    /// they fail the run instead of exiting 0 with nothing written.
    static func run<Command: AsyncParsableCommand>(_ command: Command.Type, _ arguments: [String]) async {
        do {
            var parsed = try await command.asyncParseAsRoot(arguments)
            if var async = parsed as? AsyncParsableCommand {
                try await async.run()
            } else {
                try parsed.run()
            }
        } catch {
            guard command.exitCode(for: error) == .success else { command.exit(withError: error) }
            let text = command.fullMessage(for: error)
            do {
                if !text.isEmpty { try Terminal.output(text + "\n") }
            } catch {
                Terminal.note("Error: \(error)")
                Foundation.exit(1)
            }
            Foundation.exit(0)
        }
    }

    /// Where stop requests are handled: a queue of its own, whose thread is there even when
    /// the work keeps every thread of the global queue busy.
    static let signalQueue = DispatchQueue(label: "asonn.signals")

    /// On an interrupt or a termination request, removes the temporary files and folders of
    /// the writes under way (the outputs are written completely or not at all), then exits as
    /// the signal would have (status 128 + its number).
    static func removingTemporariesOnStop() -> [DispatchSourceSignal] {
        [SIGINT, SIGTERM, SIGHUP].map { number in
            signal(number, SIG_IGN)
            // Not the global queue: self-configuration keeps all its threads busy, and the
            // handler waited until the work was done.
            let source = DispatchSource.makeSignalSource(signal: number, queue: signalQueue)
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
