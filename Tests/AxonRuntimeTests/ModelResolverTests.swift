import AxonConfig
import AxonCore
import AxonModels
import AxonRuntime
import Testing

@Suite struct ModelResolverTests {
    let workspace = Workspace(root: "/nonexistent")

    @Test func noKeysMeansOfflineWithABanner() throws {
        let resolved = try ModelResolver.resolve(
            config: .builtIn, agent: AgentSpec(name: "default"), override: nil, environment: [:],
            workspace: workspace)
        #expect(resolved.spec.provider == .replay)
        #expect(resolved.banner?.contains("no ANTHROPIC_API_KEY or OPENAI_API_KEY") == true)
    }

    @Test func anAnthropicKeyPicksClaudeAndWinsOverOpenAI() throws {
        let resolved = try ModelResolver.resolve(
            config: .builtIn, agent: AgentSpec(name: "default"), override: nil,
            environment: ["ANTHROPIC_API_KEY": "sk-ant", "OPENAI_API_KEY": "sk-test"], workspace: workspace)
        #expect(resolved.spec.provider == .anthropic)
        #expect(resolved.provider.provider == "anthropic")
        #expect(resolved.provider.model == "claude-sonnet-4-5")
        #expect(resolved.banner == nil)
    }

    @Test func anOpenAIKeyPicksGPT() throws {
        let resolved = try ModelResolver.resolve(
            config: .builtIn, agent: AgentSpec(name: "default"), override: nil,
            environment: ["OPENAI_API_KEY": "sk-test", "ANTHROPIC_API_KEY": ""], workspace: workspace)
        #expect(resolved.provider.provider == "openai")
        #expect(resolved.provider.model == "gpt-4.1-mini")
        #expect(resolved.banner == nil)
    }

    @Test func overrideBeatsTheAgentsModel() throws {
        let config = FleetConfig(models: [
            "a": ModelSpec(key: "a", provider: .replay, model: "model-a"),
            "b": ModelSpec(key: "b", provider: .replay, model: "model-b"),
        ])
        let resolved = try ModelResolver.resolve(
            config: config, agent: AgentSpec(name: "x", model: "a"), override: "b", environment: [:],
            workspace: workspace)
        #expect(resolved.provider.model == "model-b")
        #expect(resolved.banner == nil)
    }

    @Test func unknownModelNamesTheDefinedOnes() {
        #expect {
            _ = try ModelResolver.resolve(
                config: FleetConfig(models: ["real": ModelSpec(key: "real", provider: .replay)]),
                agent: AgentSpec(name: "x", model: "typo"), override: nil, environment: [:], workspace: workspace)
        } throws: { error in
            (error as? RuntimeError)?.description == "unknown model 'typo'; fleet.yaml defines: real"
        }
    }

    @Test func aNamedHTTPModelWithoutItsKeyIsAUsageError() {
        #expect {
            _ = try ModelResolver.resolve(
                config: FleetConfig(models: ["gpt": ModelSpec(key: "gpt", provider: .openai, model: "gpt-4.1")]),
                agent: AgentSpec(name: "x", model: "gpt"), override: nil, environment: [:], workspace: workspace)
        } throws: { error in
            guard let error = error as? RuntimeError else { return false }
            return error.isUsageError && error.description.contains("set OPENAI_API_KEY")
        }
    }

    @Test func aNamedHTTPModelWithItsKeyBuildsTheProvider() throws {
        let config = FleetConfig(models: [
            "claude": ModelSpec(key: "claude", provider: .anthropic, model: "claude-haiku-4-5", apiKeyEnv: "CLAUDE")
        ])
        let resolved = try ModelResolver.resolve(
            config: config, agent: AgentSpec(name: "x", model: "claude"), override: nil,
            environment: ["CLAUDE": "k"], workspace: workspace)
        #expect(resolved.provider.provider == "anthropic")
        #expect(resolved.provider.model == "claude-haiku-4-5")
    }
}

@Suite struct SecretsTests {
    @Test(arguments: ["OPENAI_API_KEY", "GITHUB_TOKEN", "AWS_SECRET", "DB_PASSWORD_FILE", "AXON_API_TOKEN", "my_key"])
    func conventionalNamesAreSecret(name: String) {
        #expect(Secrets.isSecretName(name))
    }

    @Test(arguments: ["PATH", "HOME", "KEYBOARD", "TOKENIZER_PATH"])
    func ordinaryNamesAreNot(name: String) {
        #expect(!Secrets.isSecretName(name))
    }

    @Test func configuredKeyVariablesAreSecretWhateverTheirName() {
        let config = FleetConfig(models: ["m": ModelSpec(key: "m", provider: .openai, apiKeyEnv: "LLM_CRED")])
        #expect(Secrets.values(in: ["LLM_CRED": "abc12345xyz", "PATH": "/bin"], config: config) == ["abc12345xyz"])
    }
}

@Suite struct WorkspaceTests {
    @Test func explicitRepoMustExist() {
        #expect(throws: RuntimeError.self) {
            _ = try Workspace.locate(explicit: "/definitely/not/here", environment: [:], cwd: "/")
        }
    }
}
