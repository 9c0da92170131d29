using Baton.Client;
using Baton.Contracts.Executions;
using Baton.Core.Observability;
using Baton.Core.Storage;
using Baton.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Baton.Server.Tests;

/// <summary>
/// The metrics a scrape shows after a known sequence of operations, on SQLite and on PostgreSQL: the counters and
/// histograms are derived from what each store operation committed, and the backlog gauges come from a cache that
/// no number of scrapes turns into more than one backlog query per ten seconds.
/// </summary>
[Collection(nameof(BatonMeterCollection))]
public sealed class MetricsOnBothStoresTests(PostgresCluster postgres) : IClassFixture<PostgresCluster>
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly string _queue = "metrics-" + Guid.NewGuid().ToString("N")[..8];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task A_scrape_after_a_scripted_workload_counts_exactly_what_happened(StoreKind kind)
    {
        await using var server = await StartAsync(kind, new HandOffTests.StoreCalls());
        var client = await server.NewTenantAsync();
        var batch = await client.EnqueueBatchAsync(
            [.. Enumerable.Range(0, 50).Select(i => new EnqueueExecutionRequest
            {
                Queue = _queue, Task = "build", MaxAttempts = 2, BackoffSeconds = [60],
            })],
            Ct);
        var ids = batch.Executions.Select(e => e.Id).ToList();

        foreach (var id in ids[..40]) await RunAsync(client, id, success: true);
        foreach (var id in ids[40..47]) await RunAsync(client, id, success: false);
        _time.Advance(TimeSpan.FromMinutes(2)); // past the backoff: the second and last attempts
        foreach (var id in ids[40..47]) await RunAsync(client, id, success: false);
        foreach (var id in ids[47..]) await client.CancelAsync(id, ct: Ct);

        var scrape = await PrometheusScrape.ReadAsync(server, _queue, Ct);

        Assert.Equal(50, scrape.Sum("baton_executions_enqueued_total"));
        Assert.Equal(40 + 7 * 2, scrape.Sum("baton_executions_claimed_total"));
        Assert.Equal(40, scrape.Sum("baton_executions_finished_total", "status=\"success\""));
        Assert.Equal(7, scrape.Sum("baton_executions_finished_total", "status=\"failed\""));
        Assert.Equal(3, scrape.Sum("baton_executions_finished_total", "status=\"cancelled\""));
        Assert.Equal(50, scrape.Sum("baton_executions_finished_total"));
        Assert.Equal(7, scrape.Sum("baton_executions_retried_total"));
        Assert.Equal(3, scrape.Sum("baton_executions_cancelled_total"));
        Assert.Equal(0, scrape.Sum("baton_executions_rescued_total"));
        // One wait per claim, one run time per outcome.
        Assert.Equal(54, scrape.Sum("baton_execution_wait_duration_seconds_count"));
        Assert.Equal(54, scrape.Sum("baton_execution_run_duration_seconds_count"));
        // First attempts were claimed at once; the second ones became due after their 60 s backoff and were claimed
        // two minutes after the failure: their wait is counted from when they were due, 60 s.
        Assert.Equal(47, scrape.Sum("baton_execution_wait_duration_seconds_bucket", "le=\"30\""));
        Assert.Equal(54, scrape.Sum("baton_execution_wait_duration_seconds_bucket", "le=\"60\""));
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task Scrapes_read_the_backlog_at_most_once_per_ten_seconds_and_show_it(StoreKind kind)
    {
        var calls = new HandOffTests.StoreCalls();
        await using var server = await StartAsync(kind, calls);
        // Other servers in this test process scrape the same meter name, so any of them may have made this one read
        // its backlog once already; the first read is waited for, and counted from.
        await PrometheusScrape.ReadAsync(server, _queue, Ct);
        var reads = await ReadsAsync(calls, atLeast: 1);

        var client = await server.NewTenantAsync();
        var batch = await client.EnqueueBatchAsync(
            [.. Enumerable.Range(0, 5).Select(i => new EnqueueExecutionRequest { Queue = _queue, Task = "t" })], Ct);
        foreach (var e in batch.Executions.Take(2)) await client.ClaimByIdAsync(e.Id, new ClaimByIdRequest { WorkerId = "w" }, Ct);
        _time.Advance(BatonGauges.RefreshEvery + TimeSpan.FromSeconds(5));

        // The scrape that finds the cache stale refreshes it in the background; it does not wait for it.
        await PrometheusScrape.ReadAsync(server, _queue, Ct);
        Assert.Equal(reads + 1, await ReadsAsync(calls, atLeast: reads + 1));
        PrometheusScrape scrape = null!;
        for (var i = 0; i < 20; i++) scrape = await PrometheusScrape.ReadAsync(server, _queue, Ct);
        Assert.Equal(reads + 1, calls.Count(nameof(IBacklogStore.GetBacklogAsync)));

        Assert.Equal(3, scrape.Sum("baton_executions_backlog", "status=\"pending\""));
        Assert.Equal(2, scrape.Sum("baton_executions_backlog", "status=\"delivering\""));
        Assert.Equal(15, scrape.Sum("baton_executions_oldest_pending_age_seconds"));

        // Ten seconds on, one more read, however many scrapes follow.
        _time.Advance(BatonGauges.RefreshEvery);
        await PrometheusScrape.ReadAsync(server, _queue, Ct);
        Assert.Equal(reads + 2, await ReadsAsync(calls, atLeast: reads + 2));
        for (var i = 0; i < 20; i++) await PrometheusScrape.ReadAsync(server, _queue, Ct);
        Assert.Equal(reads + 2, calls.Count(nameof(IBacklogStore.GetBacklogAsync)));
    }

    private async Task<ServerHarness> StartAsync(StoreKind kind, HandOffTests.StoreCalls calls)
    {
        var connectionString = kind == StoreKind.Postgres ? await postgres.CreateDatabaseAsync() : null;
        return await ServerHarness.StartAsync(
            s => s with { Store = kind, PostgresConnectionString = connectionString, Time = _time, RunMaintenance = false },
            builder =>
            {
                var real = builder.Services.Single(d => d.ServiceType == typeof(IBatonStore));
                builder.Services.Remove(real);
                builder.Services.AddSingleton(sp => calls.Wrap((IBatonStore)real.ImplementationFactory!(sp)));
            });
    }

    /// <summary>Waits up to 10 s for the background refresh to have read the backlog <paramref name="atLeast"/> times.</summary>
    private static async Task<int> ReadsAsync(HandOffTests.StoreCalls calls, int atLeast)
    {
        for (var i = 0; i < 200 && calls.Count(nameof(IBacklogStore.GetBacklogAsync)) < atLeast; i++) await Task.Delay(50, Ct);
        // The refresh clears its flag after the read returns; let it finish before the next scrape looks.
        await Task.Delay(100, Ct);
        return calls.Count(nameof(IBacklogStore.GetBacklogAsync));
    }

    private static async Task RunAsync(BatonClient client, Guid id, bool success)
    {
        var claim = await client.ClaimByIdAsync(id, new ClaimByIdRequest { WorkerId = "w" }, Ct);
        await client.RecordOutcomeAsync(id,
            success ? new RecordOutcomeRequest { Success = true } : new RecordOutcomeRequest { Success = false, Error = "boom" },
            "w", claim.ClaimToken, Ct);
    }
}
