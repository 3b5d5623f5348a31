import Foundation

/// The results of some of a study's configurations (`TradeOff.part`): what one shard of a
/// batch computes. `TradeOff.assemble` joins the parts of every shard into the report.
public struct TradeOffPart: Codable, Equatable, Sendable {
    /// The configurations covered, in study order.
    public var configurations: Range<Int>
    /// The panel search's steps; nil when the part holds only the two references, which
    /// need no panel.
    public var panelSearch: [PanelStep]?
    /// One result per configuration, in order.
    public var results: [TradeOffResult]

    public init(configurations: Range<Int>, panelSearch: [PanelStep]?, results: [TradeOffResult]) {
        self.configurations = configurations
        self.panelSearch = panelSearch
        self.results = results
    }
}

/// Shard K of N (1-based) of a batch of studies. A study is a pure function of its data,
/// costs, settings and configuration, so any scheduler can run the shards anywhere and in
/// any order; `share` says which configurations are this shard's.
public struct StudyShard: Codable, Equatable, Hashable, Sendable, CustomStringConvertible {
    /// At most this many shards: beyond it most shards would hold nothing.
    public static let maximumCount = 10_000
    /// A study's weight per configuration is clamped to this (a million rows squared).
    static let maximumWeight = 1 << 40
    /// Weights are scaled down until the batch's total is at most this, so that no sum overflows.
    static let maximumTotal = 1.0 * Double(1 << 60)
    /// More configurations than a study can have (a partial file claiming more is refused).
    public static let maximumConfigurations = 1 << 32

    public let index: Int
    public let count: Int

    public init(index: Int, count: Int) throws(ParameterError) {
        guard (1...Self.maximumCount).contains(count) else {
            throw ParameterError("the shard count must be from 1 to \(Self.maximumCount), not \(count)")
        }
        guard (1...count).contains(index) else {
            throw ParameterError("shard \(index) of \(count) does not exist: K must be from 1 to \(count)")
        }
        self.index = index
        self.count = count
    }

    /// Parses "K/N", e.g. "2/3".
    public init(parsing text: String) throws(ParameterError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
            throw ParameterError("a shard is K/N with whole numbers, 1 <= K <= N (e.g. 2/3), not '\(text)'")
        }
        try self.init(index: index, count: count)
    }

    public var description: String { "\(index)/\(count)" }

    /// This shard's configurations of each study, in batch order. `studies` gives each
    /// study's configuration count and the weight of one configuration (its rows squared, say).
    /// The batch's configurations are laid end to end and cut into `count` runs of about
    /// equal weight, each configuration going to the run holding its midpoint: every
    /// configuration belongs to exactly one shard, the runs are contiguous (so a shard
    /// runs the panel search of few studies), and the split depends on nothing but its inputs.
    public func share(_ studies: [(configurations: Int, weight: Int)]) -> [Range<Int>] {
        var weights = studies.map { UInt64(min(max($0.weight, 1), Self.maximumWeight)) }
        let counts = studies.map { UInt64(min(max($0.configurations, 0), Self.maximumConfigurations)) }
        let estimate = zip(counts, weights).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        if estimate > Self.maximumTotal {
            weights = weights.map { max(1, UInt64(Double($0) / (estimate / Self.maximumTotal))) }
        }
        let total = zip(counts, weights).reduce(UInt64(0)) { $0 + $1.0 * $1.1 }
        guard total > 0 else { return studies.map { _ in 0..<0 } }
        let shards = UInt64(count)
        // The shard (0-based) of a configuration whose doubled midpoint is `midpoint2`:
        // floor(N x midpoint / total), in full width so that no product overflows.
        func shard(ofMidpoint2 midpoint2: UInt64) -> UInt64 {
            min((2 * total).dividingFullWidth(shards.multipliedFullWidth(by: midpoint2)).quotient, shards - 1)
        }
        let mine = UInt64(index - 1)
        var before: UInt64 = 0
        var ranges: [Range<Int>] = []
        for (count, weight) in zip(counts, weights) {
            // Shards rise along the line: find the first configuration at or past this shard
            // and the first past it.
            func firstReaching(_ target: UInt64) -> UInt64 {
                var low: UInt64 = 0, high = count
                while low < high {
                    let middle = (low + high) / 2
                    if shard(ofMidpoint2: 2 * (before + middle * weight) + weight) >= target {
                        high = middle
                    } else {
                        low = middle + 1
                    }
                }
                return low
            }
            let lower = firstReaching(mine), upper = firstReaching(mine + 1)
            ranges.append(Int(lower)..<Int(max(lower, upper)))
            before += count * weight
        }
        return ranges
    }
}
