import AxonPolicy
import Testing

@Suite struct GlobTests {
    @Test(arguments: [
        ("**", "a/b/c.txt", true),
        ("data/**", "data/x.md", true),
        ("data/**", "data/deep/x.md", true),
        ("data/**", "data", false),
        ("data/**", "database/x", false),
        ("*.md", "README.md", true),
        ("*.md", "docs/deep/x.md", true),
        ("*.md", "docs/x.mdx", false),
        ("/*.md", "README.md", true),
        ("/*.md", "docs/x.md", false),
        ("docs/*.md", "docs/x.md", true),
        ("docs/*.md", "docs/a/x.md", false),
        ("**/.env", ".env", true),
        ("**/.env", "config/.env", true),
        (".env", "config/.env", true),
        ("file?.txt", "file1.txt", true),
        ("file?.txt", "file10.txt", false),
        ("file[0-9].txt", "file7.txt", true),
        ("file[!0-9].txt", "file7.txt", false),
        ("src/", "src/main.swift", true),
        ("build/", "build", false),
        ("a/**/z", "a/z", true),
        ("a/**/z", "a/b/c/z", true),
    ])
    func matches(_ pattern: String, _ path: String, _ expected: Bool) {
        #expect(Glob(pattern).matches(path, isDirectory: false) == expected, "\(pattern) vs \(path)")
    }

    @Test func trailingSlashMatchesDirectoriesOnly() {
        #expect(Glob("build/").matches("build", isDirectory: true))
        #expect(!Glob("build/").matches("build", isDirectory: false))
        #expect(Glob("build/").matches("build/out.o", isDirectory: false))
    }

    @Test func toolNamesAllowAndDeny() {
        let filter = ToolNameFilter(allow: ["*"], deny: ["run_*"])
        #expect(filter.permits("read_file"))
        #expect(!filter.permits("run_shell"))
        #expect(!ToolNameFilter(allow: ["read_*"], deny: []).permits("write_file"))
    }
}
