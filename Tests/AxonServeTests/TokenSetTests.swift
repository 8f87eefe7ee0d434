import AxonTesting
import Foundation
import Testing

@testable import AxonServe

/// Tokens from the environment and the token file, limits per agent, and what a bad file says.
@Suite struct TokenSetTests {
    @Test func environmentTokensAllowEveryAgentAndNothingElsePasses() throws {
        let set = try TokenSet.load(environment: ["AXON_API_TOKEN": "alpha, beta"], file: nil)
        #expect(set.count == 2)
        #expect(set.check("alpha", agent: "scout") == .allowed)
        #expect(set.check("beta", agent: "other") == .allowed)
        #expect(set.check("alph", agent: "scout") == .invalid)
        #expect(set.check("alphaa", agent: "scout") == .invalid)
        #expect(set.check(nil, agent: "scout") == .missing)
        #expect(set.check("", agent: "scout") == .missing)
    }

    @Test func fileTokensCanBeLimitedToAgents() throws {
        let ws = try TemporaryWorkspace(files: [
            "tokens": "# team tokens\nopen-token\nscout-token scout,helper  # limited\n\n"
        ])
        defer { ws.remove() }
        let set = try TokenSet.load(environment: [:], file: ws.path + "/tokens")
        #expect(set.count == 2)
        #expect(set.check("open-token", agent: "anyone") == .allowed)
        #expect(set.check("scout-token", agent: "helper") == .allowed)
        #expect(set.check("scout-token", agent: "writer") == .forbidden(agents: ["helper", "scout"]))
    }

    @Test func aMalformedLineIsNamedByFileAndLine() throws {
        let ws = try TemporaryWorkspace(files: ["tokens": "good\nbad token with spaces\n"])
        defer { ws.remove() }
        #expect(
            throws: ServeError.tokenFile(
                path: ws.path + "/tokens", line: 2, problem: "expected `TOKEN` or `TOKEN agent,agent` (found 4 words)")
        ) {
            try TokenSet.load(environment: [:], file: ws.path + "/tokens")
        }
        let missing = ws.path + "/nope"
        #expect {
            try TokenSet.load(environment: [:], file: missing)
        } throws: { error in
            (error as? ServeError)?.description.hasPrefix(missing + ": cannot read it") == true
        }
    }

    @Test func aNonLoopbackHostNeedsAToken() throws {
        #expect(throws: ServeError.exposedWithoutToken(host: "0.0.0.0")) {
            try ServeOptions(host: "0.0.0.0").checkExposure()
        }
        try ServeOptions(host: "127.0.0.1").checkExposure()
        try ServeOptions(host: "localhost").checkExposure()
        try ServeOptions(host: "::1").checkExposure()
        var exposed = ServeOptions(host: "0.0.0.0")
        exposed.tokens = try TokenSet.load(environment: ["AXON_API_TOKEN": "t"], file: nil)
        try exposed.checkExposure()
        #expect(ServeError.exposedWithoutToken(host: "0.0.0.0").description.contains("AXON_API_TOKEN"))
    }
}
