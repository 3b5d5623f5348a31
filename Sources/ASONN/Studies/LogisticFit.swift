import Foundation

/// A logistic regression fitted by Newton's method, for the risk calibration's few
/// features: deterministic, and a small ridge penalty (not on the intercept) keeps the
/// coefficients finite when the outcomes are separable or all alike.
enum LogisticFit {
    /// Coefficients (intercept first) of P(y = 1) = 1 / (1 + exp(-(b0 + b . x))).
    /// - Parameters:
    ///   - features: one row of `width` features per observation.
    ///   - outcomes: per observation, whether the event happened.
    static func fit(features: [[Double]], outcomes: [Bool], width: Int, ridge: Double = 1e-2,
                    iterations: Int = 30) -> [Double] {
        let n = Double(outcomes.count)
        let events = Double(outcomes.filter { $0 }.count)
        // Start at the smoothed base rate: the answer when no feature helps.
        var beta = [Double](repeating: 0, count: width + 1)
        beta[0] = log((events + 0.5) / (n - events + 0.5))
        guard !outcomes.isEmpty else { return beta }
        for _ in 0..<iterations {
            var gradient = [Double](repeating: 0, count: width + 1)
            var hessian = [[Double]](repeating: [Double](repeating: 0, count: width + 1), count: width + 1)
            for (x, y) in zip(features, outcomes) {
                let row = [1.0] + x.prefix(width)
                let p = probability(beta, row)
                let w = max(p * (1 - p), 1e-12)
                for i in row.indices {
                    gradient[i] += ((y ? 1 : 0) - p) * row[i]
                    for j in row.indices { hessian[i][j] += w * row[i] * row[j] }
                }
            }
            for i in 1..<(width + 1) {
                gradient[i] -= ridge * n * beta[i]
                hessian[i][i] += ridge * n
            }
            guard let step = solve(hessian, gradient) else { break }
            var largest = 0.0
            for i in beta.indices {
                beta[i] += step[i]
                largest = max(largest, abs(step[i]))
            }
            if largest < 1e-9 { break }
        }
        if beta.allSatisfy(\.isFinite) { return beta }
        return [beta[0].isFinite ? beta[0] : 0] + [Double](repeating: 0, count: width)
    }

    static func probability(_ beta: [Double], _ row: [Double]) -> Double {
        var logit = 0.0
        for (b, x) in zip(beta, row) { logit += b * x }
        return 1 / (1 + exp(-logit))
    }

    /// Solves a x = b by Gaussian elimination with partial pivoting; nil when singular.
    static func solve(_ a: [[Double]], _ b: [Double]) -> [Double]? {
        var m = a, v = b
        let size = v.count
        for column in 0..<size {
            guard let pivot = (column..<size).max(by: { abs(m[$0][column]) < abs(m[$1][column]) }),
                  abs(m[pivot][column]) > 1e-300 else { return nil }
            m.swapAt(column, pivot)
            v.swapAt(column, pivot)
            for r in (column + 1)..<size {
                let factor = m[r][column] / m[column][column]
                guard factor != 0 else { continue }
                for c in column..<size { m[r][c] -= factor * m[column][c] }
                v[r] -= factor * v[column]
            }
        }
        var x = [Double](repeating: 0, count: size)
        for r in stride(from: size - 1, through: 0, by: -1) {
            var sum = v[r]
            for c in (r + 1)..<size { sum -= m[r][c] * x[c] }
            x[r] = sum / m[r][r]
        }
        return x
    }
}
