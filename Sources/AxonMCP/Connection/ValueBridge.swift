import AxonCore
import Foundation
import MCP

/// The SDK's `Value` ⇄ axon's `JSONValue` (the session's vocabulary for arguments and schemas).
extension JSONValue {
    init(_ value: MCP.Value) {
        switch value {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(i)
        case .double(let d): self = .double(d)
        case .string(let s): self = .string(s)
        case .data(let mime, let data):
            self = .string("data:\(mime ?? "application/octet-stream");base64,\(data.base64EncodedString())")
        case .array(let items): self = .array(items.map(JSONValue.init))
        case .object(let fields): self = .object(fields.mapValues(JSONValue.init))
        }
    }

    var mcpValue: MCP.Value {
        switch self {
        case .null: .null
        case .bool(let b): .bool(b)
        case .int(let i): .int(i)
        case .double(let d): .double(d)
        case .string(let s): .string(s)
        case .array(let items): .array(items.map(\.mcpValue))
        case .object(let fields): .object(fields.mapValues(\.mcpValue))
        }
    }
}

extension MCPCallOutcome {
    /// A `tools/call` result as the model reads it: text blocks joined by newlines, other blocks named in
    /// brackets (the session's tool results are text), and structured content when there is no text at all.
    init(content: [Tool.Content], structured: MCP.Value?, isError: Bool) {
        var parts: [String] = []
        for block in content {
            switch block {
            case .text(let text, _, _): parts.append(text)
            case .image(_, let mime, _, _): parts.append("[image: \(mime)]")
            case .audio(_, let mime, _, _): parts.append("[audio: \(mime)]")
            case .resource(let resource, _, _):
                parts.append(resource.text ?? "[resource: \(resource.uri)]")
            case .resourceLink(let uri, let name, _, _, _, _): parts.append("[resource link: \(name) \(uri)]")
            }
        }
        if parts.isEmpty, let structured { parts.append(JSONValue(structured).serialized()) }
        let text = parts.joined(separator: "\n")
        self.init(
            ok: !isError, content: isError ? "error: " + (text.isEmpty ? "the tool reported an error" : text) : text)
    }
}
