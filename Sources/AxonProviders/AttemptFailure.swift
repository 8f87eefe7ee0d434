import AxonCore
import AxonModels

/// Why one HTTP attempt failed, before deciding whether to retry it.
struct AttemptFailure: Error, Sendable {
    enum Kind: Sendable {
        case http(status: Int, message: String, errorCode: String?)
        case connection(String)
        case idle(Duration)
        case overall(Duration)
        /// A decoder or in-stream error (`event: error`, a truncated stream).
        case stream(ModelError, retryable: Bool)
    }

    var kind: Kind
    var retryAfter: Duration? = nil

    /// Whether another attempt could succeed (and so is worth it, if nothing was streamed yet).
    var isRetryable: Bool {
        switch kind {
        case .http(let status, _, let code):
            // OpenAI answers an exhausted account with 429 too: waiting does not refill it.
            RetryPolicy.isRetryable(status: status) && code != "insufficient_quota"
        case .connection, .idle: true
        case .overall: false
        case .stream(_, let retryable): retryable
        }
    }

    /// The stable code of `ModelEvent.attemptFailed` and of the trace's `error` line.
    var code: String {
        switch kind {
        case .http(let status, _, _): "http_\(status)"
        case .connection: "connection"
        case .idle: "idle_timeout"
        case .overall: "timeout"
        case .stream(.provider(_, let type, _), _): type
        case .stream: "bad_stream"
        }
    }

    /// The error the call fails with when this attempt is its last.
    func modelError(for call: HTTPCall, attempts: Int) -> ModelError {
        let tries = attempts > 1 ? " after \(attempts) attempts" : ""
        switch kind {
        case .http(let status, let message, let code):
            return .http(
                status: status, endpoint: call.endpoint, remedy: Self.remedy(status, code, call, tries),
                message: message)
        case .connection(let message):
            return .connection(endpoint: call.endpoint, message: message + tries)
        case .idle(let limit):
            return .timeout(
                endpoint: call.endpoint, message: "no data for \(limit.shortDescription) (idle timeout)\(tries)")
        case .overall(let limit):
            return .timeout(endpoint: call.endpoint, message: "the call took longer than \(limit.shortDescription)")
        case .stream(let error, _):
            return error
        }
    }

    /// What the user should do about an HTTP status.
    static func remedy(_ status: Int, _ code: String?, _ call: HTTPCall, _ tries: String) -> String {
        let key = call.keyVariable.map { "check \($0)" } ?? "check the API key"
        switch status {
        case 400, 422: return "the provider rejected the request"
        case 401: return key
        case 403: return "\(key): the key may lack access to model '\(call.model)'"
        case 404: return "model '\(call.model)' not found; check `model` and `base_url` in fleet.yaml"
        case 413: return "the request is too large; shorten the conversation or the tool output"
        case 429 where code == "insufficient_quota": return "the account is out of quota; check its billing"
        case 429: return "rate limited\(tries); wait, run fewer agents at once, or raise the account's limits"
        case 500...599: return "the provider failed\(tries); try again later"
        default: return "unexpected HTTP status"
        }
    }

    /// The provider's own explanation from an error body: `{"error": {"message", "code"|"type"}}` (OpenAI,
    /// Anthropic), `{"error": "…"}` (Ollama), else the start of the text.
    static func explain(body: String) -> (message: String, code: String?) {
        guard let json = try? JSONValue(parsing: body) else {
            return (String(body.prefix(300)).trimmingWhitespace, nil)
        }
        if let text = json["error"]?.stringValue { return (text, nil) }
        let error = json["error"] ?? json
        let message = error["message"]?.stringValue ?? String(json.serialized().prefix(300))
        return (message, error["code"]?.stringValue ?? error["type"]?.stringValue)
    }
}

/// Everything one provider call needs on the wire; built by a provider, sent by `HTTPStreamer`.
struct HTTPCall: Sendable {
    /// `openai` or `anthropic`, as traces name it.
    var provider: String
    /// The base URL as the user configured it; errors name it.
    var endpoint: String
    /// The full URL POSTed to.
    var url: String
    var headers: [(String, String)]
    var body: String
    /// The environment variable the key came from, for the 401 remedy.
    var keyVariable: String?
    var model: String
    /// The key itself, scrubbed from any error text before it can reach a message or a trace.
    var secret: String?
}
