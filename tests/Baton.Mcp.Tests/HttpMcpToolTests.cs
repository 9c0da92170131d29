using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ModelContextProtocol.Client;

namespace Baton.Mcp.Tests;

/// <summary>The tools through the server's own Streamable HTTP endpoint, <c>/mcp</c>, authenticated with the API key.</summary>
public sealed class HttpMcpToolTests(BatonServerFixture server) : McpToolTests(server), IClassFixture<BatonServerFixture>
{
    protected override Task<McpClient> ConnectAsync(string? workerId = null) => McpSessions.StartHttpAsync(Server, workerId);

    [Theory]
    [InlineData(null, "invalid_api_key")]
    [InlineData("Bearer not-a-key", "invalid_api_key")]
    public async Task The_mcp_endpoint_without_a_valid_api_key_answers_401_with_the_api_error_envelope(string? authorization, string code)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Server.BaseUrl, "/mcp"))
        {
            Content = new StringContent(
                """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}""",
                Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);

        using var response = await Server.Http.SendAsync(request, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains($"\"code\":\"{code}\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sessions_of_initialize_clients_each_claim_under_their_own_worker_id_for_the_whole_session()
    {
        var run = $"sessions-{Guid.NewGuid():N}";
        for (var i = 0; i < 3; i++)
        {
            await Server.Client.EnqueueAsync(new() { Task = "work", RunId = run }, TestContext.Current.CancellationToken);
        }

        await using var first = await McpSessions.StartHttpAsync(Server, protocolVersion: "2025-11-25");
        await using var second = await McpSessions.StartHttpAsync(Server, protocolVersion: "2025-11-25");

        var a1 = await first.CallOkAsync("pull_task", new() { ["run_id"] = run });
        var b = await second.CallOkAsync("pull_task", new() { ["run_id"] = run });
        var a2 = await first.CallOkAsync("pull_task", new() { ["run_id"] = run });

        Assert.NotNull(first.SessionId);
        Assert.Equal(a1.Str("worker_id"), a2.Str("worker_id"));
        Assert.NotEqual(a1.Str("worker_id"), b.Str("worker_id"));
        Assert.StartsWith("mcp-", a1.Str("worker_id"), StringComparison.Ordinal);
    }
}
