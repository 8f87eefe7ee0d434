import ArgumentParser
import AxonCore
import Foundation

/// The first word of the command line, checked before argument-parser sees it.
///
/// `axon` without a command runs the interactive session, so argument-parser would read any other word as an
/// unexpected argument of `chat` and print chat's usage. A word that is not a command gets its own message:
/// did-you-mean and the list of commands, or, for a command that is designed but not built yet, what to use
/// today. Both exit 2.
enum CommandWord {
    /// Commands of the design that this version does not have yet, and what each will do.
    static let planned: [String: String] = [
        "deploy": "deploy the fleet to an orchestrator"
    ]

    /// Every command's name and one-line abstract, in `--help` order (internal ones, such as `agent`, left out).
    static var commands: [(name: String, abstract: String)] {
        Axon.configuration.subcommands.filter { $0.configuration.shouldDisplay }.map {
            ($0._commandName, $0.configuration.abstract)
        }
    }

    /// Throws a usage failure when `arguments` (without the program name) start with a word that is neither an
    /// option nor a command.
    static func check(_ arguments: [String]) throws(CLIFailure) {
        guard let word = arguments.first, !word.hasPrefix("-") else { return }
        let names = commands.map(\.name) + ["help"]
        if names.contains(word) || Axon.configuration.subcommands.contains(where: { $0._commandName == word }) {
            return
        }
        if let what = planned[word] {
            throw .usage(
                "'axon \(word)' is not built yet in axon \(AxonVersion.current): it will \(what). Today `axon up` "
                    + "runs the fleet (`-d` in the background), and each agent runs on its own: "
                    + "`axon run -a AGENT -p PROMPT`, `axon run SCRIPT`, or `axon` to talk.")
        }
        let hint = Suggestion.hint(for: word, in: names + planned.keys.sorted())
        throw .usage("unknown command '\(word)'\(hint)\n\n" + list())
    }

    /// `The commands:` and one aligned line per command.
    static func list() -> String {
        let width = commands.map(\.name.count).max() ?? 0
        let lines = commands.map {
            "  " + $0.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + $0.abstract
        }
        return "The commands (`axon help COMMAND` for one):\n" + lines.joined(separator: "\n")
    }
}
