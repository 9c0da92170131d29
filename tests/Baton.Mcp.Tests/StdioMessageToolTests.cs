using ModelContextProtocol.Client;

namespace Baton.Mcp.Tests;

/// <summary>The messaging tools through <c>baton mcp --agent</c>, a real stdio subprocess.</summary>
public sealed class StdioMessageToolTests(BatonServerFixture server) : MessageToolTests(server), IClassFixture<BatonServerFixture>
{
    protected override Task<McpClient> ConnectAsync(string? agent) => McpSessions.StartStdioAsync(Server, agent: agent);
}
