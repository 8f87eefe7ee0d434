import AxonCore
import AxonTrace
import Foundation

/// One trace entry as a timeline line: `HH:MM:SS.mmm  #seq  request  type  details`.
enum TraceText {
    static func line(_ entry: TraceEntry) -> String {
        let time = String(entry.ts.rfc3339.dropFirst(11).dropLast())
        let request = entry.request?.rawValue ?? "-"
        return
            "\(time)  \(("#" + String(entry.seq)).padding(5))  \(request.padding(4))  \(entry.event.type.padding(14))  \(details(entry.event))"
    }

    static func details(_ event: TraceEvent) -> String {
        switch event {
        case .sessionStart(let agent, let shape, let pid, let host, let axon, let hash):
            return "agent=\(agent) shape=\(shape.rawValue) pid=\(pid) host=\(host) axon=\(axon) config=\(hash)"
        case .requestStart(let prompt, let threadSeq):
            return (threadSeq.map { "thread#\($0) " } ?? "") + quoted(prompt)
        case .message(let m):
            var s = "\(m.role.rawValue)"
            if let id = m.callID { s += " [\(id)]" }
            if let c = m.content { s += " " + quoted(c) }
            for call in m.toolCalls { s += " → \(call.name)(\(call.arguments.serialized()))" }
            return s
        case .modelCall(let provider, let model, let ms, let billing):
            let u = billing.usage
            return "\(provider)/\(model) \(ms)ms in=\(u.inputTokens) out=\(u.outputTokens) "
                + "cache_r=\(u.cacheReadTokens) cache_w=\(u.cacheWriteTokens) \(Format.usd(billing.costUSD))"
        case .toolCall(let tool, let id, let args):
            return "\(tool) [\(id)] \(args.serialized())"
        case .toolResult(let tool, let id, let ok, let content, let ms):
            return "\(tool) [\(id)] \(ok ? "ok" : "failed") \(ms)ms \(quoted(content))"
        case .knowledgeLoaded(let files, let truncated):
            return "\(files.count) files\(truncated ? " (truncated)" : "")"
        case .capabilitiesReloaded(let generation, let added, let changed, let removed, let errors):
            let parts =
                added.labelled.map { "+" + $0 } + changed.labelled.map { "~" + $0 } + removed.labelled.map { "-" + $0 }
            return "generation \(generation) " + parts.joined(separator: " ")
                + (errors.isEmpty ? "" : " errors=\(errors.count) \(quoted(errors.joined(separator: "; ")))")
        case .compaction(let replaces, let summary):
            return "replaces \(replaces.map(\.rawValue).joined(separator: ",")) \(quoted(summary))"
        case .error(let code, let message):
            return "\(code): \(message)"
        case .requestEnd(let status, let usage, let cost):
            return "\(status.rawValue) tokens=\(usage.totalTokens) \(Format.usd(cost))"
        case .sessionEnd(let reason, let requests, let usage, let cost):
            return "\(reason) requests=\(requests) tokens=\(usage.totalTokens) \(Format.usd(cost))"
        }
    }

    /// A one-line, length-capped rendering of user text.
    static func quoted(_ text: String) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: "⏎")
        return JSONText.quote(flat.count > 160 ? String(flat.prefix(160)) + "…" : flat)
    }
}

extension String {
    fileprivate func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
