import ArgumentParser
import AxonConfig

/// Durations on the command line: the fleet.yaml syntax (`500ms`, `30s`, `5m`, `1h30m`) or a bare number of
/// seconds (`30`, `0.5`), so a value copied from fleet.yaml works and so does the old form.
enum DurationOption {
    /// `text` as a duration, or a `ValidationError` that says what is accepted (negative values included).
    static func parse(_ text: String, flag: String) throws(ValidationError) -> Duration {
        if let duration = ConfigDuration.parse(text) { return duration }
        if let seconds = Double(text), seconds.isFinite {
            guard seconds >= 0 else {
                throw ValidationError("\(flag) cannot be negative (got \(text)); use 0 for no wait")
            }
            return .milliseconds(Int64((seconds * 1000).rounded()))
        }
        throw ValidationError(
            "\(flag) takes a duration such as 500ms, 30s or 5m (or a number of seconds), got '\(text)'")
    }
}
