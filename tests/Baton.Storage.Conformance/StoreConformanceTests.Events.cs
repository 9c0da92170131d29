using System.Text.Json;
using Baton.Core.Events;
using Baton.Core.Executions;
using Baton.Core.Storage;
using Xunit;

namespace Baton.Storage.Conformance;

public abstract partial class StoreConformanceTests
{
    private async Task<List<BatonEvent>> ReadAllEventsAsync(
        string tenant = TenantA, EventFilter? filter = null, int pageSize = 3, IBatonStore? store = null)
    {
        var all = new List<BatonEvent>();
        string? cursor = null;
        while (true)
        {
            var page = await (store ?? Store).ReadEventsAsync(new ReadEventsParams(tenant, cursor, filter ?? EventFilter.All, pageSize), Ct);
            all.AddRange(page.Events);
            if (page.Events.Count == 0)
            {
                Assert.Equal(cursor ?? page.NextCursor, page.NextCursor); // an empty page keeps the cursor
                return all;
            }

            cursor = page.NextCursor;
        }
    }

    [Fact]
    public async Task Every_state_change_writes_one_event_in_order()
    {
        await EnqueueOneAsync(NewExecution(runId: "r1", backoff: [0]));
        var first = await ClaimOneAsync("w1");
        await ReportAsync(first, success: false);
        var second = await ClaimOneAsync("w2");
        await ReportAsync(second, success: true);

        var events = await ReadAllEventsAsync();
        Assert.Equal(
            [EventTypes.ExecutionCreated, EventTypes.ExecutionClaimed, EventTypes.ExecutionRetrying,
             EventTypes.ExecutionClaimed, EventTypes.ExecutionSucceeded],
            events.Select(e => e.Type).ToArray());
        Assert.All(events, e => Assert.Equal((first.Id, "r1", "default"), (e.ExecutionId!.Value, e.RunId, e.Queue)));
        Assert.Equal(["pending", "delivering", "retrying", "delivering", "success"], events.Select(e => e.Status!).ToArray());
        Assert.Contains("\"worker_id\":\"w2\"", events[3].DataJson, StringComparison.Ordinal);
        Assert.Equal(events.Count, events.Select(e => e.Cursor).Distinct().Count());
    }

    [Fact]
    public async Task A_claim_event_carries_attempt_task_worker_and_the_last_error_and_a_batch_claims_events_follow_claim_order()
    {
        var low = await EnqueueOneAsync(NewExecution(task: "t\"quoted\"", priority: 1));
        var high = await EnqueueOneAsync(NewExecution(task: null, priority: 5));
        await ClaimAsync("w1", limit: 2, lease: 5);
        Time.Advance(TimeSpan.FromSeconds(5));
        await Store.RescueExpiredLeasesAsync(new RescueExpiredLeasesParams(Now: Now), Ct);
        await ClaimAsync("w\u00e9", limit: 2);

        var claims = (await ReadAllEventsAsync(filter: new EventFilter { Types = [EventTypes.ExecutionClaimed] }))
            .Select(e => (e.ExecutionId!.Value, JsonDocument.Parse(e.DataJson!).RootElement)).ToList();
        Assert.Equal([high.Id, low.Id, high.Id, low.Id], claims.Select(c => c.Item1).ToArray());
        var first = claims[1].Item2;
        Assert.Equal((1, "t\"quoted\"", "w1"), (first.GetProperty("attempt").GetInt32(),
            first.GetProperty("task").GetString(), first.GetProperty("worker_id").GetString()));
        Assert.False(first.TryGetProperty("error", out _));
        Assert.Equal(JsonValueKind.Null, claims[0].Item2.GetProperty("task").ValueKind);
        var again = claims[3].Item2;
        Assert.Equal((2, "w\u00e9"), (again.GetProperty("attempt").GetInt32(), again.GetProperty("worker_id").GetString()));
        Assert.Contains("lease expired", again.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Release_cancel_rescue_and_missed_are_announced()
    {
        var released = await EnqueueOneAsync();
        var claimed = await ClaimOneAsync("w1");
        await Store.ReleaseExecutionAsync(new ReleaseExecutionParams(TenantA, claimed.Id, "w1", null, Now), Ct);
        await Store.CancelExecutionAsync(new CancelExecutionParams(TenantA, released.Id, null, "stop", Force: true, Now), Ct);
        var expiring = await EnqueueOneAsync(NewExecution(expiresAt: Now.AddSeconds(5)));
        var abandoned = await EnqueueOneAsync(NewExecution(maxAttempts: 1));
        await Store.ClaimExecutionsAsync(new ClaimExecutionsParams(TenantA, "w1", ClaimFilter.Any, 5, 1, abandoned.Id, Now), Ct);
        Time.Advance(TimeSpan.FromSeconds(5));
        await Store.RescueExpiredLeasesAsync(new RescueExpiredLeasesParams(Now: Now), Ct);
        await Store.MarkMissedExecutionsAsync(new MarkMissedExecutionsParams(Now: Now), Ct);

        var types = (await ReadAllEventsAsync()).Select(e => (e.ExecutionId, e.Type)).ToList();
        Assert.Contains((released.Id, EventTypes.ExecutionReleased), types);
        Assert.Contains((released.Id, EventTypes.ExecutionCancelled), types);
        Assert.Contains((abandoned.Id, EventTypes.ExecutionFailed), types);
        Assert.Contains((expiring.Id, EventTypes.ExecutionMissed), types);
    }

    [Fact]
    public async Task Events_are_filtered_and_kept_per_tenant()
    {
        var a = await EnqueueOneAsync(NewExecution(runId: "r1", queue: "q1"));
        await EnqueueOneAsync(NewExecution(runId: "r2"));
        await Store.EnqueueExecutionsAsync(new EnqueueExecutionsParams(TenantB, [NewExecution(runId: "r1")], Now), Ct);
        await ClaimOneAsync(filter: new ClaimFilter { RunId = "r1" });

        Assert.Equal(3, (await ReadAllEventsAsync()).Count);
        Assert.Single(await ReadAllEventsAsync(TenantB));
        Assert.Equal(2, (await ReadAllEventsAsync(filter: new EventFilter { RunId = "r1" })).Count);
        Assert.Equal(2, (await ReadAllEventsAsync(filter: new EventFilter { ExecutionId = a.Id })).Count);
        Assert.Equal(2, (await ReadAllEventsAsync(filter: new EventFilter { Queue = "q1" })).Count);
        Assert.Single(await ReadAllEventsAsync(filter: new EventFilter { Types = [EventTypes.ExecutionClaimed] }));
    }

    [Fact]
    public async Task A_cursor_the_store_did_not_hand_out_is_refused()
    {
        await ThrowsDomainAsync("invalid_cursor", () =>
            Store.ReadEventsAsync(new ReadEventsParams(TenantA, "not-a-cursor", EventFilter.All), Ct));
    }

    [Fact]
    public async Task Readers_racing_many_writers_see_every_event_exactly_once_and_each_execution_in_order()
    {
        const int writers = 8;
        const int executionsPerWriter = 25;
        var stores = new List<IBatonStore>();
        for (var i = 0; i < writers + 2; i++) stores.Add(await OpenStoreAsync());
        using var done = new CancellationTokenSource();

        var readers = Enumerable.Range(0, 2).Select(r => Task.Run(async () =>
        {
            var seen = new List<BatonEvent>();
            string? cursor = null;
            while (true)
            {
                var finished = done.IsCancellationRequested;
                var page = await stores[writers + r].ReadEventsAsync(new ReadEventsParams(TenantA, cursor, EventFilter.All, 7), Ct);
                seen.AddRange(page.Events);
                cursor = page.NextCursor;
                if (page.Events.Count == 0 && finished) return seen;
            }
        }, Ct)).ToArray();

        // Each writer runs its own executions through the life cycle while the others do the same.
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var store = stores[w];
            for (var i = 0; i < executionsPerWriter; i++)
            {
                var e = (await store.EnqueueExecutionsAsync(
                    new EnqueueExecutionsParams(TenantA, [NewExecution("w" + w, backoff: [0])], Now), Ct)).Executions[0];
                var claimed = Assert.Single(await store.ClaimExecutionsAsync(
                    new ClaimExecutionsParams(TenantA, "w" + w, ClaimFilter.Any, 60, 1, e.Id, Now), Ct));
                await ReportAsync(claimed, success: i % 3 != 0, store: store);
            }
        }, Ct)));
        await done.CancelAsync();
        var results = await Task.WhenAll(readers);

        var total = await ReadAllEventsAsync(pageSize: 1000);
        Assert.Equal(writers * executionsPerWriter * 3, total.Count);
        foreach (var seen in results)
        {
            Assert.Equal(total.Select(e => e.Id), seen.Select(e => e.Id)); // all of them, once each, in stream order
            foreach (var perExecution in seen.GroupBy(e => e.ExecutionId))
            {
                var types = perExecution.Select(e => e.Type).ToArray();
                Assert.Equal(EventTypes.ExecutionCreated, types[0]);
                Assert.Equal(EventTypes.ExecutionClaimed, types[1]);
            }
        }
    }
}
