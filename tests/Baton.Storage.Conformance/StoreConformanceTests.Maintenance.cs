using Baton.Core.Executions;
using Baton.Core.Storage;
using Xunit;

namespace Baton.Storage.Conformance;

public abstract partial class StoreConformanceTests
{
    private Task<MaintenanceSchedule> ScheduleAsync(DateTimeOffset dueAfter) =>
        Store.GetMaintenanceScheduleAsync(
            new GetMaintenanceScheduleParams(dueAfter, Now - TimeSpan.FromDays(7), Now - TimeSpan.FromDays(1), Now), Ct);

    [Fact]
    public async Task The_maintenance_schedule_of_an_empty_store_has_nothing_due_ever()
    {
        Assert.Equal(new MaintenanceSchedule(false, null, false, null, null, false), await ScheduleAsync(Now));
    }

    [Fact]
    public async Task The_maintenance_schedule_names_the_next_lease_expiry_and_then_reports_it_expired()
    {
        await EnqueueAsync(NewExecution(), NewExecution());
        var first = await ClaimOneAsync("w1", lease: 30);
        await ClaimOneAsync("w2", lease: 90);

        var before = await ScheduleAsync(Now);
        Assert.False(before.LeasesExpired);
        Assert.Equal(first.LeaseExpiresAt, before.NextLeaseExpiry);

        Time.Advance(TimeSpan.FromSeconds(30)); // the first lease is exactly expired: the rescuer's <= applies
        var after = await ScheduleAsync(Now);
        Assert.True(after.LeasesExpired);
        Assert.Equal(Now + TimeSpan.FromSeconds(60), after.NextLeaseExpiry);
    }

    [Fact]
    public async Task The_maintenance_schedule_names_the_next_unclaimed_window_close_only_for_never_claimed_work()
    {
        await EnqueueOneAsync(NewExecution(task: "claimed", expiresAt: Now.AddSeconds(10)));
        await ClaimOneAsync("w1", new ClaimFilter { Tasks = ["claimed"] });
        await EnqueueOneAsync(NewExecution(task: "waiting", expiresAt: Now.AddSeconds(20)));

        var before = await ScheduleAsync(Now);
        Assert.False(before.WindowsClosed);
        Assert.Equal(Now.AddSeconds(20), before.NextWindowClose);

        Time.Advance(TimeSpan.FromSeconds(20));
        var after = await ScheduleAsync(Now);
        Assert.True(after.WindowsClosed);
        Assert.Null(after.NextWindowClose);
    }

    [Fact]
    public async Task The_maintenance_schedule_names_the_first_work_that_becomes_available_after_the_last_due_check()
    {
        await EnqueueOneAsync(NewExecution(scheduledFor: Now)); // available already: not the loop's business
        await EnqueueOneAsync(NewExecution(scheduledFor: Now.AddMinutes(5)));
        await EnqueueOneAsync(NewExecution(scheduledFor: Now.AddMinutes(2)));

        Assert.Equal(Now.AddMinutes(2), (await ScheduleAsync(Now)).NextAvailable);
        Assert.Equal(Now.AddMinutes(5), (await ScheduleAsync(Now.AddMinutes(2))).NextAvailable);
        Assert.Null((await ScheduleAsync(Now.AddMinutes(5))).NextAvailable);
    }

    [Fact]
    public async Task The_maintenance_schedule_reports_finished_work_past_retention_as_something_to_prune()
    {
        await EnqueueOneAsync();
        await ReportAsync(await ClaimOneAsync(), success: true);
        Assert.False((await ScheduleAsync(Now)).AnythingToPrune);

        Time.Advance(TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1));
        Assert.True((await ScheduleAsync(Now)).AnythingToPrune);
    }

    [Fact]
    public async Task A_scheduler_pass_names_the_next_slot_still_ahead_so_the_scheduler_can_sleep_until_it()
    {
        Assert.Null((await FireDueAsync()).NextRun);
        await CreateCueAsync("every-five"); // first slot at Now + 5 min

        Assert.Equal(Now.AddMinutes(5), (await FireDueAsync()).NextRun);

        Time.Advance(TimeSpan.FromMinutes(5));
        var pass = await FireDueAsync();
        Assert.Single(pass.Fired);
        Assert.Equal(Now.AddMinutes(5), pass.NextRun); // this pass's own advance counts
    }
}
