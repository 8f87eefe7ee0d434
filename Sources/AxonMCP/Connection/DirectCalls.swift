import AxonCore
import Synchronization

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `tools/call` requests sent past the SDK client, and the routing of their responses.
///
/// Why: the SDK decodes every response into its `Value` type (twice: the envelope, then the typed result), and
/// `Value`'s decoder tries each JSON type in turn and builds a RegexBuilder regex for every string it meets (to
/// spot data URLs). For mcp-server-time's `get_current_time` that was most of the client's CPU per call. The
/// SDK still runs the handshake, `tools/list` and notifications; calls use ids of their own (`axon-N`), are
/// written straight to the transport, and their responses are parsed by `LocatedJSON` into `JSONValue`.
final class DirectCalls: Sendable {
    enum Reply: Sendable, Equatable {
        case result(JSONValue)
        case error(code: Int, message: String)
        /// The server closed its stdout, or the caller gave up on the call.
        case closed
    }

    private enum Slot {
        case waiting(CheckedContinuation<Reply, Never>?)
        case done(Reply)
    }

    private struct State {
        var next = 0
        var slots: [String: Slot] = [:]
        var closed = false
    }

    private let state = Mutex(State())
    static let idPrefix = "axon-"
    private static let marker = Array("\"axon-".utf8)

    /// A fresh request id with a slot for its reply (reserve before sending: the reply may beat the waiter).
    func reserve() -> String {
        state.withLock { s in
            s.next += 1
            let id = Self.idPrefix + String(s.next)
            s.slots[id] = s.closed ? .done(.closed) : .waiting(nil)
            return id
        }
    }

    /// The reply to `id` (reserved before).
    func wait(_ id: String) async -> Reply {
        await withCheckedContinuation { (continuation: CheckedContinuation<Reply, Never>) in
            let ready = state.withLock { s -> Reply? in
                switch s.slots[id] {
                case .done(let reply):
                    s.slots[id] = nil
                    return reply
                case .waiting, nil:
                    guard s.slots[id] != nil else { return .closed }
                    s.slots[id] = .waiting(continuation)
                    return nil
                }
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    /// Ends the wait for `id` (a timeout, a cancelled caller); a late reply is dropped.
    func drop(_ id: String) { resolve(id, .closed, keep: false) }

    /// The server's stdout closed: every call in flight ends.
    func close() {
        let waiting = state.withLock { s -> [CheckedContinuation<Reply, Never>] in
            s.closed = true
            let all = s.slots.values.compactMap { slot -> CheckedContinuation<Reply, Never>? in
                if case .waiting(let c) = slot { return c }
                return nil
            }
            s.slots = s.slots.mapValues { _ in .done(.closed) }
            return all
        }
        for c in waiting { c.resume(returning: .closed) }
    }

    /// Takes `message` if it answers one of our calls; false leaves it to the SDK client.
    func claim(_ message: Data) -> Bool {
        let bytes = [UInt8](message)
        // Cheap filter first: only messages that mention one of our ids are parsed here.
        guard bytes.firstRange(of: Self.marker) != nil, let json = try? LocatedJSON.parse(bytes),
            case .object(let fields) = json.kind,
            let idField = fields.first(where: { $0.key == "id" }), case .string(let id) = idField.value.kind,
            id.hasPrefix(Self.idPrefix), !fields.contains(where: { $0.key == "method" })
        else { return false }
        let value = JSONValue(json)
        if let error = value["error"] {
            resolve(
                id, .error(code: error["code"]?.intValue ?? 0, message: error["message"]?.stringValue ?? "\(error)"))
        } else {
            resolve(id, .result(value["result"] ?? .null))
        }
        return true
    }

    private func resolve(_ id: String, _ reply: Reply, keep: Bool = true) {
        let continuation = state.withLock { s -> CheckedContinuation<Reply, Never>? in
            guard case .waiting(let c) = s.slots[id] else { return nil }
            if let c {
                s.slots[id] = nil
                return c
            }
            s.slots[id] = keep ? .done(reply) : nil
            return nil
        }
        continuation?.resume(returning: reply)
    }
}

extension JSONValue {
    /// A parsed message as a `JSONValue` (integral numbers become `.int`).
    init(_ node: LocatedJSON) {
        switch node.kind {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .number(let d):
            self = d.rounded() == d && abs(d) < 1e15 ? .int(Int(d)) : .double(d)
        case .string(let s): self = .string(s)
        case .array(let items): self = .array(items.map(JSONValue.init))
        case .object(let members):
            var fields: [String: JSONValue] = [:]
            for m in members { fields[m.key] = JSONValue(m.value) }
            self = .object(fields)
        }
    }
}

extension MCPCallOutcome {
    /// A `tools/call` result as the model reads it: text blocks joined by newlines, other blocks named in
    /// brackets (the session's tool results are text), and structured content when there is no text at all.
    init(result: JSONValue) {
        var parts: [String] = []
        for block in result["content"]?.arrayValue ?? [] {
            switch block["type"]?.stringValue {
            case "text": parts.append(block["text"]?.stringValue ?? "")
            case "image": parts.append("[image: \(block["mimeType"]?.stringValue ?? "?")]")
            case "audio": parts.append("[audio: \(block["mimeType"]?.stringValue ?? "?")]")
            case "resource":
                let r = block["resource"]
                parts.append(r?["text"]?.stringValue ?? "[resource: \(r?["uri"]?.stringValue ?? "?")]")
            case "resource_link":
                parts.append("[resource link: \(block["name"]?.stringValue ?? "") \(block["uri"]?.stringValue ?? "")]")
            default: parts.append("[\(block["type"]?.stringValue ?? "unknown") content]")
            }
        }
        if parts.isEmpty, let structured = result["structuredContent"] { parts.append(structured.serialized()) }
        let text = parts.joined(separator: "\n")
        let isError = result["isError"]?.boolValue == true
        self.init(
            ok: !isError, content: isError ? "error: " + (text.isEmpty ? "the tool reported an error" : text) : text)
    }
}
