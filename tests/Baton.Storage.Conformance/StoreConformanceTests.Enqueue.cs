using Baton.Core.Events;
using Baton.Core.Executions;
using Baton.Core.Storage;
using Xunit;

namespace Baton.Storage.Conformance;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task An_enqueued_execution_round_trips_every_field()
    {
        var e = NewExecution("build", priority: 7, queue: "ci", runId: "run-9", agent: "coder", tags: ["a", "b"],
            maxAttempts: 4, expiresAt: Now.AddHours(1), backoff: [5, 10]) with
        { Title = "Build it", CueId = "cue_abc" };
        var stored = await EnqueueOneAsync(e);

        var read = await GetAsync(e.Id);
        Assert.Equal(stored, read with { Tags = stored.Tags, BackoffSeconds = stored.BackoffSeconds });
        Assert.Equal(e.Id, read.Id);
        Assert.Equal(ExecutionStatus.Pending, read.Status);
        Assert.Equal(("build", 7, "ci", "run-9", "coder"), (read.Task, read.Priority, read.Queue, read.RunId, read.Agent));
        Assert.Equal(["a", "b"], read.Tags);
        Assert.Equal([5, 10], read.BackoffSeconds);
        Assert.Equal(("Build it", "cue_abc", 4, 0), (read.Title, read.CueId, read.MaxAttempts, read.Attempts));
        Assert.Equal(e.ScheduledFor, read.ScheduledFor);
        Assert.Equal(e.ScheduledFor, read.AvailableAt);
        Assert.Equal(Now.AddHours(1), read.ExpiresAt);
        Assert.Equal(e.PayloadJson, read.PayloadJson);
        Assert.Equal(TriggeredBy.Api, read.TriggeredBy);
        Assert.Equal(Now, read.CreatedAt);
        Assert.Null(read.Outcome);
    }

    [Fact]
    public async Task A_batch_keeps_each_rows_own_tags_and_backoff_and_its_request_order_in_rows_and_events()
    {
        string[][] tags = [[], ["x"], ["a", "b", "c"], [], ["last"]];
        int[][] backoff = [[1], [2, 3], [4, 5, 6], [7], [8, 9]];
        var batch = tags.Select((t, i) => NewExecution("t" + i, tags: t, backoff: backoff[i])).ToArray();

        var stored = await EnqueueAsync(batch);

        Assert.Equal(batch.Select(e => e.Id), stored.Select(e => e.Id));
        Assert.Equal(stored.OrderBy(e => e.Sequence).Select(e => e.Id), stored.Select(e => e.Id));
        for (var i = 0; i < batch.Length; i++)
        {
            var read = await GetAsync(batch[i].Id);
            Assert.Equal(tags[i], read.Tags);
            Assert.Equal(backoff[i], read.BackoffSeconds);
            Assert.Equal("t" + i, read.Task);
        }

        var created = (await ReadAllEventsAsync()).Where(ev => ev.Type == EventTypes.ExecutionCreated).ToList();
        Assert.Equal(batch.Select(e => (Guid?)e.Id), created.Select(ev => ev.ExecutionId));
    }

    [Fact]
    public async Task A_batch_with_keys_stores_each_key_and_a_repeated_key_in_the_same_batch_returns_the_first_row()
    {
        var result = await Store.EnqueueExecutionsAsync(new EnqueueExecutionsParams(TenantA,
        [
            NewExecution("a", idempotencyKey: "k1", requestHash: "h1"), NewExecution("b"),
            NewExecution("a", idempotencyKey: "k1", requestHash: "h1"),
        ], Now), Ct);

        Assert.Equal([false, false, true], result.Existing);
        Assert.Equal(result.Executions[0].Id, result.Executions[2].Id);
        Assert.Equal("k1", (await GetAsync(result.Executions[0].Id)).IdempotencyKey);
        Assert.Equal(2, (await Store.ListExecutionsAsync(new ListExecutionsParams(TenantA), Ct)).Total);
        var created = (await ReadAllEventsAsync()).Where(ev => ev.Type == EventTypes.ExecutionCreated).ToList();
        Assert.Equal([result.Executions[0].Id, result.Executions[1].Id], created.Select(ev => ev.ExecutionId!.Value));
    }

    [Fact]
    public async Task The_same_idempotency_key_and_request_returns_the_same_execution()
    {
        var first = await Store.EnqueueExecutionsAsync(new EnqueueExecutionsParams(TenantA,
            [NewExecution(idempotencyKey: "k1", requestHash: "h1")], Now), Ct);
        var again = await Store.EnqueueExecutionsAsync(new EnqueueExecutionsParams(TenantA,
            [NewExecution(idempotencyKey: "k1", requestHash: "h1")], Now), Ct);

        Assert.Equal([false], first.Existing);
        Assert.Equal([true], again.Existing);
        Assert.Equal(first.Executions[0].Id, again.Executions[0].Id);
        Assert.Equal(1, (await Store.ListExecutionsAsync(new ListExecutionsParams(TenantA), Ct)).Total);

        // Keys are per tenant.
        var other = await Store.EnqueueExecutionsAsync(new EnqueueExecutionsParams(TenantB,
            [NewExecution(idempotencyKey: "k1", requestHash: "h1")], Now), Ct);
        Assert.Equal([false], other.Existing);
    }

    [Fact]
    public async Task A_reused_idempotency_key_with_a_different_request_conflicts_and_the_whole_batch_stores_nothing()
    {
        await Store.EnqueueExecutionsAsync(new EnqueueExecutionsParams(TenantA,
            [NewExecution(idempotencyKey: "k1", requestHash: "h1")], Now), Ct);

        await ThrowsDomainAsync("idempotency_key_conflict", () => Store.EnqueueExecutionsAsync(
            new EnqueueExecutionsParams(TenantA,
                [NewExecution(), NewExecution(idempotencyKey: "k1", requestHash: "h2"), NewExecution()], Now), Ct));

        Assert.Equal(1, (await Store.ListExecutionsAsync(new ListExecutionsParams(TenantA), Ct)).Total);
    }

    [Fact]
    public async Task Listing_filters_pages_newest_first_and_counts_by_status_without_the_status_filter()
    {
        await EnqueueAsync(NewExecution("a", runId: "r1", tags: ["x"]), NewExecution("a", runId: "r1"),
            NewExecution("b", runId: "r1"), NewExecution("a", runId: "r2"));
        var claimed = await ClaimOneAsync(filter: new ClaimFilter { RunId = "r1" });
        await ReportAsync(claimed, success: true);

        var run = await Store.ListExecutionsAsync(new ListExecutionsParams(TenantA) { RunId = "r1" }, Ct);
        Assert.Equal(3, run.Total);
        Assert.Equal(2, run.Counts.Pending);
        Assert.Equal(1, run.Counts.Success);
        Assert.True(run.Items[0].Sequence > run.Items[1].Sequence);

        var pendingA = await Store.ListExecutionsAsync(new ListExecutionsParams(TenantA)
        {
            RunId = "r1",
            Task = "a",
            Statuses = [ExecutionStatus.Pending],
        }, Ct);
        Assert.Equal(1, pendingA.Total);
        Assert.Equal(1, pendingA.Counts.Success); // counts ignore the status filter

        var tagged = await Store.ListExecutionsAsync(new ListExecutionsParams(TenantA) { Tag = "x" }, Ct);
        Assert.Equal(1, tagged.Total);

        var paged = await Store.ListExecutionsAsync(new ListExecutionsParams(TenantA) { Limit = 2, Offset = 2 }, Ct);
        Assert.Equal(2, paged.Items.Count);
        Assert.Equal(4, paged.Total);

        var byWorker = await Store.ListExecutionsAsync(new ListExecutionsParams(TenantA) { WorkerId = "w1" }, Ct);
        Assert.Equal(claimed.Id, Assert.Single(byWorker.Items).Id);
    }

    [Fact]
    public async Task Queue_stats_count_open_work_and_the_oldest_due_age()
    {
        await EnqueueOneAsync(NewExecution(scheduledFor: Now.AddSeconds(-30)));
        await EnqueueOneAsync();
        await EnqueueOneAsync(NewExecution(scheduledFor: Now.AddHours(1)));
        await ClaimOneAsync();

        var stats = await Store.GetQueueStatsAsync(new GetQueueStatsParams(Now), Ct);
        Assert.Equal((2L, 1L, 0L), (stats.Pending, stats.Delivering, stats.Retrying));
        Assert.Equal(0, stats.OldestPendingAgeSeconds);
    }
}
