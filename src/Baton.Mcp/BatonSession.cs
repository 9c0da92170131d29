using Baton.Client;

namespace Baton.Mcp;

/// <summary>
/// What one tool call acts with: the Baton server and API key behind <see cref="Client"/>, the worker id it claims
/// as, and the agent it sends and reads messages as when a tool call names none.
/// </summary>
/// <param name="Client">Talks to the Baton server as the caller's tenant.</param>
/// <param name="WorkerId">The claimer identity of this MCP session, stable for the session's life.</param>
/// <param name="Agent">The default messaging agent (a slug or <c>agt_</c> id): <c>baton mcp --agent</c> /
/// <c>BATON_AGENT</c>, or the <c>X-Cueapi-From-Agent</c> header on <c>/mcp</c>; null when not configured.</param>
public sealed record BatonSession(BatonClient Client, string WorkerId, string? Agent = null);
