import AxonCore
import Foundation
internal import Yams

extension ReplayScript {
    /// Reads a script file. Problems are reported as `path:line:col: message`.
    /// - Throws: `ModelError.script` for an unreadable file or any invalid content (never crashes).
    public static func load(path: String, displayPath: String? = nil) throws(ModelError) -> ReplayScript {
        let shown = displayPath ?? path
        let bytes: [UInt8]
        do throws(POSIX.Failure) {
            bytes = try POSIX.readFile(path)
        } catch {
            throw .script(
                path: shown, line: nil, column: nil, message: "cannot read the replay script: \(error.reason)")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .script(path: shown, line: nil, column: nil, message: "the replay script is not UTF-8 text")
        }
        return try parse(yaml: text, file: shown)
    }

    /// Parses script text; `file` names it in errors.
    public static func parse(yaml: String, file: String) throws(ModelError) -> ReplayScript {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            if case YamlError.scanner(_, let problem, let mark, _) = error {
                throw .script(path: file, line: mark.line, column: mark.column, message: "invalid YAML: \(problem)")
            }
            if case YamlError.parser(_, let problem, let mark, _) = error {
                throw .script(path: file, line: mark.line, column: mark.column, message: "invalid YAML: \(problem)")
            }
            if case YamlError.composer(_, let problem, let mark, _) = error {
                throw .script(path: file, line: mark.line, column: mark.column, message: "invalid YAML: \(problem)")
            }
            if case YamlError.duplicatedKeysInMapping(let keys, let context) = error {
                let names = keys.map { "'\($0)'" }.joined(separator: ", ")
                throw .script(
                    path: file, line: context.mark.line, column: context.mark.column,
                    message: "duplicate key \(names) in this mapping")
            }
            throw .script(path: file, line: nil, column: nil, message: "invalid YAML: \(error)")
        }
        var parser = ScriptParser(file: file)
        return try parser.script(root)
    }
}

/// Walks the composed YAML tree, so every error can point at a line and column.
private struct ScriptParser {
    let file: String

    func fail(_ node: Node?, _ message: String) -> ModelError {
        .script(path: file, line: node?.mark?.line, column: node?.mark?.column, message: message)
    }

    func fields(_ node: Node, allowed: Set<String>, what: String) throws(ModelError) -> [String: Node] {
        guard let mapping = node.mapping else { throw fail(node, "expected a mapping for \(what)") }
        var out: [String: Node] = [:]
        for (key, value) in mapping {
            guard let name = key.string, allowed.contains(name) else {
                throw fail(
                    key,
                    "unknown key '\(key.string ?? "?")' in \(what) (allowed: \(allowed.sorted().joined(separator: ", ")))"
                )
            }
            guard out[name] == nil else { throw fail(key, "duplicate key '\(name)'") }
            out[name] = value
        }
        return out
    }

    mutating func script(_ root: Node?) throws(ModelError) -> ReplayScript {
        guard let root else { return ReplayScript(rules: [], fallback: []) }
        let top = try fields(root, allowed: ["rules", "default"], what: "the script")
        var rules: [ReplayScript.Rule] = []
        if let list = top["rules"] {
            guard let seq = list.sequence else { throw fail(list, "'rules' must be a list") }
            for item in seq {
                let f = try fields(item, allowed: ["match", "turns"], what: "a rule")
                var match: String?
                if let m = f["match"] {
                    guard let s = m.string, m.scalar != nil else { throw fail(m, "'match' must be a string") }
                    match = s
                }
                guard let t = f["turns"] else { throw fail(item, "a rule needs 'turns'") }
                rules.append(.init(match: match, turns: try turns(t)))
            }
        }
        let fallback = try top["default"].map { n throws(ModelError) in try turns(n) } ?? []
        return ReplayScript(rules: rules, fallback: fallback)
    }

    func turns(_ node: Node) throws(ModelError) -> [ReplayScript.Turn] {
        guard let seq = node.sequence, !seq.isEmpty else { throw fail(node, "'turns' must be a non-empty list") }
        var out: [ReplayScript.Turn] = []
        for item in seq {
            let f = try fields(item, allowed: ["text", "tool_calls", "delay_ms"], what: "a turn")
            var text: String?
            if let t = f["text"] {
                guard t.scalar != nil, let s = t.string else { throw fail(t, "'text' must be a string") }
                text = s
            }
            var calls: [ReplayScript.ScriptedCall] = []
            if let c = f["tool_calls"] {
                guard let list = c.sequence else { throw fail(c, "'tool_calls' must be a list") }
                for call in list {
                    let cf = try fields(call, allowed: ["name", "arguments"], what: "a tool call")
                    guard let n = cf["name"], n.scalar != nil, let name = n.string, !name.isEmpty else {
                        throw fail(call, "a tool call needs a 'name'")
                    }
                    let args = try cf["arguments"].map { a throws(ModelError) in try json(a) } ?? .object([:])
                    guard case .object = args else { throw fail(cf["arguments"], "'arguments' must be a mapping") }
                    calls.append(.init(name: name, arguments: args))
                }
            }
            var delay = 0
            if let d = f["delay_ms"] {
                guard d.scalar?.style == .plain, let ms = Int(d.string ?? ""), ms >= 0, ms <= 60_000 else {
                    throw fail(d, "'delay_ms' must be a whole number of milliseconds from 0 to 60000")
                }
                delay = ms
            }
            guard text != nil || !calls.isEmpty else { throw fail(item, "a turn needs 'text' or 'tool_calls'") }
            out.append(.init(text: text, toolCalls: calls, delayMS: delay))
        }
        return out
    }

    /// YAML → JSON with YAML 1.2 core-schema scalar typing (plain `true`, `3`, `1.5`, `null`; quoted = string).
    func json(_ node: Node) throws(ModelError) -> JSONValue {
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain {
                if let i = node.int { return .int(i) }
                if let d = node.float { return .double(d) }
                if let b = node.bool { return .bool(b) }
                if node.null != nil { return .null }
            }
            return .string(scalar.string)
        case .sequence(let seq):
            var items: [JSONValue] = []
            for item in seq { items.append(try json(item)) }
            return .array(items)
        case .mapping(let mapping):
            var out: [String: JSONValue] = [:]
            for (key, value) in mapping {
                guard let k = key.string else { throw fail(key, "keys must be strings") }
                out[k] = try json(value)
            }
            return .object(out)
        case .alias:
            throw fail(node, "aliases are not supported in replay scripts")
        }
    }
}
