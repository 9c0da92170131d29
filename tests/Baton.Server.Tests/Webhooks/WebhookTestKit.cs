using Baton.Client;
using Baton.Contracts.Executions;
using Baton.Core.Maintenance;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Baton.Server.Tests.Webhooks;

/// <summary>What the webhook tests share: moving the fake clock, and waiting for a delivery in flight to land.</summary>
internal static class WebhookTestKit
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Moves the fake clock and runs the maintenance pass that wakes whoever has work due now.</summary>
    public static async Task AdvanceAsync(ServerHarness server, FakeTimeProvider time, TimeSpan by)
    {
        time.Advance(by);
        await server.Service<MaintenanceLoop>().RunOnceAsync(time.GetUtcNow(), Ct);
    }

    /// <summary>Polls (real time) until the execution satisfies <paramref name="done"/>: a delivery is in flight.</summary>
    public static async Task<ExecutionResponse> EventuallyAsync(BatonClient client, Guid id, Func<ExecutionResponse, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var e = await client.GetExecutionAsync(id, Ct);
            if (done(e)) return e;
            Assert.True(DateTime.UtcNow < deadline, $"execution stayed {e.Status} after {e.Attempts} attempts");
            await Task.Delay(20, Ct);
        }
    }
}
