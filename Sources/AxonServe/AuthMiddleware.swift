import AxonCore
import Hummingbird

/// Refuses a request without a good token for the served agent (when tokens are set; without any, serve
/// listens on loopback only). Health and readiness stay open: an orchestrator probes them without a token.
struct AuthMiddleware<Context: RequestContext>: RouterMiddleware {
    let tokens: TokenSet
    let agent: String

    static var openPaths: Set<String> { ["/healthz", "/readyz"] }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard !tokens.isEmpty, !Self.openPaths.contains(request.uri.path) else {
            return try await next(request, context)
        }
        switch tokens.check(request.presentedToken, agent: agent) {
        case .allowed:
            return try await next(request, context)
        case .missing:
            return .error(
                APIError(
                    .unauthorized, "authentication_error",
                    "this server needs a token: send `Authorization: Bearer TOKEN` (or `x-api-key: TOKEN`) with a "
                        + "token of its AXON_API_TOKEN or --token-file"))
        case .invalid:
            return .error(
                APIError(
                    .unauthorized, "authentication_error",
                    "the token is not one this server accepts: check it against its AXON_API_TOKEN or --token-file"))
        case .forbidden(let agents):
            return .error(
                APIError(
                    .forbidden, "permission_error",
                    "this token is limited to agent\(agents.count == 1 ? "" : "s") \(agents.joined(separator: ", ")); "
                        + "this server serves agent '\(agent)': use a token for it"))
        }
    }
}
