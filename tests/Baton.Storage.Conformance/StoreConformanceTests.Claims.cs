using System.Collections.Concurrent;
using Baton.Core.Executions;
using Baton.Core.Storage;
using Xunit;

namespace Baton.Storage.Conformance;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task Concurrent_claimers_on_separate_connections_claim_every_execution_exactly_once()
    {
        const int executions = 5_000;
        const int claimers = 16;
        for (var i = 0; i < executions; i += 1000)
        {
            await EnqueueAsync([.. Enumerable.Range(0, Math.Min(1000, executions - i)).Select(_ => NewExecution())]);
        }

        var stores = new List<IBatonStore>();
        for (var i = 0; i < claimers; i++) stores.Add(await OpenStoreAsync());

        var claims = new ConcurrentBag<(Guid Id, string Worker, string Token)>();
        using var start = new Barrier(claimers);
        var threads = Enumerable.Range(0, claimers).Select(n => Task.Factory.StartNew(async () =>
        {
            var worker = "w" + n;
            start.SignalAndWait(Ct);
            while (true)
            {
                // Mix single and batch claims, as real workers do.
                var got = await ClaimAsync(worker, limit: 1 + (n % 5) * 3, store: stores[n]);
                if (got.Count == 0) return;
                foreach (var e in got) claims.Add((e.Id, worker, e.ClaimToken!));
            }
        }, Ct, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap()).ToArray();
        await Task.WhenAll(threads);

        Assert.Equal(executions, claims.Count);
        Assert.Equal(executions, claims.Select(c => c.Id).Distinct().Count());
        var page = await Store.ListExecutionsAsync(new ListExecutionsParams(TenantA) { Limit = executions }, Ct);
        Assert.Equal(executions, page.Total);
        var byId = claims.ToDictionary(c => c.Id);
        foreach (var row in page.Items)
        {
            Assert.Equal(ExecutionStatus.Delivering, row.Status);
            Assert.Equal(1, row.Attempts);
            Assert.Equal(byId[row.Id].Worker, row.ClaimedByWorker);
            Assert.Equal(byId[row.Id].Token, row.ClaimToken);
        }
    }

    [Fact]
    public async Task Claims_with_many_filter_shapes_each_take_their_own_match()
    {
        // SQLite keeps a bounded set of prepared claim statements, one per filter shape; go past it.
        const int shapes = 70;
        var rows = await EnqueueAsync([.. Enumerable.Range(0, shapes).Select(i => NewExecution("t" + i))]);

        for (var i = 0; i < shapes; i++)
        {
            var tasks = Enumerable.Range(0, i + 1).Select(n => n == i ? "t" + i : "none" + n).ToList();
            var claimed = await ClaimOneAsync(filter: new ClaimFilter { Tasks = tasks });
            Assert.Equal(rows[i].Id, claimed.Id);
        }

        Assert.Empty(await ClaimAsync(limit: shapes));
    }

    [Fact]
    public async Task Claim_filtered_by_task_gets_the_oldest_match_behind_ten_thousand_older_executions_of_another_task()
    {
        for (var i = 0; i < 10; i++) await EnqueueAsync([.. Enumerable.Range(0, 1000).Select(_ => NewExecution("a"))]);
        var b1 = await EnqueueOneAsync(NewExecution("b"));
        await EnqueueOneAsync(NewExecution("b"));

        var claimable = await Store.ListClaimableAsync(
            new ListClaimableParams(TenantA, new ClaimFilter { Tasks = ["b"] }, 50, Now), Ct);
        Assert.Equal(2, claimable.Count);
        Assert.Equal(b1.Id, claimable[0].Id);

        var claimed = await ClaimOneAsync(filter: new ClaimFilter { Tasks = ["b"] });
        Assert.Equal(b1.Id, claimed.Id);
    }

    [Fact]
    public async Task Claim_order_is_priority_then_scheduled_for_then_creation()
    {
        var t0 = Now.AddMinutes(-10);
        var lowOld = await EnqueueOneAsync(NewExecution(priority: 0, scheduledFor: t0));
        var highLate = await EnqueueOneAsync(NewExecution(priority: 5, scheduledFor: t0.AddMinutes(2)));
        var highEarlySecond = await EnqueueOneAsync(NewExecution(priority: 5, scheduledFor: t0.AddMinutes(1)));
        var highEarlyThird = await EnqueueOneAsync(NewExecution(priority: 5, scheduledFor: t0.AddMinutes(1)));
        var negative = await EnqueueOneAsync(NewExecution(priority: -3, scheduledFor: t0.AddMinutes(-5)));

        var batch = await ClaimAsync(limit: 10);
        Assert.Equal(
            [highEarlySecond.Id, highEarlyThird.Id, highLate.Id, lowOld.Id, negative.Id],
            batch.Select(e => e.Id).ToArray());
    }

    [Fact]
    public async Task A_future_send_at_is_not_claimable_before_it_is_due()
    {
        var later = await EnqueueOneAsync(NewExecution(scheduledFor: Now.AddMinutes(5)));

        Assert.Empty(await ClaimAsync());
        Assert.Empty(await Store.ListClaimableAsync(new ListClaimableParams(TenantA, ClaimFilter.Any, 10, Now), Ct));

        Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(later.Id, (await ClaimOneAsync()).Id);
    }

    [Fact]
    public async Task Claim_filters_by_queue_run_agent_tags_and_any_of_several_tasks()
    {
        var q = await EnqueueOneAsync(NewExecution(queue: "fast"));
        var run = await EnqueueOneAsync(NewExecution(runId: "run-1"));
        var agent = await EnqueueOneAsync(NewExecution(agent: "reviewer"));
        var tagged = await EnqueueOneAsync(NewExecution(tags: ["gpu", "large"]));
        var halfTagged = await EnqueueOneAsync(NewExecution(tags: ["gpu"]));
        var x = await EnqueueOneAsync(NewExecution("x"));
        var y = await EnqueueOneAsync(NewExecution("y"));

        Assert.Equal(q.Id, (await ClaimOneAsync(filter: new ClaimFilter { Queue = "fast" })).Id);
        Assert.Equal(run.Id, (await ClaimOneAsync(filter: new ClaimFilter { RunId = "run-1" })).Id);
        Assert.Equal(agent.Id, (await ClaimOneAsync(filter: new ClaimFilter { Agent = "reviewer" })).Id);
        Assert.Equal(tagged.Id, (await ClaimOneAsync(filter: new ClaimFilter { Tags = ["large", "gpu"] })).Id);
        Assert.Equal(halfTagged.Id, (await ClaimOneAsync(filter: new ClaimFilter { Tags = ["gpu"] })).Id);
        var both = await ClaimAsync(filter: new ClaimFilter { Tasks = ["y", "x"] }, limit: 5);
        Assert.Equal([x.Id, y.Id], both.Select(e => e.Id).ToArray());
        Assert.Empty(await ClaimAsync(filter: new ClaimFilter { RunId = "run-1" }));
    }

    [Fact]
    public async Task A_claim_sets_the_lease_a_fresh_token_and_counts_the_attempt()
    {
        await EnqueueOneAsync();
        await EnqueueOneAsync();
        var batch = await ClaimAsync("w9", limit: 2, lease: 120);

        Assert.Equal(2, batch.Count);
        Assert.All(batch, e =>
        {
            Assert.Equal(ExecutionStatus.Delivering, e.Status);
            Assert.Equal("w9", e.ClaimedByWorker);
            Assert.Equal(1, e.Attempts);
            Assert.Equal(Now.AddSeconds(120), e.LeaseExpiresAt);
            Assert.Matches("^[0-9a-f]{32}$", e.ClaimToken);
        });
        Assert.NotEqual(batch[0].ClaimToken, batch[1].ClaimToken);

        // Claimed again after a release, the same execution gets a token it never had.
        await Store.ReleaseExecutionAsync(new ReleaseExecutionParams(TenantA, batch[0].Id, "w9", batch[0].ClaimToken, Now), Ct);
        var again = Assert.Single(await ClaimAsync("w9", limit: 2, lease: 120));
        Assert.Equal(batch[0].Id, again.Id);
        Assert.Matches("^[0-9a-f]{32}$", again.ClaimToken);
        Assert.DoesNotContain(again.ClaimToken, batch.Select(e => e.ClaimToken));
    }

    [Fact]
    public async Task Claiming_a_named_execution_takes_only_that_one_and_only_while_claimable()
    {
        await EnqueueOneAsync();
        var second = await EnqueueOneAsync();

        var claimed = await Store.ClaimExecutionsAsync(
            new ClaimExecutionsParams(TenantA, "w1", ClaimFilter.Any, 60, 1, second.Id, Now), Ct);
        Assert.Equal(second.Id, Assert.Single(claimed).Id);

        var again = await Store.ClaimExecutionsAsync(
            new ClaimExecutionsParams(TenantA, "w2", ClaimFilter.Any, 60, 1, second.Id, Now), Ct);
        Assert.Empty(again);
    }

    [Fact]
    public async Task Another_tenants_executions_are_invisible()
    {
        var mine = await EnqueueOneAsync();

        Assert.Null(await Store.GetExecutionAsync(new GetExecutionParams(TenantB, mine.Id), Ct));
        Assert.Empty(await ClaimAsync(tenant: TenantB));
        Assert.Equal(0, (await Store.ListExecutionsAsync(new ListExecutionsParams(TenantB), Ct)).Total);
        var claimed = await ClaimOneAsync();
        var refused = Assert.Single(await Store.RecordOutcomesAsync(new RecordOutcomesParams(TenantB,
            [new OutcomeReport { ExecutionId = claimed.Id, Success = true }], false, Now), Ct));
        Assert.Equal("execution_not_found", refused.Error!.Code);
        await ThrowsDomainAsync("execution_not_found", () => Store.CancelExecutionAsync(
            new CancelExecutionParams(TenantB, mine.Id, null, null, Force: true, Now), Ct));
    }
}
