using Baton.Core.Executions;
using Baton.Core.Maintenance;
using Baton.Core.Notifications;
using Baton.Core.Tests.Executions;

namespace Baton.Core.Tests.Notifications;

/// <summary>
/// The publisher applies the rules: a finished row answers the awaits parked on it before anyone is woken, the
/// topics are notified, and a row the maintenance loop needs sooner than planned wakes it.
/// </summary>
public sealed class ChangePublisherTests
{
    private static readonly DateTimeOffset Now = ExecutionExamples.Now;

    private readonly InProcessNotifier _notifier = new();
    private readonly ParkedAwaits _awaits = new();
    private readonly MaintenanceWakeups _wakeups;
    private readonly ChangePublisher _publisher;

    public ChangePublisherTests()
    {
        _wakeups = new MaintenanceWakeups(_notifier);
        _publisher = new ChangePublisher(_notifier, _awaits, _wakeups);
    }

    [Fact]
    public async Task A_finished_execution_is_handed_to_its_parked_awaits_and_wakes_its_topic()
    {
        var done = ExecutionExamples.Succeeded();
        var handOff = _awaits.Park(done.TenantId, done.Id);
        var woken = _notifier.Watch(Topics.Execution(done.Id));

        _publisher.Publish(new CommittedChanges { Changed = [done] });

        Assert.True(handOff.Given.IsCompletedSuccessfully);
        Assert.Same(done, await handOff.Given);
        Assert.True(woken.IsCompleted);
    }

    [Fact]
    public void A_claim_whose_lease_ends_before_the_planned_maintenance_wakes_the_loop()
    {
        _wakeups.Planned(Now.AddMinutes(30));
        var loop = _notifier.Watch(Topics.Maintenance);

        _publisher.Publish(new CommittedChanges { Claimed = [ExecutionExamples.Delivering()] }); // lease ends in 5 min

        Assert.True(loop.IsCompleted);
    }

    [Fact]
    public void A_claim_whose_lease_ends_after_the_planned_maintenance_leaves_the_loop_asleep()
    {
        _wakeups.Planned(Now.AddMinutes(1));
        var loop = _notifier.Watch(Topics.Maintenance);

        _publisher.Publish(new CommittedChanges { Claimed = [ExecutionExamples.Delivering()] });

        Assert.False(loop.IsCompleted);
    }

    [Fact]
    public void New_delayed_work_wakes_the_loop_for_its_due_time_as_well_as_the_claimers()
    {
        _wakeups.Planned(Now.AddMinutes(30));
        var loop = _notifier.Watch(Topics.Maintenance);
        var claimers = _notifier.Watch(Topics.Claimable("tenant-1"));
        var delayed = ExecutionExamples.Pending() with { AvailableAt = Now.AddMinutes(2), UpdatedAt = Now };

        _publisher.Publish(new CommittedChanges { Created = [delayed] });

        Assert.True(loop.IsCompleted);
        Assert.True(claimers.IsCompleted);
    }
}
