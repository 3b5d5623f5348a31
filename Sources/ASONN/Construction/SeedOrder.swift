import Dispatch
import Foundation

/// The order in which objects become seeds (spec section 2).
///
/// C_i[k] counts the objects of other classes that share exactly k attribute values with
/// object i. Objects are ranked by C_i read from k = A down to k = 1, largest first (the
/// object most entangled with other classes goes first); ties by the total number of
/// other-class objects sharing one of i's values (sum over k of k * C_i[k]), larger
/// first, then by row index.
enum SeedOrder {
    /// The out-correlation vectors, flat: `vectors[i * (A + 1) + k]` is C_i[k] for k in 0...A
    /// (k = 0 is unused and left 0).
    static func outCorrelation(_ agds: AGDS) -> [Int32] {
        let width = agds.attributeCount + 1
        var vectors = [Int32](repeating: 0, count: agds.rowCount * width)
        let labels = agds.labels.map { Int32($0) }
        // Each object's vector depends on nothing but the AGDS, so the rows are split into
        // chunks counted on every core; every chunk writes its own rows. A worker takes
        // every `workers`-th chunk and keeps its working memory for all of them.
        let chunk = 512
        let chunks = (agds.rowCount + chunk - 1) / chunk
        let workers = max(1, min(chunks, ProcessInfo.processInfo.activeProcessorCount))
        vectors.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let output = SendablePointer(base)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                // Plain buffers: the inner loop runs once per pair of objects sharing a value.
                let shared = UnsafeMutableBufferPointer<Int32>.allocate(capacity: agds.rowCount)
                shared.initialize(repeating: 0)
                let touched = UnsafeMutableBufferPointer<Int32>.allocate(capacity: agds.rowCount)
                defer { shared.deallocate(); touched.deallocate() }
                for index in stride(from: worker, to: chunks, by: workers) {
                    let rows = (index * chunk)..<min(agds.rowCount, (index + 1) * chunk)
                    count(agds, labels: labels, rows: rows, shared: shared, touched: touched, into: output.pointer)
                }
            }
        }
        return vectors
    }

    /// C_i for the objects `rows`, written to `vectors[i * (A + 1) + k]`. `shared` (all 0
    /// on entry and on return) and `touched` are working memory of one entry per object.
    private static func count(_ agds: AGDS, labels: [Int32], rows: Range<Int>,
                              shared: UnsafeMutableBufferPointer<Int32>,
                              touched: UnsafeMutableBufferPointer<Int32>, into vectors: UnsafeMutablePointer<Int32>) {
        let width = agds.attributeCount + 1
        agds.objects.withUnsafeBufferPointer { objects in
            labels.withUnsafeBufferPointer { labels in
                for i in rows {
                    let own = labels[i]
                    var touchedCount = 0
                    for a in 0..<agds.attributeCount where agds.usable[a] {
                        let r = agds.rank(i, a)
                        if r < 0 { continue }
                        let v = agds.vnOffset[a] + r
                        // Without branches (classes and first touches come unpredictably):
                        // every object is written to `touched`, but kept only the first
                        // time an other-class object is counted.
                        for p in agds.objectStart[v]..<agds.objectStart[v + 1] {
                            let j = Int(objects[p])
                            let other: Int32 = labels[j] == own ? 0 : 1
                            let count = shared[j]
                            touched[touchedCount] = Int32(j)
                            touchedCount += Int(other & (count == 0 ? 1 : 0))
                            shared[j] = count + other
                        }
                    }
                    for index in 0..<touchedCount {
                        let j = Int(touched[index])
                        vectors[i * width + Int(shared[j])] += 1
                        shared[j] = 0
                    }
                }
            }
        }
    }

    /// Row indices, hardest first.
    static func order(_ agds: AGDS) -> [Int] {
        let width = agds.attributeCount + 1
        let vectors = outCorrelation(agds)
        var totals = [Int](repeating: 0, count: agds.rowCount)
        for i in 0..<agds.rowCount {
            for k in 1..<width { totals[i] += k * Int(vectors[i * width + k]) }
        }
        return (0..<agds.rowCount).sorted { i, j in
            for k in stride(from: width - 1, through: 1, by: -1) {
                let ci = vectors[i * width + k], cj = vectors[j * width + k]
                if ci != cj { return ci > cj }
            }
            if totals[i] != totals[j] { return totals[i] > totals[j] }
            return i < j
        }
    }
}
