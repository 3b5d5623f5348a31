import ArgumentParser
import ASONN

/// The two construction options for large data, shared by every command that builds models.
struct LargeDataOptions: ParsableArguments {
    typealias Limits = ASONNParameters.Limits

    @Option(name: .customLong("max-value-neurons"),
            help: ArgumentHelp("""
                For large data: merge each numeric attribute's distinct values into at most this many value \
                neurons of about equal row counts (e.g. 255; \(OptionRange.text(Limits.maxValueNeurons))). \
                Default: one per distinct value.
                """, valueName: "count"))
    var maxValueNeurons: Int?

    @Option(name: .customLong("coefficient-sample"),
            help: ArgumentHelp("""
                For large data: sum the expansion coefficients over at most this many rows, evenly spread \
                (e.g. 2000; \(OptionRange.text(Limits.coefficientSample))); discrimination and weights still \
                count every row. Default: all rows.
                """, valueName: "rows"))
    var coefficientSample: Int?

    func validate() throws {
        if let maxValueNeurons {
            try OptionRange.check(maxValueNeurons, Limits.maxValueNeurons, option: "--max-value-neurons")
        }
        if let coefficientSample {
            try OptionRange.check(coefficientSample, Limits.coefficientSample, option: "--coefficient-sample")
        }
    }

    func apply(to parameters: inout ASONNParameters) {
        parameters.maxValueNeurons = maxValueNeurons
        parameters.coefficientSample = coefficientSample
    }

    /// A note for large data built exactly: construction time grows with the square of the
    /// rows there, and the large-data options measured about as accurate.
    func hint(rows: Int) -> String? {
        guard rows > 10_000, maxValueNeurons == nil, coefficientSample == nil else { return nil }
        return "note: \(rows) rows: exact construction may take minutes; --max-value-neurons 255 "
            + "--coefficient-sample 2000 builds several times faster at about the same accuracy "
            + "(README, \"Large data\")"
    }
}
