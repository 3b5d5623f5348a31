/// Where a finished box's numeric bounds sit: between the rows the box represents and the
/// values growth reached before it was blocked.
///
/// Growth until blocked takes every value that keeps other-class rows out on enough
/// attributes, so a box often reaches far past its own rows into space where only other
/// classes have rows, and boxes of two classes overlap there. Test rows in such overlaps
/// are decided by support, barely better than chance. Pulling each bound back towards the
/// represented rows leaves less of that space to every box. A bound that reached the end
/// of its attribute's training domain stays open: pulling it back would add a condition
/// and buys nothing, since no other class lies beyond it in training.
public enum BoxBounds: String, Codable, Sendable, CaseIterable {
    /// As growth left them (the poster).
    case grown
    /// Halfway, in value ranks, between the represented rows' outermost value and the
    /// grown bound (the default).
    case midway
    /// At the represented rows' outermost value.
    case hull
}
