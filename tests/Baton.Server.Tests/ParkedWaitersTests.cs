using System.Diagnostics;
using Baton.Contracts.Executions;
using Xunit;

namespace Baton.Server.Tests;

/// <summary>
/// A thousand parked waiters of every kind cost no thread each and leave the server responsive. Not run in
/// parallel with other classes, so the thread counts sampled are this test's own.
/// </summary>
[Collection(nameof(LongPollTests))]
public sealed class ParkedWaitersTests : IAsyncLifetime
{
    private ServerHarness _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await ServerHarness.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task A_thousand_parked_awaits_runs_and_event_polls_hold_no_thread_each_and_the_server_stays_responsive()
    {
        var client = await _server.NewTenantAsync();
        var pending = (await client.EnqueueBatchAsync(
            [.. Enumerable.Range(0, 400).Select(i => new EnqueueExecutionRequest { Task = "parked", RunId = "run-" + (i % 20) })], Ct))
            .Executions;
        var cursor = (await client.ListEventsAsync(query: new() { Limit = 1000 }, ct: Ct)).NextCursor;
        var threadsBefore = ThreadPool.ThreadCount;

        var waiters = new List<Task>();
        foreach (var e in pending) waiters.Add(client.WaitForExecutionAsync(e.Id, TimeSpan.FromSeconds(40), Ct));
        for (var i = 0; i < 300; i++) waiters.Add(client.GetRunAsync("run-" + (i % 20), 40, Ct));
        for (var i = 0; i < 300; i++) waiters.Add(client.ListEventsAsync(cursor, waitSeconds: 40, ct: Ct));
        await Task.Delay(2000, Ct); // let all of them park

        Assert.All(waiters, w => Assert.False(w.IsCompleted));
        var threadsParked = ThreadPool.ThreadCount;

        // Other requests are still answered promptly.
        var clock = Stopwatch.StartNew();
        await client.GetHealthAsync(Ct);
        var other = await _server.NewTenantAsync();
        await other.EnqueueAsync(new EnqueueExecutionRequest { Task = "x" }, Ct);
        var responsive = clock.Elapsed;

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"thread pool threads: {threadsBefore} before, {threadsParked} with 1,000 parked waiters; other requests answered in {responsive.TotalMilliseconds:F0} ms");
        Assert.True(threadsParked < 100, $"{threadsParked} thread-pool threads for 1,000 parked waiters");
        Assert.True(responsive < TimeSpan.FromSeconds(5), $"other requests took {responsive}");

        // One enqueue in the tenant wakes every event poller; they return with it.
        var woke = await client.EnqueueAsync(new EnqueueExecutionRequest { Task = "wake" }, Ct);
        var polls = waiters.Skip(700).Cast<Task<Baton.Contracts.Events.EventListResponse>>().ToList();
        var pages = await Task.WhenAll(polls).WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Assert.All(pages, p => Assert.Equal(woke.Execution.Id, p.Events[0].ExecutionId));
    }
}
