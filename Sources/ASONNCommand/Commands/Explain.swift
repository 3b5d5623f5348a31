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
            case .json: print(try model.rulesJSON())
            case .text: print(model.rulesText(), terminator: "")
            case .markdown: print(model.rulesMarkdown(), terminator: "")
            }
        case .ensemble(let ensemble):
            switch format {
            case .json: print(try ensemble.rulesJSON())
            case .text: print(ensemble.rulesText(), terminator: "")
            case .markdown: print(ensemble.rulesMarkdown(), terminator: "")
            }
        }
    }
}
