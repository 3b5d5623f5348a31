import Foundation
import Testing
@testable import ASONN

/// `maxValueNeurons` and `coefficientSample`, the two options that trade exactness for
/// speed on large data: hand-computed bins, no change where they do not bind, and the
/// training guarantee where they do.
struct LargeDataOptionTests {
    static func numeric(_ columns: [[Double]], labels: [Int]) -> Dataset {
        Dataset(unchecked: "t", attributes: columns.indices.map { Attribute(name: "x\($0)", kind: .numeric) },
                targetName: "c", classes: ["A", "B"],
                values: labels.indices.flatMap { i in columns.map { $0[i] } }, labels: labels)
    }

    @Test func binsHoldAboutEqualRowCounts() {
        let ten = (1...10).map(Double.init)
        #expect(AGDS.bins(ten, ten, limit: 5) == [0, 2, 4, 6, 8, 10])
        // A frequent value is never split: it fills the first VN alone.
        #expect(AGDS.bins([1, 1, 1, 1, 1, 1, 2, 3, 4, 5], [1, 2, 3, 4, 5], limit: 3) == [0, 1, 2, 5])
        // Fewer distinct values than the limit: one VN each.
        #expect(AGDS.bins([1, 2, 2, 3], [1, 2, 3], limit: 3) == [0, 1, 2, 3])
        #expect(AGDS.bins([], [], limit: 4) == [0])
    }

    @Test func mergedValueNeuronsKeepTheirValueSpanAndSitAtTheirMiddle() {
        let data = Self.numeric([(1...10).map(Double.init)], labels: [0, 0, 1, 1, 0, 0, 1, 1, 0, 0])
        let agds = AGDS(data, maxValueNeurons: 5)
        #expect(agds.valueCount(0) == 5)
        #expect(agds.vnValue == [1, 3, 5, 7, 9])
        #expect(agds.vnUpper == [2, 4, 6, 8, 10])
        let middles: [Double] = [0.5, 2.5, 4.5, 6.5, 8.5]
        #expect(agds.vnUnit == middles.map { $0 / 9 })
        #expect((0..<10).map { agds.rank($0, 0) } == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4])
        #expect(agds.vnPureClass == [0, 1, 0, 1, 0])
        // Without the option, one VN per value; upper and lower coincide.
        let exact = AGDS(data)
        #expect(exact.vnValue == (1...10).map(Double.init) && exact.vnUpper == exact.vnValue)
    }

    @Test func aRangeOverMergedNeuronsSpansTheirValues() throws {
        // Class A at 1-4 and 9-10, class B at 5-8: with two values per VN the A rule is [1, 4].
        let data = Self.numeric([(1...10).map(Double.init)], labels: [0, 0, 0, 0, 1, 1, 1, 1, 0, 0])
        var parameters = ASONNParameters()
        parameters.maxValueNeurons = 5
        let model = try ASONNClassifier(parameters: parameters).fit(data)
        try model.checkTrainingInvariants(on: data)
        let bounds = model.combinations.flatMap(\.ranges).map { [$0.lower, $0.upper] }
        #expect(bounds.contains([1, 4]))
        #expect(bounds.contains([5, 8]))
    }

    /// Options that do not bind (more VNs allowed than values, a sample of every row) build
    /// the exact model.
    @Test(arguments: bundledDataSets)
    func optionsThatDoNotBindChangeNothing(name: String) throws {
        let data = try bundled(name)
        let exact = try ASONNClassifier().fit(data)
        var parameters = ASONNParameters()
        parameters.maxValueNeurons = data.rowCount
        parameters.coefficientSample = data.rowCount
        var loose = try ASONNClassifier(parameters: parameters).fit(data)
        #expect(loose.parameters.maxValueNeurons == data.rowCount)
        loose.parameters = exact.parameters
        #expect(try loose.jsonData() == exact.jsonData(), "\(name)")
    }

    static let binding: [(String, ASONNParameters)] = {
        var bins = ASONNParameters(), sample = ASONNParameters(), both = ASONNParameters()
        bins.maxValueNeurons = 4
        sample.coefficientSample = 25
        both.maxValueNeurons = 6
        both.coefficientSample = 40
        return [("bins", bins), ("sample", sample), ("both", both)]
    }()

    @Test(arguments: bundledDataSets)
    func bindingOptionsKeepTheTrainingGuarantee(name: String) throws {
        let data = try bundled(name)
        for (label, parameters) in Self.binding {
            let model = try ASONNClassifier(parameters: parameters).fit(data)
            try model.validateStructure()
            try model.checkTrainingInvariants(on: data)
            if parameters.maxValueNeurons == nil && !hasConflictingRows(data) {
                // The sample changes only the order of growth: no row becomes ambiguous.
                #expect(model.summary.ambiguousLines.isEmpty, "\(name) \(label)")
                #expect(model.predict(data) == data.labels, "\(name) \(label): 100% training accuracy")
            }
            let again = try ASONNClassifier(parameters: parameters).fit(data)
            #expect(try model.jsonData() == again.jsonData(), "\(name) \(label): same input, same model bytes")
        }
    }

    @Test(arguments: 0..<30)
    func bindingOptionsKeepTheGuaranteeOnRandomData(seed: Int) throws {
        let data = randomDataset(seed: UInt64(seed))
        let parameters = Self.binding[seed % Self.binding.count].1
        let model = try ASONNClassifier(parameters: parameters).fit(data)
        try model.validateStructure()
        try model.checkTrainingInvariants(on: data)
    }

    @Test func splittingWorkAcrossCoresChangesNoByteWithTheOptions() throws {
        for name in ["pima", "heart"] {
            let data = try bundled(name)
            for (label, parameters) in Self.binding {
                let models = try bytesSplitAndUnsplit(parameters, data)
                #expect(models[0] == models[1], "\(name) \(label)")
            }
        }
    }

    @Test func coarserNeuronsMakeFewerOrEqualDistinctBounds() throws {
        let data = try bundled("pima")
        var parameters = ASONNParameters()
        parameters.maxValueNeurons = 8
        let model = try ASONNClassifier(parameters: parameters).fit(data)
        for a in 0..<data.attributeCount {
            let bounds = Set(model.combinations.flatMap(\.ranges).filter { $0.attribute == a }.map(\.lower))
            #expect(bounds.count <= 8, "attribute \(a): a lower bound is the smallest value of one of 8 VNs")
        }
    }

    @Test func optionsRoundTripThroughTheModelFile() throws {
        var parameters = ASONNParameters()
        parameters.maxValueNeurons = 16
        parameters.coefficientSample = 100
        let model = try ASONNClassifier(parameters: parameters).fit(try bundled("iris"))
        let loaded = try ASONNModel.decode(try model.jsonData(), file: "iris.json")
        #expect(loaded.parameters == parameters)
        // Without the options the file has no such keys, so older files read unchanged.
        let plain = String(decoding: try ASONNClassifier().fit(try bundled("iris")).jsonData(), as: UTF8.self)
        #expect(!plain.contains("maxValueNeurons") && !plain.contains("coefficientSample"))
    }

    @Test func unusableValuesAreRejected() {
        var parameters = ASONNParameters()
        parameters.maxValueNeurons = 1
        #expect(throws: ParameterError.self) { try parameters.validate() }
        parameters.maxValueNeurons = nil
        parameters.coefficientSample = 0
        #expect(throws: ParameterError.self) { try ASONNClassifier(parameters: parameters).fit(try bundled("iris")) }
    }
}
