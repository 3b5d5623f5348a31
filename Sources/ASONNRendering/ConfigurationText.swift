import ASONN
import Foundation

/// One line on how a model's minimum discrimination and stop rule were set, for `train`
/// and `explain`: fixed, or chosen from the data with every candidate's inner accuracy.
public func configurationLine(_ model: ASONNModel) -> String {
    configurationLine(model.parameters, model.configuration)
}

/// The same line for settings `parameters`, chosen as `configuration` records (nil: fixed).
public func configurationLine(_ parameters: ASONNParameters, _ configuration: SelfConfiguration?) -> String {
    let d = parameters.minDiscrimination, rule = parameters.stopRule.rawValue
    guard let configuration else {
        return "settings: min discrimination \(d), stop rule \(rule) (fixed)"
    }
    let tried = configuration.candidates.map {
        "d=\($0.minDiscrimination) \($0.stopRule.rawValue) \(String(format: "%.3f", $0.accuracy)) "
            + "(\(String(format: "%.0f", $0.conditions)) conditions)"
    }.joined(separator: ", ")
    return "settings: min discrimination \(d), stop rule \(rule), chosen by \(configuration.folds)-fold "
        + "cross-validation on \(configuration.rows) training rows, the fewest conditions within one "
        + "standard error (\(String(format: "%.3f", configuration.tolerance))) of the best accuracy (\(tried))"
}
