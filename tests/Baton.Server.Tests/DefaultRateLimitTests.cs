using System.Collections.Concurrent;
using System.Net;
using Baton.Client;
using Baton.Contracts.Executions;
using Baton.Contracts.Workers;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Baton.Server.Tests;

/// <summary>
/// The default rate limit (600 a minute per key) is for the management API: the worker protocol — claim, execution
/// heartbeat, outcome, worker heartbeat — is not counted, because every worker of a tenant shares one key.
/// </summary>
public sealed class DefaultRateLimitTests : IAsyncLifetime
{
    private const int Tasks = 1000;

    // A fake clock at the start of a minute: the window cannot roll over mid-test, so the counts are exact.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private ServerHarness _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static int DefaultLimit => new BatonServerSettings().RateLimitPerMinute;

    public async ValueTask InitializeAsync() =>
        _server = await ServerHarness.StartAsync(s => s with
        {
            RateLimitPerMinute = DefaultLimit,
            Time = _time,
            RunMaintenance = false,
        });

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task A_thousand_tasks_through_two_workers_with_the_default_settings_get_no_429_and_each_runs_once()
    {
        var (client, apiKey) = await _server.RegisterTenantAsync();
        await client.EnqueueBatchAsync([.. Enumerable.Range(0, Tasks).Select(i => new EnqueueExecutionRequest { Task = "work", Title = $"t{i}" })], Ct);

        var done = new ConcurrentBag<Guid>();
        await Task.WhenAll(RunWorkerAsync(client, "w1", done), RunWorkerAsync(client, "w2", done));

        Assert.Equal(Tasks, done.Count);
        Assert.Equal(Tasks, done.Distinct().Count());
        var counts = (await client.ListExecutionsAsync(new ExecutionListQuery { Limit = 1 }, Ct)).Counts;
        Assert.Equal(Tasks, counts.Success);
        // The workers' thousands of requests left the key's management budget untouched.
        Assert.Equal(DefaultLimit - 3, await RemainingAsync(apiKey));
    }

    [Fact]
    public async Task A_burst_of_a_thousand_claims_from_one_worker_gets_no_429()
    {
        var client = await _server.NewTenantAsync();
        await client.EnqueueBatchAsync([.. Enumerable.Range(0, Tasks).Select(_ => new EnqueueExecutionRequest { Task = "burst" })], Ct);

        var claimed = new ConcurrentBag<Guid>();
        await Parallel.ForEachAsync(Enumerable.Range(0, Tasks), new ParallelOptions { MaxDegreeOfParallelism = 100, CancellationToken = Ct },
            async (_, ct) => claimed.Add((await client.ClaimAsync(new ClaimExecutionsRequest { WorkerId = "w1", Task = "burst" }, ct)).ExecutionId));

        Assert.Equal(Tasks, claimed.Distinct().Count());
    }

    [Fact]
    public async Task A_flood_of_management_calls_from_one_key_past_the_default_limit_gets_429()
    {
        var client = await _server.NewTenantAsync();
        var answered = 0;
        var limited = 0;
        for (var i = 0; i < DefaultLimit + 50; i++)
        {
            try
            {
                await client.ListExecutionsAsync(new ExecutionListQuery { Limit = 1 }, Ct);
                answered++;
            }
            catch (BatonApiException e) when (e.Status == HttpStatusCode.TooManyRequests)
            {
                Assert.Equal("rate_limit_exceeded", e.Code);
                limited++;
            }
        }

        Assert.Equal((DefaultLimit, 50), (answered, limited));
    }

    private static async Task RunWorkerAsync(BatonClient client, string workerId, ConcurrentBag<Guid> done)
    {
        for (var n = 0; ; n++)
        {
            if (n % 100 == 0) await client.WorkerHeartbeatAsync(new WorkerHeartbeatRequest { WorkerId = workerId, Handlers = ["work"] }, Ct);
            var claim = await client.TryClaimAsync(new ClaimExecutionsRequest { WorkerId = workerId, Task = "work" }, Ct);
            if (claim is null) return;
            if (n % 10 == 0) await client.HeartbeatAsync(claim.ExecutionId, workerId, claim.ClaimToken, ct: Ct);
            await client.RecordOutcomeAsync(claim.ExecutionId, new RecordOutcomeRequest { Success = true }, workerId, claim.ClaimToken, Ct);
            done.Add(claim.ExecutionId);
        }
    }

    private async Task<int> RemainingAsync(string apiKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/auth/me");
        request.Headers.Authorization = new("Bearer", apiKey);
        using var response = await _server.Http.SendAsync(request, Ct);
        return int.Parse(Assert.Single(response.Headers.GetValues(Baton.Contracts.WireHeaders.RateLimitRemaining)), System.Globalization.CultureInfo.InvariantCulture);
    }
}
