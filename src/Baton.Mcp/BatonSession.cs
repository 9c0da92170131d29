using Baton.Client;

namespace Baton.Mcp;

/// <summary>What one tool call acts with: the Baton server and API key behind <see cref="Client"/>, and the worker id it claims as.</summary>
/// <param name="Client">Talks to the Baton server as the caller's tenant.</param>
/// <param name="WorkerId">The claimer identity of this MCP session, stable for the session's life.</param>
public sealed record BatonSession(BatonClient Client, string WorkerId);
