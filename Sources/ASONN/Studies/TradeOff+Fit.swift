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

    /// `fit`, with the model's risk estimate calibrated on the same rows (for sequential
    /// acquisition with a risk bound; see `ASONNClassifier.calibrateRisk`).
    public static func fitCalibrated(_ configuration: TradeOffConfiguration, data: Dataset, costs: TestCosts?,
                                     base: ASONNParameters = ASONNParameters()) throws -> ASONNModel {
        let model = try fit(configuration, data: data, costs: costs, base: base)
        return try ASONNClassifier(parameters: model.parameters)
            .withRiskCalibration(model, on: masked(data, panel: configuration.panel), costs: costs)
    }
}
