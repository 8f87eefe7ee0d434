/// Loads and validates `fleet.yaml`. (Skeleton: the validating implementation replaces this file.)
public enum FleetLoader {
    /// Loads the fleet at `path`. A missing file is not an error: it yields `FleetConfig.builtIn`.
    /// - Throws: `ConfigError.invalid` with every diagnostic, or `.unreadable`.
    public static func load(path: String) throws(ConfigError) -> FleetConfig {
        FleetConfig.builtIn
    }

    /// Parses and validates YAML text; `file` names it in diagnostics.
    public static func load(yaml: String, file: String) throws(ConfigError) -> FleetConfig {
        FleetConfig.builtIn
    }
}
