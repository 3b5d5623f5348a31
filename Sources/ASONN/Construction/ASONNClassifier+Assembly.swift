extension ASONNClassifier {
    /// Every numeric attribute's span and width floor must be finite numbers: values such
    /// as -1e308 and 1e308 in one column would give an infinite hat width, which no
    /// classification can use and no JSON can hold.
    func checkFiniteSpans(_ agds: AGDS, _ data: Dataset) throws(ParameterError) {
        for a in 0..<data.attributeCount where agds.isNumeric[a] {
            let name = data.attributes[a].name
            let low = agds.minimum[a], high = agds.maximum[a]
            guard low.isFinite, high.isFinite else {
                throw ParameterError("column '\(name)' holds a value that is not a finite number "
                                     + "(\(low.isFinite ? high : low))")
            }
            guard (high - low).isFinite else {
                throw ParameterError("column '\(name)': its values span from \(low) to \(high), "
                                     + "more than the largest finite number; rescale the column")
            }
            if case .fractionOfRange(let fraction) = parameters.widthFloor, !((high - low) * fraction).isFinite {
                throw ParameterError("column '\(name)': the width floor (\(fraction) of its range \(high - low)) "
                                     + "is not a finite number; use a smaller width floor")
            }
        }
    }

    /// Turns built combinations into range and combination neurons with their weights
    /// (spec section 5).
    func assemble(_ built: [BuiltCombination], agds: AGDS, data: Dataset) -> ASONNModel {
        let attributes = (0..<data.attributeCount).map { a -> ModelAttribute in
            let source = data.attributes[a]
            guard source.isNumeric else {
                return ModelAttribute(name: source.name, numeric: false, categories: source.categories)
            }
            let floor: Double
            switch parameters.widthFloor {
            case .fractionOfRange(let fraction): floor = (agds.maximum[a] - agds.minimum[a]) * fraction
            case .medianGap: floor = agds.medianGap(a)
            }
            return ModelAttribute(name: source.name, numeric: true, minimum: agds.minimum[a], maximum: agds.maximum[a],
                                  widthFloor: floor)
        }
        let usableCount = Double(agds.usable.filter { $0 }.count)
        var ambiguousRows = Set<Int>()
        let combinations = built.map { combination -> Combination in
            let c = combination.classIndex
            let placed = combination.ranges.map {
                parameters.boxBounds.placedRange($0, represented: combination.represented, agds: agds)
            }
            var ranges = placed.filter { parameters.keepWholeDomainRanges || !agds.coversDomain($0) }
                .map { range -> RangeNeuron in
                    let counts = agds.isNumeric[range.attribute]
                        ? agds.seedsAndWeeds(attribute: range.attribute, ranks: range.lo...range.hi, classIndex: c)
                        : agds.seedsAndWeeds(attribute: range.attribute, categories: range.categories, classIndex: c)
                    let offset = agds.vnOffset[range.attribute]
                    return RangeNeuron(
                        attribute: range.attribute,
                        lower: agds.isNumeric[range.attribute] ? agds.vnValue[offset + range.lo] : 0,
                        upper: agds.isNumeric[range.attribute] ? agds.vnUpper[offset + range.hi] : 0,
                        categories: range.categories, weight: 0, seeds: counts.seeds, weeds: counts.weeds)
                }
            let weights = RangeWeights.weights(seeds: ranges.map(\.seeds), weeds: ranges.map(\.weeds),
                                       represented: combination.represented.count,
                                       otherClassRows: agds.rowCount - agds.classCounts[c],
                                       attributeCount: usableCount)
            for index in ranges.indices { ranges[index].weight = weights[index] }
            if combination.ambiguous {
                ambiguousRows.insert(combination.seed)
                ambiguousRows.formUnion(combination.conflicting)
            }
            return Combination(classIndex: c, ranges: ranges, represented: combination.represented.count,
                               ambiguous: combination.ambiguous)
        }
        let summary = TrainingSummary(rows: data.rowCount, classCounts: data.classCounts,
                                      usableAttributes: Int(usableCount),
                                      ambiguousLines: ambiguousRows.map { data.lines[$0] }.sorted())
        return ASONNModel(attributes: attributes, targetName: data.targetName, classes: data.classes,
                          parameters: parameters, combinations: combinations, summary: summary)
    }
}
