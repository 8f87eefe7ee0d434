import AxonCore
import AxonRuntime
import AxonThreads
import HTTPTypes

/// An HTTP error serve answers with: a status, a machine-readable type and a message that says what to do.
struct APIError: Error, Sendable {
    var status: HTTPResponse.Status
    var type: String
    var message: String
    var retryAfterSeconds: Int?

    init(_ status: HTTPResponse.Status, _ type: String, _ message: String, retryAfterSeconds: Int? = nil) {
        self.status = status
        self.type = type
        self.message = message
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// The body: `{"error": {"type", "message"}}` (the OpenAI shape).
    var json: JSONValue { ["error": ["type": .string(type), "message": .string(message)]] }

    static func badRequest(_ message: String) -> APIError { APIError(.badRequest, "invalid_request", message) }

    /// What a request that could not run is answered with.
    static func from(_ error: RuntimeError) -> APIError {
        switch error {
        case .threads(.busy(let thread, _, let waited)):
            APIError(
                .conflict, "thread_busy",
                "thread '\(thread)' is held by another session (waited \(waited) ms); retry later",
                retryAfterSeconds: 1)
        case .threads(.notFound(let thread)): APIError(.notFound, "not_found", "no thread '\(thread)'")
        case .refusing: APIError(.serviceUnavailable, "unavailable", error.description)
        case .cancelled: APIError(.serviceUnavailable, "cancelled", error.description)
        default:
            error.isUsageError
                ? .badRequest(error.description) : APIError(.internalServerError, "internal", error.description)
        }
    }
}
