import Foundation

extension TradeOff {
    /// Fits a configuration on all of `data` (the attributes outside its panel unused).
    public static func fit(_ configuration: TradeOffConfiguration, data: Dataset, costs: TestCosts?,
                           base: ASONNParameters = ASONNParameters()) throws -> ASONNModel {
        var parameters = base
        parameters.lambda = configuration.lambda
        parameters.prune = configuration.prune
        return try ASONNClassifier(parameters: parameters).fit(masked(data, panel: configuration.panel), costs: costs)
    }
}
