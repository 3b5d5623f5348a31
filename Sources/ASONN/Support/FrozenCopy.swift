/// A copy of `elements` in memory that hot loops read without bounds checks; freed by
/// the owner's deinit.
func frozenCopy<Element: BitwiseCopyable>(_ elements: [Element]) -> UnsafeMutablePointer<Element> {
    let base = UnsafeMutablePointer<Element>.allocate(capacity: max(elements.count, 1))
    elements.withUnsafeBufferPointer { source in
        if let address = source.baseAddress { base.initialize(from: address, count: source.count) }
    }
    return base
}
