using System.Diagnostics;
using Baton.Client;
using Baton.Contracts.Events;
using Baton.Contracts.Executions;
using Baton.Testing;

namespace Baton.Cli.Tests;

/// <summary>Awaits, cancels and the event stream across two real <c>baton serve</c> processes on one PostgreSQL.</summary>
public sealed class MultiNodeEventTests(PostgresCluster cluster) : IAsyncLifetime
{
    private PostgresNodes _nodes = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _nodes = await PostgresNodes.CreateAsync(cluster);

    public ValueTask DisposeAsync() => _nodes.DisposeAsync();

    [Fact]
    public async Task An_outcome_on_one_node_wakes_an_awaiting_caller_on_the_other()
    {
        var a = await _nodes.StartNodeAsync("node-a");
        var b = await _nodes.StartNodeAsync("node-b");
        var latencies = new List<double>();
        for (var i = 0; i < 10; i++)
        {
            var e = await a.EnqueueAsync(new EnqueueExecutionRequest { Task = "t" }, Ct);
            var claim = await a.ClaimByIdAsync(e.Execution.Id, new ClaimByIdRequest { WorkerId = "w" }, Ct);
            var waiter = b.WaitForExecutionAsync(e.Execution.Id, TimeSpan.FromSeconds(30), Ct);
            await Task.Delay(50, Ct);

            await a.RecordOutcomeAsync(claim.ExecutionId, new RecordOutcomeRequest { Success = true }, "w", claim.ClaimToken, Ct);
            var clock = Stopwatch.StartNew();
            Assert.Equal("success", (await waiter.WaitAsync(TimeSpan.FromSeconds(30), Ct)).Status);
            latencies.Add(clock.Elapsed.TotalMilliseconds);
        }

        latencies.Sort();
        TestContext.Current.TestOutputHelper?.WriteLine($"cross-node await: median {latencies[5]:F1} ms, max {latencies[^1]:F1} ms");
        // Not a speed bound (docs/benchmarks.md has those): without the notification an await would only look again
        // after the 30 s safety interval or when its 30 s wait ends. Anything well under it came through the
        // notification, however loaded the machine (a loaded CI machine has taken 9 s).
        Assert.True(latencies[^1] < 20_000, "the await must be woken by the notification, not the safety re-check");
    }

    [Fact]
    public async Task A_cancel_on_one_node_stops_the_claimers_heartbeat_on_the_other_and_is_streamed()
    {
        var a = await _nodes.StartNodeAsync("node-a");
        var b = await _nodes.StartNodeAsync("node-b");
        var e = await a.EnqueueAsync(new EnqueueExecutionRequest { Task = "long" }, Ct);
        var claim = await b.ClaimByIdAsync(e.Execution.Id, new ClaimByIdRequest { WorkerId = "w" }, Ct);
        var cancelled = WaitForEventAsync(b, e.Execution.Id, "execution.cancelled");

        await a.CancelAsync(e.Execution.Id, new CancelExecutionRequest { Force = true, Reason = "no longer needed" }, ct: Ct);

        var error = await Assert.ThrowsAsync<BatonApiException>(() => b.HeartbeatAsync(e.Execution.Id, "w", claim.ClaimToken, ct: Ct));
        Assert.Equal("execution_cancelled", error.Code);
        Assert.Equal("cancelled", (await cancelled.WaitAsync(TimeSpan.FromSeconds(30), Ct)).Status);
    }

    [Fact]
    public async Task Subscribers_on_both_nodes_see_every_event_written_through_both_exactly_once_and_in_order()
    {
        var nodes = new[] { await _nodes.StartNodeAsync("node-a"), await _nodes.StartNodeAsync("node-b") };
        const int writersPerNode = 4, perWriter = 10, total = 2 * writersPerNode * perWriter * 3;
        var subscribers = nodes.SelectMany(n => new[] { StreamAsync(n, total), StreamAsync(n, total) }).ToList();
        await Task.Delay(300, Ct);

        await Task.WhenAll(nodes.SelectMany((node, n) => Enumerable.Range(0, writersPerNode).Select(w => Task.Run(async () =>
        {
            var worker = $"n{n}w{w}";
            for (var i = 0; i < perWriter; i++)
            {
                var e = await node.EnqueueAsync(new EnqueueExecutionRequest { Task = worker }, Ct);
                var claim = await node.ClaimByIdAsync(e.Execution.Id, new ClaimByIdRequest { WorkerId = worker }, Ct);
                await node.RecordOutcomeAsync(claim.ExecutionId, new RecordOutcomeRequest { Success = i % 4 != 0, Retryable = false },
                    worker, claim.ClaimToken, Ct);
            }
        }, Ct))));
        var seenBy = await Task.WhenAll(subscribers);

        var everything = new List<EventResponse>();
        string? cursor = null;
        // waitSeconds: a page that is empty only because the visibility line has not moved yet waits for it.
        while ((await nodes[0].ListEventsAsync(cursor, new EventQuery { Limit = 1000 }, waitSeconds: 2, ct: Ct)) is { Events.Count: > 0 } page)
        {
            everything.AddRange(page.Events);
            cursor = page.NextCursor;
        }

        Assert.Equal(total, everything.Count);
        foreach (var seen in seenBy)
        {
            Assert.Equal(everything.Select(e => e.Id), seen.Select(e => e.Id));
            Assert.All(seen.GroupBy(e => e.ExecutionId), g =>
                Assert.Equal(["execution.created", "execution.claimed"], g.Take(2).Select(e => e.Type).ToArray()));
        }
    }

    private static async Task<List<EventResponse>> StreamAsync(BatonClient client, int count)
    {
        using var enough = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        enough.CancelAfter(TimeSpan.FromSeconds(90));
        var seen = new List<EventResponse>();
        await foreach (var e in client.StreamEventsAsync(ct: enough.Token))
        {
            seen.Add(e);
            if (seen.Count == count) break;
        }

        return seen;
    }

    private static async Task<EventResponse> WaitForEventAsync(BatonClient client, Guid executionId, string type)
    {
        using var enough = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        enough.CancelAfter(TimeSpan.FromSeconds(30));
        await foreach (var e in client.StreamEventsAsync(query: new EventQuery { ExecutionId = executionId }, ct: enough.Token))
        {
            if (e.Type == type) return e;
        }

        throw new InvalidOperationException($"no {type} event for {executionId}");
    }
}
