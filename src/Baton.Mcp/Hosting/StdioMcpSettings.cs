namespace Baton.Mcp.Hosting;

/// <summary>What <c>baton mcp</c> needs: the server, the key, and optionally the worker id to claim as and the agent to message as.</summary>
public sealed record StdioMcpSettings(Uri ServerUrl, string? ApiKey, string? WorkerId, string? Agent = null);
