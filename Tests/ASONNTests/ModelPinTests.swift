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
        "iris": "55b89cf9a2d87865", "heart": "f0bca17f5474dfe7", "pima": "f06734df74e9a853", "bupa": "be3697b73afddbd9", "wine": "54a86830db26d864",
    ]

    @Test(arguments: bundledDataSets)
    func modelBytesArePinned(name: String) throws {
        let model = try ASONNClassifier().fit(try bundled(name))
        #expect(Self.fingerprint(try model.jsonData()) == Self.pins[name], "\(name)")
    }
}
