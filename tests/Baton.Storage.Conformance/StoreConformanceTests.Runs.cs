using Baton.Core.Storage;
using Xunit;

namespace Baton.Storage.Conformance;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task A_run_counts_its_executions_by_status_and_is_done_only_when_all_have_finished()
    {
        Assert.Equal(0, (await Store.GetRunAsync(new GetRunParams(TenantA, "r1"), Ct)).Total);

        await EnqueueAsync(NewExecution(runId: "r1"), NewExecution(runId: "r1"), NewExecution(runId: "other"));
        var claimed = await ClaimAsync(filter: new() { RunId = "r1" }, limit: 2);
        await ReportAsync(claimed[0], success: true);

        var partway = await Store.GetRunAsync(new GetRunParams(TenantA, "r1"), Ct);
        Assert.Equal((2L, 1L, 1L, false), (partway.Total, partway.Counts.Success, partway.Counts.Delivering, partway.Done));

        Time.Advance(TimeSpan.FromSeconds(5));
        await ReportAsync(claimed[1], success: false, retryable: false);
        var done = await Store.GetRunAsync(new GetRunParams(TenantA, "r1"), Ct);
        Assert.True(done.Done);
        Assert.Equal(Now, done.LastFinishedAt);
        Assert.Equal(0, (await Store.GetRunAsync(new GetRunParams(TenantB, "r1"), Ct)).Total);
    }

    [Fact]
    public async Task Runs_are_listed_most_recently_active_first_and_paged()
    {
        await EnqueueOneAsync(NewExecution(runId: "old"));
        Time.Advance(TimeSpan.FromSeconds(1));
        await EnqueueOneAsync(NewExecution(runId: "new"));
        Time.Advance(TimeSpan.FromSeconds(1));
        await EnqueueOneAsync(NewExecution(runId: "middle"));
        Time.Advance(TimeSpan.FromSeconds(1));
        var touched = await ClaimOneAsync(filter: new() { RunId = "old" }); // activity moves "old" to the front
        Assert.Equal("old", touched.RunId);
        await EnqueueOneAsync(NewExecution(runId: null));

        var all = await Store.ListRunsAsync(new ListRunsParams(TenantA), Ct);
        Assert.Equal(["old", "middle", "new"], all.Runs.Select(r => r.RunId).ToArray());
        Assert.Equal(3, all.Total);

        var second = await Store.ListRunsAsync(new ListRunsParams(TenantA, Limit: 1, Offset: 1), Ct);
        Assert.Equal("middle", Assert.Single(second.Runs).RunId);
        Assert.Empty((await Store.ListRunsAsync(new ListRunsParams(TenantB), Ct)).Runs);
    }
}
