import AxonCore

/// Writing a record as one line of JSON, by hand, because the key order is part of the format.
///
/// Order: `v, seq, ts, type, session, thread, request`, then every payload field that is set, in one global
/// order chosen so each type reads naturally (identity first, large text last):
/// `agent, shape, pid, host, axon, config_hash, prompt, thread_seq, role, tool, call_id, provider, model, ok, duration_ms,
/// billing, content, tool_calls, is_error, arguments, files, truncated, generation, added, changed, removed, errors,
/// replaces, summary, code, message, status, reason, requests, usage, cost_usd`. Fields that are nil are omitted, never written as `null`.
/// Nested objects keep fixed orders too (`billing`, `usage`, `tool_calls[]`, `files[]`); `arguments` is any JSON
/// and is written with sorted keys (`JSONValue.serialized`), so equal values always give equal bytes.
extension TraceRecord {
    /// The line's bytes including the trailing `\n`.
    public func encodedLine() -> String {
        var out = ""
        out.reserveCapacity(256)
        encode(into: &out)
        return out
    }

    /// Appends the line (with its `\n`) to `out`.
    public func encode(into out: inout String) {
        out += "{\"v\":"
        out += String(v)
        out += ",\"seq\":"
        out += String(seq)
        field("ts", ts, &out)
        field("type", type, &out)
        field("session", session, &out)
        field("thread", thread, &out)
        field("request", request, &out)
        field("agent", agent, &out)
        field("shape", shape, &out)
        field("pid", pid, &out)
        field("host", host, &out)
        field("axon", axon, &out)
        field("config_hash", configHash, &out)
        field("prompt", prompt, &out)
        field("thread_seq", threadSeq, &out)
        field("role", role, &out)
        field("tool", tool, &out)
        field("call_id", callID, &out)
        field("provider", provider, &out)
        field("model", model, &out)
        field("ok", ok, &out)
        field("duration_ms", durationMS, &out)
        if let billing {
            out += ",\"billing\":{"
            tokenFields(
                billing.inputTokens, billing.outputTokens, billing.cacheReadTokens, billing.cacheWriteTokens, &out)
            out += ",\"cost_usd\":"
            out += JSONText.number(billing.costUSD)
            out += "}"
        }
        field("content", content, &out)
        if let toolCalls {
            out += ",\"tool_calls\":["
            for (i, call) in toolCalls.enumerated() {
                out += i == 0 ? "{\"id\":" : ",{\"id\":"
                FastText.quote(call.id, into: &out)
                out += ",\"name\":"
                FastText.quote(call.name, into: &out)
                out += ",\"arguments\":"
                call.arguments.write(to: &out)
                out += "}"
            }
            out += "]"
        }
        field("is_error", isError, &out)
        if let arguments {
            out += ",\"arguments\":"
            arguments.write(to: &out)
        }
        if let files {
            out += ",\"files\":["
            for (i, f) in files.enumerated() {
                out += i == 0 ? "{\"path\":" : ",{\"path\":"
                FastText.quote(f.path, into: &out)
                out += ",\"hash\":"
                JSONText.quote(f.hash, into: &out)
                out += ",\"bytes\":\(f.bytes)}"
            }
            out += "]"
        }
        field("truncated", truncated, &out)
        field("generation", generation, &out)
        names("added", added, &out)
        names("changed", changed, &out)
        names("removed", removed, &out)
        strings("errors", errors, &out)
        strings("replaces", replaces, &out)
        field("summary", summary, &out)
        field("code", code, &out)
        field("message", message, &out)
        field("status", status, &out)
        field("reason", reason, &out)
        field("requests", requests, &out)
        if let usage {
            out += ",\"usage\":{"
            tokenFields(usage.inputTokens, usage.outputTokens, usage.cacheReadTokens, usage.cacheWriteTokens, &out)
            out += "}"
        }
        if let costUSD {
            out += ",\"cost_usd\":"
            out += JSONText.number(costUSD)
        }
        out += "}\n"
    }

    /// The four token counts, in the order every axon format writes them.
    private func tokenFields(_ input: Int, _ output: Int, _ cacheRead: Int, _ cacheWrite: Int, _ out: inout String) {
        out += "\"input_tokens\":\(input),\"output_tokens\":\(output),\"cache_read_tokens\":\(cacheRead)"
        out += ",\"cache_write_tokens\":\(cacheWrite)"
    }
}

private func field(_ key: String, _ value: String?, _ out: inout String) {
    guard let value else { return }
    out += ",\""
    out += key
    out += "\":"
    FastText.quote(value, into: &out)
}

private func field(_ key: String, _ value: Int?, _ out: inout String) {
    guard let value else { return }
    out += ",\""
    out += key
    out += "\":"
    out += String(value)
}

private func field(_ key: String, _ value: Bool?, _ out: inout String) {
    guard let value else { return }
    out += ",\""
    out += key
    out += value ? "\":true" : "\":false"
}

private func strings(_ key: String, _ values: [String]?, _ out: inout String) {
    guard let values else { return }
    out += ",\""
    out += key
    out += "\":"
    array(values, &out)
}

private func array(_ values: [String], _ out: inout String) {
    out += "["
    for (i, value) in values.enumerated() {
        if i > 0 { out += "," }
        FastText.quote(value, into: &out)
    }
    out += "]"
}

/// `{"tools":[…],"knowledge":[…],"skills":[…],"mcp":[…]}`, every key always written, in that order.
private func names(_ key: String, _ value: WireCapabilityNames?, _ out: inout String) {
    guard let value else { return }
    out += ",\""
    out += key
    out += "\":{\"tools\":"
    array(value.tools, &out)
    out += ",\"knowledge\":"
    array(value.knowledge, &out)
    out += ",\"skills\":"
    array(value.skills, &out)
    out += ",\"mcp\":"
    array(value.mcp, &out)
    out += "}"
}
