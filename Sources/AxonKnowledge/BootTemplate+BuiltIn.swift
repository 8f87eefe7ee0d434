extension BootTemplate {
    /// The built-in boot template, used without `src/boot.md` (and when it does not parse).
    ///
    /// Identity and instructions first, then the repo's `AGENTS.md`, the skill catalog, the knowledge in full,
    /// then the index of what did not fit. Stable parts come first so provider prompt caches share the longest
    /// possible prefix between agents of one repo. docs/knowledge.md shows it as the example template.
    public static let builtInText = """
        You are {{agent}}, an axon agent working in the repository {{repo}}.
        {{#instructions}}

        {{instructions}}
        {{/instructions}}
        {{#agents_md}}

        # AGENTS.md

        {{agents_md}}
        {{/agents_md}}
        {{#has_skills}}

        # Skills

        Skills are instructions for particular tasks, kept in .agents/skills/. When one fits your task, load it with \
        the load_skill tool ({"name": "…"}) and follow it.
        {{#skills}}
        - {{name}}: {{description}}
        {{/skills}}
        {{/has_skills}}
        {{#has_knowledge}}

        # Knowledge

        What earlier sessions learned about this repository (from data/knowledge/ and .agents/knowledge/).
        {{#knowledge}}

        ## {{path}}

        {{content}}
        {{/knowledge}}
        {{/has_knowledge}}
        {{#has_index}}

        # More knowledge

        These knowledge files did not fit in this prompt. When one is relevant to your task, read it with the \
        read_knowledge tool, passing its path as listed: {"path": "data/knowledge/…"}.
        {{#knowledge_index}}
        - {{path}}: {{title}}
        {{/knowledge_index}}
        {{#has_unlisted}}
        - and {{knowledge_unlisted}} more, not listed here: find them with list_files or search_files under \
        data/knowledge/ and .agents/knowledge/.
        {{/has_unlisted}}
        {{/has_index}}
        """
}
