using ModelContextProtocol.Client;

namespace Baton.Mcp.Tests;

/// <summary>The tools through <c>baton mcp</c>, a real stdio subprocess started with <c>dotnet baton.dll</c>.</summary>
public sealed class StdioMcpToolTests(BatonServerFixture server) : McpToolTests(server), IClassFixture<BatonServerFixture>
{
    protected override Task<McpClient> ConnectAsync(string? workerId = null) => McpSessions.StartStdioAsync(Server, workerId);
}
