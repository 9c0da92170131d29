using Baton.Core.Executions;
using Baton.Core.Storage;
using Xunit;

namespace Baton.Storage.Conformance;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task An_abandoned_claim_comes_back_with_its_attempt_counted_and_fails_after_max_attempts()
    {
        var e = await EnqueueOneAsync(NewExecution(maxAttempts: 2));
        await ClaimOneAsync("w1", lease: 30);

        Time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(0, (await Store.RescueExpiredLeasesAsync(new RescueExpiredLeasesParams(Now: Now), Ct)).Requeued);

        Time.Advance(TimeSpan.FromSeconds(1));
        var first = await Store.RescueExpiredLeasesAsync(new RescueExpiredLeasesParams(Now: Now), Ct);
        Assert.Equal((1, 0), (first.Requeued, first.Failed));
        Assert.Equal([ExecutionRef.Of(e) with { Status = ExecutionStatus.Pending }], first.Changed);
        var back = await GetAsync(e.Id);
        Assert.Equal(ExecutionStatus.Pending, back.Status);
        Assert.Equal(1, back.Attempts);
        Assert.Null(back.ClaimToken);

        await ClaimOneAsync("w2", lease: 30);
        Time.Advance(TimeSpan.FromSeconds(30));
        var second = await Store.RescueExpiredLeasesAsync(new RescueExpiredLeasesParams(Now: Now), Ct);
        Assert.Equal((0, 1), (second.Requeued, second.Failed));
        var failed = await GetAsync(e.Id);
        Assert.Equal(ExecutionStatus.Failed, failed.Status);
        Assert.Equal(2, failed.Attempts);
        Assert.Contains("lease expired", failed.ErrorMessage, StringComparison.Ordinal);
        Assert.NotNull(failed.FinishedAt);
    }

    [Fact]
    public async Task A_completion_racing_the_lease_rescuer_is_never_lost_or_flipped()
    {
        var rescuerStore = await OpenStoreAsync();
        var reporterStore = await OpenStoreAsync();
        for (var round = 0; round < 20; round++)
        {
            await EnqueueAsync([.. Enumerable.Range(0, 25).Select(_ => NewExecution(maxAttempts: 5))]);
            var claimed = await ClaimAsync("w1", limit: 25, lease: 30);
            Time.Advance(TimeSpan.FromSeconds(30)); // every lease is now exactly expired: both sides may act

            var reports = claimed.Select(e => Task.Run(() => ReportAsync(e, success: true, store: reporterStore), Ct)).ToList();
            var rescue = Task.Run(() => rescuerStore.RescueExpiredLeasesAsync(new RescueExpiredLeasesParams(Now: Now), Ct), Ct);
            var results = await Task.WhenAll(reports);
            await rescue;
            await Store.RescueExpiredLeasesAsync(new RescueExpiredLeasesParams(Now: Now), Ct);

            foreach (var result in results)
            {
                var row = await GetAsync(result.ExecutionId);
                if (result.Error is null)
                {
                    Assert.Equal(ExecutionStatus.Success, row.Status); // acknowledged, so it must stay recorded
                    Assert.True(row.Outcome!.Success);
                }
                else
                {
                    Assert.Equal("claim_lost", result.Error.Code);
                    Assert.Equal(ExecutionStatus.Pending, row.Status);
                    Assert.Null(row.Outcome);
                }
            }

            // Leave nothing claimable for the next round.
            foreach (var e in await ClaimAsync("cleanup", limit: 100))
            {
                Assert.Null((await ReportAsync(e, success: true)).Error);
            }
        }
    }

    [Fact]
    public async Task An_execution_not_claimed_within_its_window_becomes_missed_and_is_not_claimable()
    {
        var missed = await EnqueueOneAsync(NewExecution(expiresAt: Now.AddSeconds(60)));
        var open = await EnqueueOneAsync(NewExecution(expiresAt: Now.AddSeconds(600)));

        Time.Advance(TimeSpan.FromSeconds(60));
        // Past its window it is no longer claimable, even before the loop marks it.
        Assert.Equal(open.Id, (await ClaimOneAsync()).Id);
        var marked = await Store.MarkMissedExecutionsAsync(new MarkMissedExecutionsParams(Now: Now), Ct);

        Assert.Equal([ExecutionRef.Of(missed) with { Status = ExecutionStatus.Missed }], marked);
        var row = await GetAsync(missed.Id);
        Assert.Equal(ExecutionStatus.Missed, row.Status);
        Assert.NotNull(row.FinishedAt);
        Assert.Equal(ExecutionStatus.Delivering, (await GetAsync(open.Id)).Status);
    }

    [Fact]
    public async Task The_unclaimed_window_does_not_strand_work_that_was_already_claimed()
    {
        var retried = await EnqueueOneAsync(NewExecution(expiresAt: Now.AddSeconds(30), backoff: [60]));
        var rescued = await EnqueueOneAsync(NewExecution(expiresAt: Now.AddSeconds(30)));
        var failedOnce = await ClaimOneAsync("w1");
        await ReportAsync(failedOnce, success: false); // next retry at +60 s, after the window closes
        await ClaimOneAsync("w2", lease: 10);

        Time.Advance(TimeSpan.FromSeconds(60));
        await Store.RescueExpiredLeasesAsync(new RescueExpiredLeasesParams(Now: Now), Ct);
        Assert.Empty(await Store.MarkMissedExecutionsAsync(new MarkMissedExecutionsParams(Now: Now), Ct));

        var again = await ClaimAsync("w3", limit: 5);
        Assert.Equal(new[] { retried.Id, rescued.Id }.Order(), again.Select(e => e.Id).Order());
        Assert.All(again, e => Assert.Equal(2, e.Attempts));
    }

    [Fact]
    public async Task Pruning_removes_only_executions_finished_before_the_cutoff()
    {
        await EnqueueAsync(NewExecution(), NewExecution(), NewExecution());
        var batch = await ClaimAsync(limit: 2);
        await ReportAsync(batch[0], success: true);
        Time.Advance(TimeSpan.FromDays(8));
        await ReportAsync(batch[1], success: true);

        var pruned = await Store.PruneExecutionsAsync(new PruneExecutionsParams(Now.AddDays(-7), Now.AddDays(-1)), Ct);

        Assert.Equal(1, pruned);
        Assert.Null(await Store.GetExecutionAsync(new GetExecutionParams(TenantA, batch[0].Id), Ct));
        Assert.Equal(2, (await Store.ListExecutionsAsync(new ListExecutionsParams(TenantA), Ct)).Total);
    }

    [Fact]
    public async Task Tenants_with_work_that_just_became_due_are_listed_for_wake_ups()
    {
        await EnqueueOneAsync(NewExecution(scheduledFor: Now.AddSeconds(10)));
        await EnqueueOneAsync(NewExecution(scheduledFor: Now.AddSeconds(100)));

        Assert.Empty(await Store.ListTenantsWithWorkDueAsync(new ListTenantsWithWorkDueParams(Now, Now.AddSeconds(9)), Ct));
        Assert.Equal([TenantA],
            await Store.ListTenantsWithWorkDueAsync(new ListTenantsWithWorkDueParams(Now.AddSeconds(9), Now.AddSeconds(10)), Ct));
    }

    [Fact]
    public async Task A_worker_heartbeat_that_says_what_it_holds_leaves_a_claim_of_an_earlier_run_to_run_out()
    {
        // One run of worker w1 claimed two, crashed, and was started again under the same id; the new run holds one
        // new claim. Its heartbeats must not keep the crashed run's claims alive.
        await EnqueueAsync(NewExecution(), NewExecution(), NewExecution());
        var leftBehind = await ClaimAsync("w1", limit: 2, lease: 60);
        var held = Assert.Single(await ClaimAsync("w1", limit: 1, lease: 60));

        Time.Advance(TimeSpan.FromSeconds(50));
        var beat = await Store.RecordWorkerHeartbeatAsync(
            new RecordWorkerHeartbeatParams(TenantA, "w1", ["t"], null, null, Now) { Holding = [held.Id] }, Ct);
        Assert.Equal(1, beat.LeasesExtended);

        Time.Advance(TimeSpan.FromSeconds(20));
        var rescued = await Store.RescueExpiredLeasesAsync(new RescueExpiredLeasesParams(Now: Now), Ct);
        Assert.Equal(leftBehind.Select(e => e.Id).Order(), rescued.Changed.Select(e => e.Id).Order());
        Assert.Equal(ExecutionStatus.Delivering, (await GetAsync(held.Id)).Status);

        // An empty list extends nothing; a list with another worker's execution does not take it over.
        Time.Advance(TimeSpan.FromSeconds(50));
        Assert.Equal(0, (await Store.RecordWorkerHeartbeatAsync(
            new RecordWorkerHeartbeatParams(TenantA, "w2", null, null, null, Now) { Holding = [held.Id] }, Ct)).LeasesExtended);
        Assert.Equal(0, (await Store.RecordWorkerHeartbeatAsync(
            new RecordWorkerHeartbeatParams(TenantA, "w1", null, null, null, Now) { Holding = [] }, Ct)).LeasesExtended);
    }

    [Fact]
    public async Task A_worker_heartbeat_extends_every_lease_it_holds_and_is_listed_with_its_claims()
    {
        await EnqueueAsync(NewExecution(), NewExecution(), NewExecution());
        await ClaimAsync("w1", limit: 2, lease: 60);
        await ClaimAsync("w2", limit: 1, lease: 60);

        Time.Advance(TimeSpan.FromSeconds(50));
        var beat = await Store.RecordWorkerHeartbeatAsync(
            new RecordWorkerHeartbeatParams(TenantA, "w1", ["t", "u"], "1.0", "box", Now), Ct);
        Assert.Equal(2, beat.LeasesExtended);

        Time.Advance(TimeSpan.FromSeconds(20));
        var rescued = await Store.RescueExpiredLeasesAsync(new RescueExpiredLeasesParams(Now: Now), Ct);
        Assert.Equal(1, rescued.Requeued); // only w2's lease ran out

        var workers = await Store.ListWorkersAsync(new ListWorkersParams(TenantA), Ct);
        var w1 = Assert.Single(workers);
        Assert.Equal(["t", "u"], w1.Handlers);
        Assert.Equal(2, w1.ClaimedCount);
        Assert.Empty(await Store.ListWorkersAsync(new ListWorkersParams(TenantB), Ct));

        // A heartbeat without handlers keeps the old list.
        await Store.RecordWorkerHeartbeatAsync(new RecordWorkerHeartbeatParams(TenantA, "w1", null, null, null, Now), Ct);
        Assert.Equal(["t", "u"], Assert.Single(await Store.ListWorkersAsync(new ListWorkersParams(TenantA), Ct)).Handlers);

        Assert.False(await Store.DeleteWorkerAsync(new DeleteWorkerParams(TenantB, "w1"), Ct));
        Assert.True(await Store.DeleteWorkerAsync(new DeleteWorkerParams(TenantA, "w1"), Ct));
        Assert.Empty(await Store.ListWorkersAsync(new ListWorkersParams(TenantA), Ct));
    }

    [Fact]
    public async Task A_workers_state_is_what_its_last_heartbeat_said_and_an_ordinary_heartbeat_says_running()
    {
        await Store.RecordWorkerHeartbeatAsync(new RecordWorkerHeartbeatParams(TenantA, "w1", ["t"], null, null, Now), Ct);
        Assert.Equal("running", Assert.Single(await Store.ListWorkersAsync(new ListWorkersParams(TenantA), Ct)).State);

        await Store.RecordWorkerHeartbeatAsync(new RecordWorkerHeartbeatParams(TenantA, "w1", null, null, null, Now, "stopping"), Ct);
        Assert.Equal("stopping", Assert.Single(await Store.ListWorkersAsync(new ListWorkersParams(TenantA), Ct)).State);
        await Store.RecordWorkerHeartbeatAsync(new RecordWorkerHeartbeatParams(TenantA, "w1", null, null, null, Now, "stopped"), Ct);
        Assert.Equal("stopped", Assert.Single(await Store.ListWorkersAsync(new ListWorkersParams(TenantA), Ct)).State);

        // Started again: its first heartbeat is a running one.
        await Store.RecordWorkerHeartbeatAsync(new RecordWorkerHeartbeatParams(TenantA, "w1", ["t"], null, null, Now), Ct);
        Assert.Equal("running", Assert.Single(await Store.ListWorkersAsync(new ListWorkersParams(TenantA), Ct)).State);
    }
}
