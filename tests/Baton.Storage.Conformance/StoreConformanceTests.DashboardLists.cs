using Baton.Core.Alerts;
using Baton.Core.Cues;
using Baton.Core.Dashboard;
using Baton.Core.Storage;
using Xunit;

namespace Baton.Storage.Conformance;

// The dashboard's runs, cues and alerts lists page by keyset: every row exactly once, in list order, with the
// tenant's count on every page and nothing of another tenant.
public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task Run_slices_page_through_every_run_once_by_latest_activity_then_id_even_when_times_tie()
    {
        // Seven runs active at the same instant (the id breaks the tie), two active a minute later.
        var tied = Enumerable.Range(0, 7).Select(i => $"run-{i}").ToList();
        foreach (var run in Enumerable.Reverse(tied)) await EnqueueOneAsync(NewExecution(runId: run));
        await EnqueueOneAsync(NewExecution(runId: "run-3"));
        await Store.EnqueueExecutionsAsync(new EnqueueExecutionsParams(TenantB, [NewExecution(runId: "other-tenant")], Now), Ct);
        Time.Advance(TimeSpan.FromMinutes(1));
        await EnqueueOneAsync(NewExecution(runId: "late-b"));
        await EnqueueOneAsync(NewExecution(runId: "late-a"));

        var (seen, totals, pages) = await PageAllAsync<RunCursor>(async after =>
        {
            var slice = await Store.ListRunSliceAsync(new ListRunSliceParams(TenantA, after, 2), Ct);
            return (slice.Items.Select(r => r.RunId), slice.Total, slice.Next);
        });

        Assert.Equal(["late-a", "late-b", .. tied], seen);
        Assert.All(totals, t => Assert.Equal(9, t));
        Assert.Equal(5, pages);
        var first = await Store.ListRunSliceAsync(new ListRunSliceParams(TenantA, null, 9), Ct);
        Assert.Null(first.Next);
        Assert.Equal(2, first.Items.Single(r => r.RunId == "run-3").Total);
        var pastTheEnd = await Store.ListRunSliceAsync(new ListRunSliceParams(TenantA, new RunCursor(Now.AddYears(-1), "z"), 2), Ct);
        Assert.Equal((0, 9L), (pastTheEnd.Items.Count, pastTheEnd.Total));
    }

    [Fact]
    public async Task Cue_slices_page_through_every_cue_once_newest_first()
    {
        var created = new List<string>();
        for (var i = 0; i < 5; i++) created.Add((await CreateCueAsync($"cue-{i}")).Id);
        await CreateCueAsync("theirs", tenant: TenantB);
        await Store.DeleteCueAsync(new DeleteCueParams(TenantA, created[2]), Ct);
        created.RemoveAt(2);

        var (seen, totals, pages) = await PageAllAsync<long?>(async before =>
        {
            var slice = await Store.ListCueSliceAsync(new ListCueSliceParams(TenantA, before, 2), Ct);
            return (slice.Items.Select(c => c.Id), slice.Total, slice.NextBeforeSequence);
        });

        Assert.Equal(Enumerable.Reverse(created), seen);
        Assert.All(totals, t => Assert.Equal(4, t));
        Assert.Equal(2, pages);
    }

    [Fact]
    public async Task Alert_slices_page_through_every_alert_once_newest_first()
    {
        var raised = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            var alert = new NewAlert(TenantA, null, Guid.CreateVersion7(), AlertTypes.VerificationFailed, AlertTypes.Critical, $"alert {i}");
            await Store.ApplyCueEffectsAsync(new ApplyCueEffectsParams(TenantA, 100 + i, alert.ExecutionId, null,
                new CueEffectPlan { Alerts = [alert] }, Now), Ct);
            raised.Add(alert.ExecutionId!.Value);
        }

        var theirs = new NewAlert(TenantB, null, Guid.CreateVersion7(), AlertTypes.VerificationFailed, AlertTypes.Critical, "theirs");
        await Store.ApplyCueEffectsAsync(new ApplyCueEffectsParams(TenantB, 200, theirs.ExecutionId, null,
            new CueEffectPlan { Alerts = [theirs] }, Now), Ct);

        var (seen, totals, pages) = await PageAllAsync<long?>(async before =>
        {
            var slice = await Store.ListAlertSliceAsync(new ListAlertSliceParams(TenantA, before, 2), Ct);
            return (slice.Items.Select(a => a.ExecutionId!.Value.ToString("D")), slice.Total, slice.NextBeforeSequence);
        });

        Assert.Equal(Enumerable.Reverse(raised).Select(id => id.ToString("D")), seen);
        Assert.All(totals, t => Assert.Equal(5, t));
        Assert.Equal(3, pages);
    }

    /// <summary>Reads pages from the first until one says there is no next: the ids in order, each page's total, the page count.</summary>
    private static async Task<(List<string> Seen, List<long> Totals, int Pages)> PageAllAsync<TCursor>(
        Func<TCursor?, Task<(IEnumerable<string> Ids, long Total, TCursor? Next)>> read)
    {
        var seen = new List<string>();
        var totals = new List<long>();
        TCursor? cursor = default;
        do
        {
            var (ids, total, next) = await read(cursor);
            seen.AddRange(ids);
            totals.Add(total);
            cursor = next;
            Assert.True(totals.Count < 100, "the pages never ended");
        }
        while (cursor is not null);

        return (seen, totals, totals.Count);
    }
}
