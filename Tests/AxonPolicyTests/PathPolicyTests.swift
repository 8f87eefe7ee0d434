import AxonConfig
import AxonPolicy
import AxonTesting
import Foundation
import Testing

@Suite struct PathPolicyTests {
    func withRepo(_ spec: PolicySpec = .init(), _ body: (TemporaryWorkspace, PathPolicy) throws -> Void) throws {
        let ws = try TemporaryWorkspace(files: [
            "README.md": "hi", "data/notes.md": "n", ".git/config": "[core]", "src/tools/hello.sh": "#!/bin/sh",
            "config/.env": "KEY=1",
        ])
        defer { ws.remove() }
        try body(ws, PathPolicy(root: ws.path, spec: spec))
    }

    func reason(_ policy: PathPolicy, _ path: String, _ access: PathPolicy.Access) -> PolicyError.Reason? {
        do {
            _ = try policy.check(path, for: access)
            return nil
        } catch {
            return error.reason
        }
    }

    @Test func defaultPolicyReadsTheRepoAndWritesData() throws {
        try withRepo { _, policy in
            #expect(reason(policy, "README.md", .read) == nil)
            #expect(reason(policy, "data/notes.md", .write) == nil)
            #expect(reason(policy, "data/new/deep.md", .write) == nil)
            #expect(reason(policy, ".agents/knowledge/x.md", .write) == nil)
            #expect(reason(policy, "README.md", .write) == .notWritable)
        }
    }

    @Test func dotDotEscapesAreRefused() throws {
        try withRepo { _, policy in
            #expect(reason(policy, "../x", .read) == .outsideRepo)
            #expect(reason(policy, "data/../../x", .write) == .outsideRepo)
            #expect(reason(policy, "data/../README.md", .read) == nil)
        }
    }

    @Test func absolutePathsOutsideAreRefusedInsideAccepted() throws {
        try withRepo { ws, policy in
            #expect(reason(policy, "/etc/passwd", .read) == .outsideRepo)
            #expect(reason(policy, ws.path + "/README.md", .read) == nil)
        }
    }

    @Test func symlinkToOutsideIsRefused() throws {
        try withRepo { ws, policy in
            try FileManager.default.createSymbolicLink(atPath: ws.path + "/data/etc", withDestinationPath: "/etc")
            try FileManager.default.createSymbolicLink(
                atPath: ws.path + "/data/dangling", withDestinationPath: "/nonexistent-axon/x")
            #expect(reason(policy, "data/etc/passwd", .read) == .outsideRepo)
            #expect(reason(policy, "data/etc/new-file", .write) == .outsideRepo)
            #expect(reason(policy, "data/dangling", .write) == .outsideRepo)
        }
    }

    @Test func symlinkInsideResolvesToItsTarget() throws {
        try withRepo { ws, policy in
            try FileManager.default.createSymbolicLink(
                atPath: ws.path + "/data/readme", withDestinationPath: "../README.md")
            let resolved = try policy.check("data/readme", for: .read)
            #expect(resolved.relative == "README.md")
            // Writing through it would write README.md, which the policy does not allow.
            #expect(reason(policy, "data/readme", .write) == .notWritable)
        }
    }

    @Test func gitIsAlwaysRefused() throws {
        try withRepo(PolicySpec(write: ["**"])) { _, policy in
            #expect(reason(policy, ".git/config", .read) == .gitDirectory)
            #expect(reason(policy, ".git/config", .write) == .gitDirectory)
            #expect(reason(policy, "data/../.git/HEAD", .read) == .gitDirectory)
        }
    }

    @Test func denyBeatsAllow() throws {
        try withRepo(PolicySpec(write: ["**"], deny: ["**/.env"])) { _, policy in
            #expect(reason(policy, "config/.env", .read) == .denied(glob: "**/.env"))
            #expect(reason(policy, "config/.env", .write) == .denied(glob: "**/.env"))
            #expect(reason(policy, "config/other", .write) == nil)
        }
    }

    @Test func createToolsFalseKeepsToolDirectoriesReadOnly() throws {
        try withRepo(PolicySpec(write: ["**"], createTools: false)) { _, policy in
            #expect(reason(policy, "src/tools/x", .write) == .toolsDirectory)
            #expect(reason(policy, ".agents/tools/y.sh", .write) == .toolsDirectory)
            #expect(reason(policy, "src/tools/hello.sh", .read) == nil)
        }
        try withRepo(PolicySpec(write: ["src/tools/**"], createTools: true)) { _, policy in
            #expect(reason(policy, "src/tools/x", .write) == nil)
        }
    }

    @Test func readGlobsLimitReads() throws {
        try withRepo(PolicySpec(read: ["data/**"])) { _, policy in
            #expect(reason(policy, "README.md", .read) == .notReadable)
            #expect(reason(policy, "data/notes.md", .read) == nil)
        }
    }

    @Test func nulIsInvalid() throws {
        try withRepo { _, policy in
            #expect(reason(policy, "a\0b", .read) == .invalidPath)
        }
    }
}
