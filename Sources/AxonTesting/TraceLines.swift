public import AxonCore
import Foundation

/// A trace file read as raw JSON objects, for tests that check the bytes contract rather than the domain types.
public enum TraceLines {
    /// Every line of `path` parsed as JSON (a torn or invalid line throws).
    public static func read(_ path: String) throws -> [JSONValue] {
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
        return try text.split(separator: "\n").map { try JSONValue(parsing: String($0)) }
    }

    /// The `type` of each line, in order.
    public static func types(_ lines: [JSONValue]) -> [String] {
        lines.map { $0["type"]?.stringValue ?? "?" }
    }
}
