import AxonTesting
import Foundation

/// Writes raw bytes as a trace file in a fresh temporary directory.
func withTraceFile(_ contents: String, _ body: (String) throws -> Void) throws {
    let dir = try TemporaryWorkspace(prefix: "axon-trace")
    defer { dir.remove() }
    let path = dir.path + "/s.jsonl"
    try contents.write(toFile: path, atomically: false, encoding: .utf8)
    try body(path)
}

func goldenText() throws -> String {
    try String(contentsOfFile: SourceTree.golden, encoding: .utf8)
}
