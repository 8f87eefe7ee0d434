import AxonCore
import HTTPTypes
import Hummingbird
import NIOCore

/// The JSON responses every route writes.
extension Response {
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "application/json"
        return Response(
            status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: value.serialized() + "\n")))
    }

    /// `error` as its JSON body, with `retry-after` when it has one.
    /// - Parameter closing: the connection closes after it (see `NativeAPI.answer`).
    static func error(_ error: APIError, closing: Bool = false) -> Response {
        var headers: HTTPFields = [:]
        if closing { headers[.connection] = "close" }
        if let seconds = error.retryAfterSeconds { headers[.retryAfter] = String(seconds) }
        return .json(error.json, status: error.status, headers: headers)
    }
}

extension HTTPField.Name {
    static let lastEventID = HTTPField.Name("Last-Event-ID")!
    static let axonThread = HTTPField.Name("X-Axon-Thread")!
    static let axonSession = HTTPField.Name("X-Axon-Session")!
    static let axonRequest = HTTPField.Name("X-Axon-Request")!
    static let apiKey = HTTPField.Name("x-api-key")!
}

extension Request {
    /// Whether the client asked for a stream of server-sent events.
    var wantsEventStream: Bool {
        headers[values: .accept].contains { $0.contains("text/event-stream") }
    }

    /// The token the client presented: `Authorization: Bearer T` (OpenAI SDKs, curl) or `x-api-key: T`
    /// (Anthropic SDKs).
    var presentedToken: String? {
        if let auth = headers[.authorization] {
            let parts = auth.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" { return String(parts[1]) }
        }
        return headers[.apiKey]
    }
}
