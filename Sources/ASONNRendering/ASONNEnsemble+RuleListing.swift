import ASONN
import Foundation

/// An ensemble's members as rules for `asonn explain`: a header on how it was built, then
/// each member's rules as `ASONNModel`'s listings give them.
extension ASONNEnsemble {
    /// The JSON of `asonn explain --format json` for an ensemble.
    struct EnsembleListing: Encodable {
        var target: String
        var classes: [String]
        var members: Int
        var seed: UInt64
        var voting: String
        var configuration: SelfConfiguration?
        var member_rules: [MemberRules]
    }

    struct MemberRules: Encodable {
        var rules: [ASONNModel.RuleWithCost]
    }

    public func rulesJSON() throws -> String {
        try JSONOutput.string(EnsembleListing(
            target: targetName, classes: classes, members: members.count, seed: seed,
            voting: "majority of the members", configuration: configuration,
            member_rules: members.map { member in
                MemberRules(rules: zip(member.rules, member.ruleCosts).map { .init(rule: $0, test_cost: $1) })
            }))
    }

    public func rulesText() -> String {
        var text = header.joined(separator: "\n") + "\n\n"
        for (m, member) in members.enumerated() {
            text += "== member \(m + 1) of \(members.count) ==\n" + member.rulesText() + "\n"
        }
        return text
    }

    public func rulesMarkdown() -> String {
        var text = "# Ensemble for \(targetName)\n\n" + header.joined(separator: "\n\n") + "\n\n"
        for (m, member) in members.enumerated() {
            // The member's own title one level below its section's.
            let listing = member.rulesMarkdown()
            text += "## Member \(m + 1) of \(members.count)\n\n" + (listing.hasPrefix("# ") ? "##" + listing : listing)
                + "\n"
        }
        return text
    }

    private var header: [String] {
        ["ensemble of \(members.count) members for \(targetName) (\(classes.joined(separator: ", "))), each "
                    + "on a stratified bootstrap sample (seed \(seed)); the class is the one most members give (of "
                    + "equal votes, the highest mean probability); \(combinationCount) rules in all",
                configurationLine(members.first?.parameters ?? ASONNParameters(), configuration)]
    }
}
