import ArgumentParser

@main
struct Axon: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "axon", abstract: "Run fleets of LLM agents on one repo.")
}
