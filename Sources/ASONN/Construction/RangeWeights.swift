/// The connection weights of range neurons (spec section 5), shared by construction and pruning.
enum RangeWeights {
    /// The connection weights of one combination's ranges (spec section 5, poster eq. 24-25):
    /// phi(r) = (1 - Weeds(r) / phi_discr) * (phi_repr + Seeds(r)) / (phi_repr + AllSeeds),
    /// w(r) = phi(r) / SUM phi, with phi_repr = represented * A^2 and
    /// phi_discr = (rows of other classes) * A^2.
    static func weights(seeds: [Int], weeds: [Int], represented: Int, otherClassRows: Int,
                        attributeCount: Double) -> [Double] {
        guard !seeds.isEmpty else { return [] }
        let squared = attributeCount * attributeCount
        let phiRepr = Double(represented) * squared
        let phiDiscr = Double(otherClassRows) * squared
        let allSeeds = Double(seeds.reduce(0, +))
        let phi = zip(seeds, weeds).map { seed, weed in
            (1 - Double(weed) / phiDiscr) * (phiRepr + Double(seed)) / (phiRepr + allSeeds)
        }
        let total = phi.reduce(0, +)
        // Only with a single attribute can every phi be 0; fall back to equal weights.
        guard total > 0 else { return [Double](repeating: 1 / Double(seeds.count), count: seeds.count) }
        return phi.map { $0 / total }
    }
}
