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
    public init(_ model: ASONNModel) {
        self.model = model
        self.tables = CompiledCombinations(model)
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
        guard tables.isIndexed else { return model.predict(row: values) }
        let scratch = tables.scratch()
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
        let chunkSize = 256
        let chunks = (rowCount + chunkSize - 1) / chunkSize
        return values.withUnsafeBufferPointer { source in
            [Prediction](unsafeUninitializedCapacity: rowCount) { buffer, initialized in
                guard let input = source.baseAddress, let output = buffer.baseAddress else {
                    initialized = 0
                    return
                }
                let shared = SharedRows(input: input, output: output)
                // Each chunk writes its own rows once, so chunks need no coordination.
                DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                    let scratch = tables.scratch()
                    for r in (chunk * chunkSize)..<min(rowCount, (chunk + 1) * chunkSize) {
                        let prediction = tables.predict(row: shared.input + r * stride, scratch: scratch, model: model)
                        (shared.output + r).initialize(to: prediction)
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

extension ASONNModel {
    /// This model compiled for classifying many rows (see `Predictor`).
    public func predictor() -> Predictor { Predictor(self) }
}
