using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Baton.Contracts.Executions;
using Xunit;

namespace Baton.Server.Tests;

public sealed class IdempotencyTests : IAsyncLifetime
{
    private ServerHarness _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await ServerHarness.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task The_same_key_returns_the_same_execution_and_a_different_body_is_refused_without_storing()
    {
        var (client, apiKey) = await _server.RegisterTenantAsync();

        using var first = await PostAsync(apiKey, """{"idempotency_key": "deploy-1", "task": "deploy", "payload": {"env": "prod", "n": 1}}""");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var created = await first.Content.ReadAsStringAsync(Ct);

        // The same request formatted differently is the same request: the payload is stored compacted.
        using var repeat = await PostAsync(apiKey, """
            {
              "idempotency_key": "deploy-1",
              "task": "deploy",
              "payload": { "env" : "prod",   "n" : 1 }
            }
            """);
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.Equal(IdOf(created), IdOf(await repeat.Content.ReadAsStringAsync(Ct)));

        var viaClient = await client.EnqueueAsync(new EnqueueExecutionRequest
        {
            IdempotencyKey = "deploy-1",
            Task = "deploy",
            Payload = System.Text.Json.JsonDocument.Parse("""{"env":"prod","n":1}""").RootElement,
        }, Ct);
        Assert.False(viaClient.Created);
        Assert.Equal(IdOf(created), viaClient.Execution.Id.ToString());

        await ApiAssert.FailsAsync(HttpStatusCode.Conflict, "idempotency_key_conflict",
            () => client.EnqueueAsync(new EnqueueExecutionRequest { IdempotencyKey = "deploy-1", Task = "rollback" }, Ct));
        await ApiAssert.FailsAsync(HttpStatusCode.Conflict, "idempotency_key_conflict",
            () => client.EnqueueBatchAsync(
                [new() { Task = "fresh" }, new() { IdempotencyKey = "deploy-1", Task = "deploy", Priority = 9 }], Ct));

        var all = await client.ListExecutionsAsync(ct: Ct);
        Assert.Equal(1, all.Total);
        Assert.Equal("deploy", Assert.Single(all.Executions).Task);
    }

    private async Task<HttpResponseMessage> PostAsync(string apiKey, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/executions")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return await _server.Http.SendAsync(request, Ct);
    }

    private static string IdOf(string executionJson)
    {
        using var document = System.Text.Json.JsonDocument.Parse(executionJson);
        return document.RootElement.GetProperty("id").GetString()!;
    }
}
