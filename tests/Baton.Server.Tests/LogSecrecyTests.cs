using System.Text.Json;
using Baton.Client;
using Baton.Contracts.Executions;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Baton.Server.Tests;

/// <summary>
/// Everything the server logs, at every level, during a full workload never contains an API key, a claim token or
/// a payload: logs are shipped and kept where secrets must not go.
/// </summary>
public sealed class LogSecrecyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Logs_of_a_full_workload_hold_no_api_key_claim_token_or_payload()
    {
        var logs = new CapturedLogs();
        await using var server = await ServerHarness.StartAsync(configure: b =>
        {
            b.Logging.AddProvider(logs);
            b.Logging.SetMinimumLevel(LogLevel.Trace);
        });
        var (client, apiKey) = await server.RegisterTenantAsync();
        const string Payload = "payload-secret-7f3a";

        var tokens = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var enqueued = await client.EnqueueAsync(
                new EnqueueExecutionRequest
                {
                    Task = "t",
                    Payload = JsonDocument.Parse($$"""{"secret": "{{Payload}}"}""").RootElement,
                }, Ct);
            var claim = await client.ClaimByIdAsync(enqueued.Execution.Id, new ClaimByIdRequest { WorkerId = "w" }, Ct);
            tokens.Add(claim.ClaimToken!);
            await client.HeartbeatAsync(enqueued.Execution.Id, "w", claim.ClaimToken, ct: Ct);
            await client.RecordOutcomeAsync(enqueued.Execution.Id,
                new RecordOutcomeRequest { Success = i != 1, Error = i == 1 ? "boom" : null }, "w", claim.ClaimToken, Ct);
        }

        // A wrong key, a stale token and a bad body: the failure paths log too.
        await Assert.ThrowsAsync<BatonApiException>(() => server.Anonymous.WithApiKey(apiKey + "x").ListExecutionsAsync(ct: Ct));
        await Assert.ThrowsAsync<BatonApiException>(() => client.RecordOutcomeAsync(
            Guid.CreateVersion7(), new RecordOutcomeRequest { Success = true }, "w", tokens[0], Ct));

        Assert.NotEmpty(logs.Lines);
        foreach (var line in logs.Lines)
        {
            Assert.DoesNotContain(apiKey, line, StringComparison.Ordinal);
            Assert.DoesNotContain(Payload, line, StringComparison.Ordinal);
            foreach (var token in tokens) Assert.DoesNotContain(token, line, StringComparison.Ordinal);
        }
    }
}
