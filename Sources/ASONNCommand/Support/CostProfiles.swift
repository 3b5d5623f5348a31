import ASONN

/// The cost profile at `path` resolved for the attributes of `data`; nil without a profile.
func resolvedCosts(_ path: String?, for data: Dataset) throws -> TestCosts? {
    try path.map { try CostProfile.load(from: $0).resolve(for: data.attributes.map(\.name), file: $0) }
}
