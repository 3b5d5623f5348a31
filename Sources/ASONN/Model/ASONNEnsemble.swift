/// Bagged ASONN: models built with the same settings on bootstrap samples of the training
/// rows, classifying by majority vote. For users who put accuracy before a single rule list:
/// each member still reads as rules, but the answer is the members' vote, not one rule's.
public struct ASONNEnsemble: Equatable, Sendable {
    /// The members, in the order their bootstrap samples were drawn.
    public let members: [ASONNModel]
    /// The seed of the bootstrap samples (member m draws with seed + m).
    public let seed: UInt64
    /// The settings chosen once on every training row when the ensemble configured itself
    /// (each member is built with them); nil for fixed settings.
    public let configuration: SelfConfiguration?

    /// The data's attributes (names, kinds and categories; training ranges are the members'),
    /// target and classes.
    public let attributes: [ModelAttribute]
    public let targetName: String
    public let classes: [String]

    /// - Throws: `InvariantViolation` when there are no members or a member's attributes
    ///   (names, kinds, categories), target or classes are not the ensemble's.
    public init(members: [ASONNModel], attributes: [ModelAttribute], targetName: String, classes: [String],
                seed: UInt64, configuration: SelfConfiguration? = nil) throws(InvariantViolation) {
        guard !members.isEmpty else { throw InvariantViolation("members: an ensemble needs a member") }
        for (m, member) in members.enumerated() {
            guard member.attributes.count == attributes.count else {
                throw InvariantViolation("members[\(m)].attributes: \(member.attributes.count), not the ensemble's "
                                         + "\(attributes.count)")
            }
            // Training ranges and width floors are each member's own; names, kinds and
            // categories are what input is read by.
            for (a, mine) in member.attributes.enumerated() {
                let theirs = attributes[a]
                guard mine.name == theirs.name, mine.numeric == theirs.numeric, mine.categories == theirs.categories
                else {
                    throw InvariantViolation("members[\(m)].attributes[\(a)]: not the name, kind and categories of "
                                             + "attribute \(quoted(theirs.name))")
                }
            }
            guard member.targetName == targetName, member.classes == classes else {
                throw InvariantViolation("members[\(m)]: target or classes not the ensemble's")
            }
        }
        self.members = members
        self.attributes = attributes
        self.targetName = targetName
        self.classes = classes
        self.seed = seed
        self.configuration = configuration
    }

    /// Rules and their constraining ranges, summed over the members.
    public var combinationCount: Int { members.reduce(0) { $0 + $1.combinations.count } }
    public var constrainingRangeCount: Int { members.reduce(0) { $0 + $1.constrainingRangeCount } }
    /// The attributes some member tests, ascending.
    public var usedAttributes: [Int] { Array(Set(members.flatMap(\.usedAttributes))).sorted() }
}

/// An ensemble's answer for one row: a majority vote of the members.
public struct EnsemblePrediction: Equatable, Sendable {
    public var classIndex: Int
    /// Per class, how many members predict it.
    public var votes: [Int]
    /// Per class, the share of the members that predict it (the ensemble's probabilities).
    public var probabilities: [Double]
    /// Per class, the mean of the members' probabilities: it breaks ties between votes.
    public var meanProbabilities: [Double]

    /// The class most members predict; of equal votes, the one of the highest mean
    /// probability, then the earlier. A majority vote, not the mean probability: measured
    /// over ten benchmark sets, the members' softmax probabilities give the few rows far
    /// from every box of one class a large say, and the vote was 1 point more accurate (README).
    init(memberProbabilities: [[Double]], memberClasses: [Int], classCount: Int) {
        var mean = [Double](repeating: 0, count: classCount)
        var votes = [Int](repeating: 0, count: classCount)
        for probabilities in memberProbabilities {
            for c in 0..<min(classCount, probabilities.count) { mean[c] += probabilities[c] }
        }
        for c in memberClasses where c >= 0 && c < classCount { votes[c] += 1 }
        let count = Double(max(memberProbabilities.count, 1))
        mean = mean.map { $0 / count }
        var best = 0
        for c in votes.indices where votes[c] > votes[best] || (votes[c] == votes[best] && mean[c] > mean[best]) {
            best = c
        }
        classIndex = best
        self.votes = votes
        let voters = Double(max(memberClasses.count, 1))
        probabilities = votes.map { Double($0) / voters }
        meanProbabilities = mean
    }
}
