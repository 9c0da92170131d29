using System.Diagnostics;
using Baton.Contracts.Executions;
using Xunit;

namespace Baton.Server.Tests;

/// <summary>
/// Parked claims on the real clock. Not run in parallel with other classes, so the thread count it samples is
/// this test's own.
/// </summary>
[Collection(nameof(LongPollTests))]
[CollectionDefinition(nameof(LongPollTests), DisableParallelization = true)]
public sealed class LongPollTests : IAsyncLifetime
{
    private ServerHarness _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await ServerHarness.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task A_parked_claim_wakes_with_the_new_execution_long_before_its_wait_ends()
    {
        var client = await _server.NewTenantAsync();
        var clock = Stopwatch.StartNew();
        var claim = client.ClaimAsync(new ClaimExecutionsRequest { WorkerId = "w", WaitSeconds = 20 }, Ct);

        await Task.Delay(500, Ct);
        Assert.False(claim.IsCompleted, "the claim should be parked: nothing was claimable");
        var enqueued = await client.EnqueueAsync(new EnqueueExecutionRequest { Task = "t" }, Ct);

        var claimed = await claim;
        Assert.Equal(enqueued.Execution.Id, claimed.ExecutionId);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"the claim returned after {clock.Elapsed}");
    }

    [Fact]
    public async Task A_parked_claim_that_nothing_matches_answers_claim_failed_after_its_wait()
    {
        var client = await _server.NewTenantAsync();
        await client.EnqueueAsync(new EnqueueExecutionRequest { Task = "other" }, Ct);
        var clock = Stopwatch.StartNew();

        await ApiAssert.FailsAsync(System.Net.HttpStatusCode.Conflict, "claim_failed",
            () => client.ClaimAsync(new ClaimExecutionsRequest { WorkerId = "w", Task = "mine", WaitSeconds = 1 }, Ct));
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"the claim gave up after {clock.Elapsed}");
    }

    [Fact]
    public async Task Five_hundred_parked_claims_do_not_hold_a_thread_each_and_all_wake_on_enqueue()
    {
        const int claimers = 500;
        var client = await _server.NewTenantAsync();
        var clock = Stopwatch.StartNew();
        var claims = Enumerable.Range(0, claimers)
            .Select(n => client.ClaimAsync(new ClaimExecutionsRequest { WorkerId = $"w{n}", WaitSeconds = 40 }, Ct))
            .ToList();

        await Task.Delay(TimeSpan.FromSeconds(3), Ct);
        var parked = claims.Count(c => !c.IsCompleted);
        var threads = ThreadPool.ThreadCount;
        Assert.Equal(claimers, parked);
        Assert.True(threads < 50, $"{threads} thread-pool threads for {claimers} parked claims");

        var items = Enumerable.Range(0, claimers).Select(_ => new EnqueueExecutionRequest { Task = "t" }).ToList();
        var enqueued = (await client.EnqueueBatchAsync(items, Ct)).Executions.Select(e => e.Id).ToHashSet();
        var claimed = await Task.WhenAll(claims);

        Assert.Equal(enqueued, claimed.Select(c => c.ExecutionId).ToHashSet());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"the claims returned after {clock.Elapsed}");
    }
}
