import Foundation
import Testing

/// Every numeric option of every command has a range: a value outside it is a validation
/// error naming the option and the range (exit code 64), never a trap or a later failure.
struct OptionBoundsTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var arguments: [String]
        var message: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let never = FileManager.default.temporaryDirectory.appendingPathComponent("asonn-never-written.json").path
    static let train = ["train", "Datasets/iris.csv", "-o", never]
    static let evaluate = ["evaluate", "Datasets/iris.csv"]
    static let tradeoff = ["tradeoff", "Datasets/iris.csv", "--out", never]
    static let plan = ["plan", "Datasets/iris.csv", "-o", never]

    static func cases(_ base: [String], _ option: String, _ values: [String], _ message: String) -> [Case] {
        values.map { Case(arguments: base + ["\(option)=\($0)"], message: message) }
    }

    static let all: [Case] =
        cases(train, "--min-discrimination", ["3000000000", "0"],
              "--min-discrimination must be at least 1 and at most 1000000")
        + cases(train, "--lambda", ["-1", "1e308", "nan"], "--lambda must be at least 0 and at most 100")
        + cases(train, "--solver-seconds", ["0", "1e10", "inf"],
                "--solver-seconds must be at least 0.001 and at most 86400")
        + cases(train, "--weed-weight", ["-1", "inf"], "--weed-weight must be at least 0 and at most 1000")
        + cases(train, "--width-floor", ["1e308", "0", "-0.1"],
                "--width-floor must be 'median-gap' or a fraction of the range > 0 and at most 100")
        + cases(train, "--max-value-neurons", ["1", "99999999999"],
                "--max-value-neurons must be at least 2 and at most 1000000")
        + cases(train, "--coefficient-sample", ["0", "2000000000"],
                "--coefficient-sample must be at least 1 and at most 1000000000")
        + cases(evaluate + ["--holdout", "0.3"], "--lambda", ["101"], "--lambda must be at least 0 and at most 100")
        + cases(evaluate, "--folds", ["1", "100000"], "--folds must be at least 2 and at most 1000")
        + cases(evaluate, "--holdout", ["0", "1", "nan"], "--holdout must be a fraction > 0 and < 1")
        + cases(evaluate + ["--folds", "3"], "--repeats", ["0", "50000"],
                "--repeats must be at least 1 and at most 10000")
        + cases(evaluate + ["--folds", "3"], "--seed", ["99999999999"],
                "--seed must be at least 0 and at most 4294967295")
        + cases(tradeoff, "--folds", ["1", "2000"], "--folds must be at least 2 and at most 1000")
        + cases(tradeoff, "--seed", ["5000000000"], "--seed must be at least 0 and at most 4294967295")
        + cases(tradeoff, "--repeats", ["0", "21"], "--repeats must be at least 1 and at most 20")
        + cases(plan + ["--budget", "5"], "--repeats", ["some", "2.5"], "--repeats takes a whole number or 'auto'")
        + cases(tradeoff, "--lambdas", ["0,1e308", "nan", "-1"],
                "--lambdas takes comma-separated numbers from 0 to 100")
        + cases(tradeoff, "--lambdas", ["0,,1", "0,"], "--lambdas takes comma-separated numbers from 0 to 100")
        + cases(tradeoff, "--prune", ["none,,panel"], "--prune takes a comma-separated list of none, hypercuboid, "
                + "panel, seed, hull")
        + [Case(arguments: ["tradeoff", "Datasets/iris.csv=", "--out", never],
                message: "'Datasets/iris.csv=': a DATA=PROFILE pair needs both a data file and a cost profile")]
        // An option tradeoff does not know takes its value for a second data file: say which.
        + [Case(arguments: ["tradeoff", "Datasets/iris.csv", "--costs", "CostProfiles/heart.json", "--output", never],
                message: "--costs goes with a single data file (given 2: Datasets/iris.csv, \(never)); "
                    + "use DATA=PROFILE pairs for several")]
        + cases(tradeoff, "--study-rows", ["99", "-5"], "--study-rows must be at least 100 and at most 100000000")
        + cases(tradeoff, "--study-rows", ["some", "1e4"], "--study-rows takes a whole number or 'all'")
        + cases(tradeoff + ["--folds", "200"], "--study-rows", ["150"], "--study-rows (150) must be at least --folds")
        + cases(tradeoff, "--max-value-neurons", ["1"], "--max-value-neurons must be at least 2 and at most 1000000")
        + cases(plan, "--min-accuracy", ["1.5", "-0.1", "nan"], "--min-accuracy must be at least 0 and at most 1")
        + cases(plan, "--budget", ["-1", "inf", "nan"], "--budget must be a finite number >= 0")
        + cases(plan + ["--budget", "5"], "--folds", ["0"], "--folds must be at least 2 and at most 1000")
        + cases(plan + ["--budget", "5"], "--coefficient-sample", ["0"], "--coefficient-sample must be at least 1")

    @Test(arguments: all)
    func anOutOfRangeValueIsAValidationErrorNamingTheRange(_ test: Case) throws {
        let run = try CommandTests().asonn(test.arguments)
        #expect(run.status == 64, "a validation error, not a trap or a later failure: \(run.status)")
        #expect(run.stderr.hasPrefix("Error: \(test.message)"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: Self.never))
    }

    /// A negative value after a space (`--holdout -0.1`), not only after "=", reaches the
    /// range check instead of being taken for an option name.
    static let negativeAfterSpace: [Case] = [
        Case(arguments: evaluate + ["--holdout", "-0.1"], message: "--holdout must be a fraction > 0 and < 1"),
        Case(arguments: train + ["--weed-weight", "-1"], message: "--weed-weight must be at least 0 and at most 1000"),
        Case(arguments: plan + ["--budget", "-1"], message: "--budget must be a finite number >= 0"),
        Case(arguments: evaluate + ["--folds", "-1"], message: "--folds must be at least 2 and at most 1000"),
    ]

    @Test(arguments: negativeAfterSpace)
    func aNegativeValueAfterASpaceIsCheckedAgainstTheRange(_ test: Case) throws {
        try anOutOfRangeValueIsAValidationErrorNamingTheRange(test)
    }

    @Test func helpStatesEveryRange() throws {
        func help(_ command: String) throws -> String {
            // Help text is wrapped; compare with single spaces.
            let text = try CommandTests().asonn(command, "--help").stdout
            return text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        let expected = [
            "train": ["from 1 to 1000000", "from 0 to 100", "from 0.001 to 86400", "from 0 to 1000",
                      "> 0 and at most 100", "from 2 to 1000000", "from 1 to 1000000000"],
            "evaluate": ["from 2 to 1000", "> 0 and < 1", "from 1 to 1000", "from 0 to 4294967295",
                         "from 1 to 1000000"],
            "tradeoff": ["each from 0 to 100", "from 2 to 1000", "from 0 to 4294967295", "from 2 to 1000000",
                         "from 1 to 20"],
            "plan": ["from 0 to 1", "a finite number >= 0", "each from 0 to 100", "from 2 to 1000"],
        ]
        for (command, ranges) in expected {
            let text = try help(command)
            for range in ranges { #expect(text.contains(range), "\(command) --help: \(range)") }
        }
    }
}
