import Foundation
import Testing
@testable import ASONN

/// Pins the exact model bytes on the bundled data sets, so that an optimisation of the
/// construction that changes any model (even one weight's last bit) fails here. A change
/// of the algorithm itself updates these pins deliberately, in the same commit.
struct ModelPinTests {
    /// FNV-1a, 64 bits: a small, stable fingerprint of the model file.
    static func fingerprint(_ data: Data) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in data {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return String(hash, radix: 16)
    }

    static let pins: [String: String] = [
        "iris": "b153b96801c6b983", "heart": "5d3076b85f6aa5bf", "pima": "5dd7137ffe70d17b",
        "bupa": "b0ac45c0d87bf387", "wine": "e6373b5eb53a67dc",
    ]

    @Test(arguments: bundledDataSets)
    func modelBytesArePinned(name: String) throws {
        let model = try ASONNClassifier().fit(try bundled(name))
        #expect(Self.fingerprint(try model.jsonData()) == Self.pins[name], "\(name)")
    }

    /// Large steps are split across two cores; the split must not change a single byte.
    /// Splitting every step and splitting none must both give the pinned model.
    @Test(arguments: bundledDataSets)
    func splittingWorkAcrossCoresChangesNoByte(name: String) throws {
        for threshold in [0, Int.max] {
            var classifier = ASONNClassifier()
            classifier.parallelUpdates = threshold
            let model = try classifier.fit(try bundled(name))
            #expect(Self.fingerprint(try model.jsonData()) == Self.pins[name], "\(name), split from \(threshold)")
        }
    }

    /// The same on random data with categorical attributes, missing values and VNs that
    /// hold several objects, in both variants.
    @Test func splittingChangesNoByteOnRandomData() throws {
        for seed in 0..<40 as Range<UInt64> {
            let data = randomDataset(seed: seed)
            for parameters in [ASONNParameters(), .paper] {
                let models = try bytesSplitAndUnsplit(parameters, data)
                #expect(models[0] == models[1], "seed \(seed)")
            }
        }
    }
}
