using ModelContextProtocol.Client;

namespace Baton.Mcp.Tests;

/// <summary>The messaging tools through the server's <c>/mcp</c>, the default agent in <c>X-Cueapi-From-Agent</c>.</summary>
public sealed class HttpMessageToolTests(BatonServerFixture server) : MessageToolTests(server), IClassFixture<BatonServerFixture>
{
    protected override Task<McpClient> ConnectAsync(string? agent) => McpSessions.StartHttpAsync(Server, agent: agent);
}
