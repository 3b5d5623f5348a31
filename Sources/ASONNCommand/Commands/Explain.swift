import ArgumentParser
import ASONN
import ASONNRendering
import Foundation

enum ExplainFormat: String, ExpressibleByArgument, CaseIterable { case text, markdown, json }

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a saved model's combinations as rules.",
        discussion: """
        Each rule lists its class, the ranges in original units (category sets for \
        categorical attributes), their weights, and how many training rows it represents. \
        Ranges that cover an attribute's whole training domain constrain nothing; text and \
        markdown list them only as a count. For an ensemble (train --ensemble), how it was built, \
        then each member's rules.
        """)

    @Argument(help: "A model (or ensemble) written by 'asonn train'.", completion: .file())
    var model: String

    @Option(help: "Output format: text, markdown or json.")
    var format: ExplainFormat = .text

    func run() throws {
        switch try ModelFile.load(from: self.model) {
        case .model(let model):
            switch format {
            case .json: try Terminal.output(try model.rulesJSON() + "\n")
            case .text: try Terminal.output(model.rulesText())
            case .markdown: try Terminal.output(model.rulesMarkdown())
            }
        case .ensemble(let ensemble):
            switch format {
            case .json: try Terminal.output(try ensemble.rulesJSON() + "\n")
            case .text: try Terminal.output(ensemble.rulesText())
            case .markdown: try Terminal.output(ensemble.rulesMarkdown())
            }
        }
    }
}
