import AxonConfig
import AxonCore
import AxonKnowledge
import AxonPolicy

/// load_skill: a skill's instructions and the list of its other files, read fresh from `.agents/skills/` at
/// each call (so a skill edited or added since the session started loads as it is now), under the agent's
/// read and deny globs.
enum SkillTool {
    static let name = "load_skill"

    static let loadSkill = Tool.blocking(
        name: name,
        description:
            "Load a skill listed under Skills in your instructions: its full instructions, and the paths of its "
            + "other files (read them with read_file when the instructions refer to them).",
        schema: Tool.schema([("name", "string", "The skill's name, as listed.")], required: ["name"])
    ) { (args: ToolArguments, box: ToolBox) throws(ToolFailure) -> String in
        let wanted = args.string("name")
        let (skills, problems) = SkillCatalog.load(repo: box.policy.root)
        guard let skill = skills.first(where: { $0.name == wanted }) else {
            if let problem = problems.first(where: { $0.file.hasPrefix(SkillCatalog.root + "/" + wanted + "/") }) {
                throw ToolFailure("skill '\(wanted)' is invalid: \(problem.description)")
            }
            let names = skills.map(\.name)
            throw ToolFailure(
                "there is no skill '\(wanted)'" + Suggestion.hint(for: wanted, in: names) + "; the skills are: "
                    + (names.isEmpty ? "(none)" : names.joined(separator: ", ")))
        }
        _ = try box.check(skill.path, for: .read)
        var text = skill.body
        let readable = skill.files.filter { (try? box.check($0, for: .read)) != nil }
        if !readable.isEmpty {
            text += "\n\nFiles of this skill (read_file):\n" + readable.map { "- " + $0 }.joined(separator: "\n")
        }
        return text
    }
}
