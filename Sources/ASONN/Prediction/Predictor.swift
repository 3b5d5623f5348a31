import Dispatch
import Foundation

/// A model compiled once for classifying many rows: predictions, probabilities,
/// explanations and sequential acquisition, all over the same flat tables
/// (`CompiledCombinations`). Every answer equals the plain definition on `ASONNModel`
/// (`predict(row:)`, bit for bit; the tests compare them).
///
/// Prediction evaluates only the combinations that can still change the answer. Each
/// class's result is the lexicographic best of (excitation, support, earlier index) over
/// its combinations, so combinations may be evaluated in any order. They are numbered by
/// class, then support (most first), then model order. For a few deficit levels t, an
/// index per attribute tells which combinations have a range that, at this value, alone
/// takes more than t off the excitation (its weight share times 1 - output). A
/// combination outside the level-t set therefore scores at most 1 - t; once a class's
/// best exact score so far beats that, the rest of the class is skipped. At the finest
/// level the set holds every combination that can score exactly 1, so a class with such
/// a combination is settled by the first one found in support order.
///
/// Build one with `ASONNModel.predictor()` and reuse it: building indexes every range.
public struct Predictor: Sendable {
    /// The model compiled, for the plain path and for the class decision.
    public let model: ASONNModel
    let tables: CompiledCombinations
    /// The model's test costs in force, for sequential acquisition.
    let costs: TestCosts
    /// The attributes some rule tests (`ASONNModel.usedAttributes`), computed once.
    let usedTests: [Int]

    /// Compiles `model`; the model is not changed.
    /// - Parameter indexed: build the level indexes (the default). Without them every row is
    ///   scored the plain way: the same answers, a cheaper start, slower rows; worth it for
    ///   fewer than `indexedFromRows` rows.
    public init(_ model: ASONNModel, indexed: Bool = true) {
        self.model = model
        self.tables = CompiledCombinations(model, indexed: indexed)
        self.costs = model.effectiveCosts
        self.usedTests = model.usedAttributes
    }

    /// `row` with the attributes past its end missing.
    func padded(_ row: some RandomAccessCollection<Double>) -> [Double] {
        var values = Array(row)
        if values.count < model.attributes.count {
            values += [Double](repeating: .nan, count: model.attributes.count - values.count)
        }
        return values
    }

    /// The same `Prediction` as `model.predict(row:)`. Attributes past the end of a short
    /// row are missing.
    public func predict(row: some RandomAccessCollection<Double>) -> Prediction {
        let values = padded(row)
        return predict(padded: values, scratch: tables.isIndexed ? tables.scratch() : nil)
    }

    /// `predict(row:)` of a row already as wide as the model, in `scratch` (nil only when
    /// the tables are not indexed).
    func predict(padded values: [Double], scratch: ScoringScratch?) -> Prediction {
        guard tables.isIndexed, let scratch else { return model.predict(row: values) }
        return values.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return model.predict(row: values) }
            return tables.predict(row: base, scratch: scratch, model: model)
        }
    }

    /// Predictions for the rows stored row-major in `values`, `stride` values per row in the
    /// model's attribute order: `rowCount` rows, or as many as `values` holds. Attributes
    /// past a row's `stride` values are missing. Rows are shared among the processor cores;
    /// the result is in row order and does not depend on the number of cores.
    public func predictions(values: [Double], rowCount: Int, stride: Int) -> [Prediction] {
        let rowCount = stride > 0 ? min(rowCount, values.count / stride) : 0
        guard rowCount > 0 else { return [] }
        let width = model.attributes.count
        if stride < width {
            // Widen every row to the model's attributes, the missing ones NaN.
            let padding = [Double](repeating: .nan, count: width - stride)
            let widened = (0..<rowCount).flatMap { r in Array(values[(r * stride)..<((r + 1) * stride)]) + padding }
            return predictions(values: widened, rowCount: rowCount, stride: width)
        }
        guard tables.isIndexed else {
            return (0..<rowCount).map { r in model.predict(row: values[(r * stride)..<((r + 1) * stride)]) }
        }
        return rowwise(values: values, rowCount: rowCount, stride: stride, blocked: true) { row, scratch, kept in
            tables.predict(row: row, scratch: scratch, model: model, firstKept: kept)
        }
    }

    /// The predicted classes of the rows in `values` (taken as `predictions(values:rowCount:stride:)`
    /// takes them): the same classes, faster, for a caller that needs no scores: a class
    /// that cannot win or tie is not scored to the end.
    public func predictedClasses(values: [Double], rowCount: Int, stride: Int) -> [Int] {
        let rowCount = stride > 0 ? min(rowCount, values.count / stride) : 0
        guard rowCount > 0 else { return [] }
        let width = model.attributes.count
        guard stride >= width, tables.isIndexed else {
            return predictions(values: values, rowCount: rowCount, stride: stride).map(\.classIndex)
        }
        return rowwise(values: values, rowCount: rowCount, stride: stride, blocked: true) { row, scratch, kept in
            tables.predictClass(row: row, scratch: scratch, model: model, firstKept: kept)
        }
    }

    /// The predicted classes of every row of a data set with the model's attributes.
    public func predictedClasses(_ data: Dataset) -> [Int] {
        predictedClasses(values: data.values, rowCount: data.rowCount, stride: data.attributeCount)
    }

    /// Sequential predictions (`predictSequentially(row:risk:)`) for the rows stored row-major
    /// in `values`, as `predictions(values:rowCount:stride:)` takes them: shared among the
    /// processor cores, in row order, the same whatever the number of cores.
    public func sequentialPredictions(values: [Double], rowCount: Int, stride: Int,
                                      risk: Double = 0) -> [SequentialPrediction] {
        rowwise(values: values, rowCount: rowCount, stride: stride, blocked: false) { row, scratch, _ in
            predictSequentially(row: UnsafeBufferPointer(start: row, count: stride), risk: risk, scratch: scratch)
        }
    }

    /// `body` on every row of `values` (`rowCount` rows of `stride` values, or as many as
    /// `values` holds), chunks of rows on every core, each with its own scratch; results in
    /// row order. With `blocked`, `body` also gets the row's first-level kept set, computed
    /// for a block of rows at once (`CompiledCombinations.firstLevelKept`).
    private func rowwise<Result>(values: [Double], rowCount: Int, stride: Int, blocked: Bool,
                                 _ body: @Sendable (UnsafePointer<Double>, ScoringScratch,
                                                    UnsafeMutablePointer<UInt64>?) -> Result) -> [Result] {
        let rowCount = stride > 0 ? min(rowCount, values.count / stride) : 0
        guard rowCount > 0 else { return [] }
        let chunkSize = 256
        let chunks = (rowCount + chunkSize - 1) / chunkSize
        return values.withUnsafeBufferPointer { source in
            [Result](unsafeUninitializedCapacity: rowCount) { buffer, initialized in
                guard let input = source.baseAddress, let output = buffer.baseAddress else {
                    initialized = 0
                    return
                }
                let shared = SharedRows(input: input, output: output)
                // Each chunk writes its own rows once, so chunks need no coordination.
                DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                    let scratch = tables.scratch()
                    let rows = (chunk * chunkSize)..<min(rowCount, (chunk + 1) * chunkSize)
                    for start in Swift.stride(from: rows.lowerBound, to: rows.upperBound, by: scratch.blockRows) {
                        let count = min(scratch.blockRows, rows.upperBound - start)
                        if blocked {
                            tables.firstLevelKept(rows: shared.input + start * stride, stride: stride, rowCount: count,
                                                  scratch: scratch)
                        }
                        for r in start..<(start + count) {
                            let kept = blocked ? scratch.block + (r - start) * tables.wordCount : nil
                            (shared.output + r).initialize(to: body(shared.input + r * stride, scratch, kept))
                        }
                    }
                }
                initialized = rowCount
            }
        }
    }

    /// Predictions for every row of a data set with the model's attributes.
    public func predictions(_ data: Dataset) -> [Prediction] {
        predictions(values: data.values, rowCount: data.rowCount, stride: data.attributeCount)
    }

    /// Class probabilities: a softmax over the class scores with the model's sharpness.
    public func probabilities(for prediction: Prediction) -> [Double] {
        model.probabilities(for: prediction)
    }
}

extension Predictor {
    /// From how many rows the level indexes pay for their building (measured on magic's
    /// model with `Benchmarks/predict-speed.sh`; building them costs about as much as
    /// scoring this many rows the plain way).
    public static let indexedFromRows = 32
}

extension ASONNModel {
    /// This model compiled for classifying many rows (see `Predictor`).
    /// - Parameter rows: how many rows it will classify, when known: fewer than
    ///   `Predictor.indexedFromRows` are scored without the level indexes (same answers).
    public func predictor(forRows rows: Int? = nil) -> Predictor {
        Predictor(self, indexed: (rows ?? Int.max) >= Predictor.indexedFromRows)
    }
}
