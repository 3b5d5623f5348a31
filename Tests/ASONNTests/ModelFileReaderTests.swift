import Foundation
import Testing
@testable import ASONN

/// The fast model reader gives the model JSONDecoder gives, or leaves the file to it.
@Suite struct ModelFileReaderTests {
    private func fullDecode(_ data: Data) throws -> ASONNModel {
        try JSONDecoder().decode(ASONNModel.self, from: data)
    }

    @Test(arguments: bundledDataSets)
    func fastReadingEqualsJSONDecoder(_ name: String) throws {
        let model = try ASONNClassifier().fit(try bundled(name))
        let data = try model.jsonData()
        let fast = try #require(ModelFileReader.decode(data), "the fast path reads what jsonData writes")
        #expect(fast == (try fullDecode(data)))
        #expect(fast == model)
    }

    @Test func categoricalModelsAndCompactJSON() throws {
        var text = "size,colour,class\n"
        for index in 0..<30 { text += "\(index % 7),\(["red", "green", "blue"][index % 3]),\(index % 2)\n" }
        let data = try DataTable.parse(Array(text.utf8), file: "t.csv").labelledDataset().dataset
        let model = try ASONNClassifier().fit(data)
        let pretty = try model.jsonData()
        // The same document without the pretty printing's spaces and line breaks.
        let object = try JSONSerialization.jsonObject(with: pretty)
        let compact = try JSONSerialization.data(withJSONObject: object)
        for bytes in [pretty, compact] {
            let fast = try #require(ModelFileReader.decode(bytes))
            #expect(fast == (try fullDecode(bytes)))
        }
    }

    /// A document whose keys come in another order than `jsonData()` writes them: the
    /// combinations before the attributes and classes they name are read after those.
    @Test func combinationsBeforeTheirAttributesReadTheSame() throws {
        let model = try ASONNClassifier().fit(try bundled("heart"))
        let object = try #require(try JSONSerialization.jsonObject(with: try model.jsonData()) as? [String: Any])
        let order = ["combinations"] + object.keys.filter { $0 != "combinations" }.sorted().reversed()
        var text = "{"
        for (n, key) in order.enumerated() {
            let part = try #require(object[key])
            let value = try JSONSerialization.data(withJSONObject: part, options: .fragmentsAllowed)
            text += (n == 0 ? "" : ",") + "\"\(key)\":" + String(decoding: value, as: UTF8.self)
        }
        let data = Data((text + "}").utf8)
        let fast = try #require(ModelFileReader.decode(data))
        #expect(fast == (try fullDecode(data)))
        #expect(fast == model)
    }

    /// Numbers with more significant digits than the plain-decimal path takes (read by
    /// strtod) right before a closing bracket or brace, in compact JSON.
    @Test func longNumbersBeforeClosingBracketsReadAsJSONDecoderReadsThem() throws {
        let model = try ASONNClassifier().fit(try bundled("iris"))
        let object = try JSONSerialization.jsonObject(with: try model.jsonData())
        var text = String(decoding: try JSONSerialization.data(withJSONObject: object, options: .sortedKeys),
                          as: UTF8.self)
        // Every weight (the last key of a range) gets 24 more digits: same double or the next.
        let pattern = try NSRegularExpression(pattern: "(\"weight\":-?[0-9]+\\.[0-9]+)([}\\]])")
        text = pattern.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text),
                                                withTemplate: "$1000000000000000000000001$2")
        #expect(text.contains("000000000000000000000001}"), "the edit reached the weights")
        let data = Data(text.utf8)
        let fast = try #require(ModelFileReader.decode(data), "long numbers stay on the fast path")
        #expect(fast == (try fullDecode(data)))
    }

    /// A repeated attributes key before the combinations: whatever the fast reader makes of
    /// it, loading gives what JSONDecoder gives.
    @Test func repeatedEarlyKeysLoadAsJSONDecoderDecides() throws {
        let model = try ASONNClassifier().fit(try bundled("iris"))
        let text = String(decoding: try model.jsonData(), as: UTF8.self)
        for repeated in ["{\n  \"attributes\" : [],", "{\n  \"classes\" : [\"x\", \"y\"],"] {
            let edited = text.replacingOccurrences(of: "{\n", with: repeated, range: text.range(of: "{\n"))
            let data = Data(edited.utf8)
            // Loading must give what JSONDecoder and validation give, whatever the fast path does.
            let full = Result { () throws -> ASONNModel in
                let model = try fullDecode(data)
                try model.validateStructure()
                return model
            }
            let fast = ModelFileReader.decode(data)
            let loaded = Result { () throws(ModelFileError) in try ASONNModel.decode(data, file: "m.json") }
            switch (full, loaded) {
            case let (.success(expected), .success(got)):
                #expect(fast == nil || fast == expected)
                #expect(got == expected)
            case (.failure, .failure):
                // The fast path reads what JSONDecoder reads, or nothing.
                let decoded = try? fullDecode(data)
                #expect(fast == nil || fast == decoded)
            default: Issue.record("the fast path changed whether a file loads")
            }
        }
    }

    /// Forms the fast reader does not take: JSONDecoder then decides, as before.
    @Test func unexpectedFormsAreLeftToJSONDecoder() throws {
        let model = try ASONNClassifier().fit(try bundled("iris"))
        let text = String(decoding: try model.jsonData(), as: UTF8.self)
        let variants = [
            text.replacingOccurrences(of: "\"seeds\" :", with: "\"se\\u0065ds\" :"),
            text.replacingOccurrences(of: "\"ambiguous\" : false", with: "\"ambiguous\" : false, \"note\" : 1"),
            text.replacingOccurrences(of: "\"combinations\" :", with: "\"comb\\u0069nations\" :"),
            text.replacingOccurrences(of: "\"represented\" : ", with: "\"represented\" : 1e0 + "),
            text.replacingOccurrences(of: "\"weeds\" : 0", with: "\"weeds\" : 0.0"),
            text.replacingOccurrences(of: "\"seeds\" : ", with: "\"seeds\" : 0"),
            text + "x",
            String(text.dropLast(40)),
            // Too many digits for an Int: no trap, left to JSONDecoder (which refuses it).
            text.replacingOccurrences(of: "\"seeds\" : ", with: "\"seeds\" : 9999999999999999999"),
            text.replacingOccurrences(of: "\"represented\" : ", with: "\"represented\" : -999999999999999999"),
        ]
        for variant in variants {
            let data = Data(variant.utf8)
            #expect(ModelFileReader.decode(data) == nil)
            let full = Result { try fullDecode(data) }
            let loaded = Result { () throws(ModelFileError) in try ASONNModel.decode(data, file: "m.json") }
            switch (full, loaded) {
            case let (.success(expected), .success(got)): #expect(got == expected)
            case (.failure, .failure): break
            default: Issue.record("the fast path changed whether a file loads")
            }
        }
    }
}
