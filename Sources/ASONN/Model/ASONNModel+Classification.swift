import Foundation

/// The model's answer for one row: the class, every class score S_c, and for each class
/// the combination that produced its score (max-pooling).
public struct Prediction: Equatable, Sendable {
    public var classIndex: Int
    public var scores: [Double]
    /// Per class, the index of its best combination (nil when the class has none).
    public var winners: [Int?]
}

extension ASONNModel {
    /// A range neuron's output for value `x` (spec section 6): 1 inside the range; outside,
    /// the Gaussian-cut hat exp((1 - z^2) / 2) with z = 1 + 2 * dist / width, where width is
    /// the range's width floored at the attribute's width floor. Categorical: 1 if the
    /// category is in the set, else 0.
    @inlinable
    public func output(of range: RangeNeuron, for x: Double) -> Double {
        if contains(range, x) { return 1 }
        if range.isCategorical { return 0 }
        let distance = x < range.lower ? range.lower - x : x - range.upper
        let width = max(range.upper - range.lower, attributes[range.attribute].widthFloor ?? 0)
        guard width > 0 else { return 0 }
        let z = 1 + 2 * distance / width
        return exp((1 - z * z) / 2)
    }

    /// Whether value `x` lies in `range` (a missing value is handled by the caller). A
    /// categorical value is its category index; one that is no integer is in no set.
    @inlinable
    public func contains(_ range: RangeNeuron, _ x: Double) -> Bool {
        if range.isCategorical {
            return x > -9.2e18 && x < 9.2e18 && range.categories.contains(Int(x))
        }
        return x >= range.lower && x <= range.upper
    }

    /// The highest excitation of a combination that does not hold the row: the largest
    /// number below 1. Score 1 is kept for combinations that hold the row on every present
    /// range, so that no gap is too small and no span too large for a box that holds a row
    /// to outrank one that does not (the hat of a tiny gap in a wide range rounds to 1).
    public static let outsideCeiling = 1.0.nextDown

    /// e_k(x) = SUM_r w(r,k) * out_r(x_a) over the ranges whose value is present, divided
    /// by the sum of those weights (missing values drop their term and the rest are
    /// renormalised), at most `outsideCeiling` when some present value lies outside its
    /// range. A combination that holds the row scores 1, also when every ranged value is
    /// missing: a missing value counts as inside, in construction as here, so a training
    /// row represented only through missing values keeps its own box.
    @inlinable
    public func excitation(of combination: Combination, for row: some RandomAccessCollection<Double>) -> Double {
        var weighted = 0.0, weights = 0.0, holds = true
        let base = row.startIndex
        for range in combination.ranges {
            let x = row[row.index(base, offsetBy: range.attribute)]
            if x.isNaN { continue }
            if !contains(range, x) { holds = false }
            weighted += range.weight * output(of: range, for: x)
            weights += range.weight
        }
        // A combination without ranges constrains nothing: it holds every point.
        if holds { return 1 }
        guard weights > 0 else { return 0 }
        return min(weighted / weights, Self.outsideCeiling)
    }

    /// Classifies one row of attribute values in the model's attribute order (a categorical
    /// value is its category index; NaN is missing). This is the definition; `Predictor`
    /// gives the same answers faster when many rows are classified.
    public func predict(row: some RandomAccessCollection<Double>) -> Prediction {
        var scores = [Double](repeating: 0, count: classes.count)
        var winners = [Int?](repeating: nil, count: classes.count)
        for (index, combination) in combinations.enumerated() {
            let c = combination.classIndex
            // Once a class scores 1 (no rule scores more), a later rule of that class can only
            // matter by scoring 1 too with more support; others need not be evaluated.
            if let current = winners[c], scores[c] == 1 {
                if combination.represented > combinations[current].represented
                    && excitation(of: combination, for: row) == 1 {
                    winners[c] = index
                }
                continue
            }
            let e = excitation(of: combination, for: row)
            // Strictly greater keeps the first of equal combinations; ties between
            // combinations of one class go to the one with more support below.
            if winners[c] == nil || e > scores[c] {
                scores[c] = e
                winners[c] = index
            } else if e == scores[c], let current = winners[c],
                      combination.represented > combinations[current].represented {
                winners[c] = index
            }
        }
        return Prediction(classIndex: decide(scores: scores, winners: winners), scores: scores, winners: winners)
    }

    /// Argmax of the class scores; scores within the tie tolerance of the best are ties,
    /// decided by the support of each class's winning combination, then by class order.
    /// A best score of 1 (a combination holds the row) ties only with other scores of 1.
    func decide(scores: [Double], winners: [Int?]) -> Int {
        Self.decide(classCount: scores.count, tieTolerance: parameters.tieTolerance, score: { scores[$0] },
                    support: { c in winners[c].map { combinations[$0].represented } })
    }

    /// `decide` over classes given by their best score and the support of their winning
    /// combination (nil: the class has none), for callers that keep them elsewhere.
    @inline(__always)
    static func decide(classCount: Int, tieTolerance: Double, score: (Int) -> Double,
                       support: (Int) -> Int?) -> Int {
        var best = 0
        for c in 0..<classCount where support(c) != nil && (support(best) == nil || score(c) > score(best)) {
            best = c
        }
        let threshold = score(best) >= 1 ? 1 : score(best) - tieTolerance
        var chosen = best
        for c in 0..<classCount where support(c) != nil && score(c) >= threshold {
            let own = support(c) ?? 0, chosenSupport = support(chosen) ?? 0
            if own > chosenSupport || (own == chosenSupport && c < chosen) { chosen = c }
        }
        return chosen
    }

    /// Class probabilities: a softmax over the class scores with the model's sharpness.
    public func probabilities(for prediction: Prediction) -> [Double] {
        let top = prediction.scores.max() ?? 0
        let exps = prediction.scores.map { exp(parameters.sharpness * ($0 - top)) }
        let total = exps.reduce(0, +)
        return exps.map { $0 / total }
    }
}
