/// How a model's tests are cut down after construction (spec 7b).
public enum PruneMode: String, Codable, Sendable, CaseIterable {
    /// Keep every range.
    case none
    /// Per hypercuboid, the cheapest set of its attributes that still keeps every
    /// other-class training row out on min(d, available) attributes.
    case hypercuboid
    /// One model-wide panel: the cheapest set of attributes that does that for every
    /// hypercuboid at once.
    case panel
    /// Before growing, the cheapest set of attributes that keeps every other-class row
    /// out of the seed's point box; the box then grows on those attributes only.
    case seed
    /// Per hypercuboid, the cheapest set of attributes on which the tight hull of the rows
    /// it represents keeps every other-class row out on min(d, available) attributes; the
    /// box then grows again on those attributes only, until blocked.
    case hull
}
