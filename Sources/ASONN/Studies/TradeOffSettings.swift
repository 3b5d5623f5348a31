import Foundation

/// Parameters of a trade-off study. Plain values with documented defaults.
public struct TradeOffSettings: Sendable {
    /// Cost-weighting strengths tried on every panel. Default 0, 0.5, 1, 2, 4.
    public var lambdas: [Double] = [0, 0.5, 1, 2, 4]
    /// Prune modes tried on every panel. Default none, hypercuboid, panel.
    public var pruneModes: [PruneMode] = [.none, .hypercuboid, .panel]
    /// Stratified cross-validation folds. Default 5.
    public var folds: Int = 5
    /// Seed of the fold assignment. Default 0.
    public var seed: UInt64 = 0
    /// Repeats of the K-fold cross-validation, repeat r with the fold assignment of seed
    /// + r; every configuration is scored on all folds of every repeat. nil: automatic
    /// (`repeats(forRows:)`). Default nil.
    public var repeats: Int?
    /// Automatic repeats: as many as keep repeats x rows near `repeatedRows` (1 to 5). On
    /// a few hundred rows one fold assignment's luck moves a configuration's accuracy by
    /// several points, and a study picks the best of hundreds: repeats average that luck
    /// out where the models are cheap to build.
    public static let repeatedRows = 3_000
    public static let maxAutomaticRepeats = 5
    /// The repeats a study may be given: each multiplies its work.
    public static let repeatsRange = 1...20
    /// Construction parameters besides lambda and pruning. Default: the default variant.
    public var base = ASONNParameters()
    /// Run the folds of a configuration in parallel (results are identical). Default true.
    public var parallel = true
    /// Above this many rows every model is built with the large-data options
    /// (`largeDataValueNeurons`, `largeDataCoefficientSample`) where `base` sets neither:
    /// a study builds hundreds of models, and exact construction grows with the square of
    /// the rows (a plan on 5,000 rows x 20 tests took 4.6 to 6.3 minutes exactly). On the eight
    /// public sets of 4,597 to 7,400 rows the options measured as accurate as exact
    /// construction (`Benchmarks/results/large-data-accuracy.md`). nil: always exact.
    /// Default 4,000.
    public var largeDataRows: Int? = 4_000
    public static let largeDataValueNeurons = 255
    public static let largeDataCoefficientSample = 2000
    /// Above this many rows the study cross-validates every configuration on a fixed
    /// stratified sample of this many rows (drawn with `seed`), and the report says so: a
    /// study builds hundreds of models, and an accuracy measured on 10,000 rows has a standard
    /// error of about 0.4 points (on magic the sample's accuracies rank the configurations as
    /// every row's do with a Spearman correlation of 0.92). The models are built with the
    /// construction parameters of the whole data, as the model a plan trains on every row.
    /// nil: every row. Default 10,000.
    public var studyRows: Int? = 10_000
    /// Record each configuration's mean build time; when false `buildSeconds` is 0, so the
    /// same inputs give the same report bytes (to compare runs). Default true.
    public var recordsTimes = true

    public init() {}

    /// The repeats a study of `rows` rows (as cross-validated) runs.
    public func repeats(forRows rows: Int) -> Int {
        repeats ?? min(max(Self.repeatedRows / max(rows, 1), 1), Self.maxAutomaticRepeats)
    }

    /// The repeats a study of `data` runs (on its sample, where `studyRows` takes one).
    public func repeats(for data: Dataset) -> Int {
        repeats(forRows: studiedRowCount(of: data))
    }

    /// How many rows of `data` a study cross-validates: every row, or as many as the
    /// `studyRows` sample keeps (without drawing it).
    func studiedRowCount(of data: Dataset) -> Int {
        guard let limit = studyRows, data.rowCount > limit else { return data.rowCount }
        return Splits.sampleCounts(data.classCounts, rows: limit).reduce(0, +)
    }

    /// The study's splits of `data` (as cross-validated): the folds of every repeat, repeat after repeat.
    func splits(_ data: Dataset) -> [Split] {
        (0..<repeats(forRows: data.rowCount)).flatMap { r in
            Splits.kFold(labels: data.labels, classCount: data.classes.count, folds: folds,
                         seed: seed &+ UInt64(r))
        }
    }

    /// The construction parameters of a study of data with `rows` rows: `base`, with the
    /// large-data options where `largeDataRows` says so.
    public func parameters(forRows rows: Int) -> ASONNParameters {
        var parameters = base
        if let limit = largeDataRows, rows > limit, base.maxValueNeurons == nil, base.coefficientSample == nil {
            parameters.maxValueNeurons = Self.largeDataValueNeurons
            parameters.coefficientSample = Self.largeDataCoefficientSample
        }
        return parameters
    }

    /// The rows a study of `data` cross-validates on: every row, or the `studyRows` sample
    /// (rows in file order), with settings whose construction parameters are those of the
    /// whole data, so that the sample's size does not change them.
    func studied(_ data: Dataset) -> (data: Dataset, settings: TradeOffSettings) {
        var settings = self
        settings.base = parameters(forRows: data.rowCount)
        settings.largeDataRows = nil
        guard let limit = studyRows, data.rowCount > limit else { return (data, settings) }
        // Its own stream of the seed, so that the sample and the folds drawn in it do not move together.
        return (Splits.stratifiedSample(data, rows: limit, seed: seed ^ Self.sampleSeedMix), settings)
    }

    /// Mixed into the seed for the study sample ("SAMPLE" in ASCII).
    static let sampleSeedMix: UInt64 = 0x53_41_4D_50_4C_45
}
