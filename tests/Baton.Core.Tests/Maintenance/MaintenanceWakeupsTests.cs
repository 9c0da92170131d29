using Baton.Core.Executions;
using Baton.Core.Maintenance;
using Baton.Core.Notifications;

namespace Baton.Core.Tests.Maintenance;

/// <summary>The maintenance loop sleeps until its plan; a change due sooner must wake it, one due later need not.</summary>
public sealed class MaintenanceWakeupsTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly InProcessNotifier _notifier = new();

    [Fact]
    public void A_lease_expiring_before_the_planned_wake_signals_the_loop_and_one_expiring_after_does_not()
    {
        var wakeups = new MaintenanceWakeups(_notifier);
        wakeups.Planned(Now.AddSeconds(30));

        var signal = _notifier.Watch(Topics.Maintenance);
        wakeups.Saw(Leased(Now.AddSeconds(60)));
        Assert.False(signal.IsCompleted);

        wakeups.Saw(Leased(Now.AddSeconds(10)));
        Assert.True(signal.IsCompleted);
    }

    [Fact]
    public void While_the_loop_reads_its_schedule_every_change_signals_so_none_slips_between_the_read_and_the_plan()
    {
        var wakeups = new MaintenanceWakeups(_notifier);
        wakeups.Planned(Now.AddSeconds(30));
        wakeups.Planning();

        var signal = _notifier.Watch(Topics.Maintenance);
        wakeups.Saw(Leased(Now.AddHours(1)));
        Assert.True(signal.IsCompleted);
    }

    [Fact]
    public void Delayed_work_and_an_unclaimed_window_signal_by_their_own_times_and_work_available_now_does_not()
    {
        var wakeups = new MaintenanceWakeups(_notifier);
        wakeups.Planned(Now.AddSeconds(30));
        var signal = _notifier.Watch(Topics.Maintenance);

        wakeups.Saw(Pending(availableAt: Now, expiresAt: null));
        Assert.False(signal.IsCompleted);

        wakeups.Saw(Pending(availableAt: Now, expiresAt: Now.AddSeconds(5)));
        Assert.True(signal.IsCompleted);

        signal = _notifier.Watch(Topics.Maintenance);
        wakeups.Saw(Pending(availableAt: Now.AddSeconds(5), expiresAt: null));
        Assert.True(signal.IsCompleted);
    }

    [Fact]
    public void A_node_that_runs_no_loop_signals_nothing()
    {
        var wakeups = new MaintenanceWakeups(_notifier);
        var signal = _notifier.Watch(Topics.Maintenance);

        wakeups.Saw(Leased(Now.AddSeconds(1)));

        Assert.False(signal.IsCompleted);
    }

    private static Execution Leased(DateTimeOffset expires) =>
        Pending(Now, null) with { Status = ExecutionStatus.Delivering, Attempts = 1, LeaseExpiresAt = expires };

    private static Execution Pending(DateTimeOffset availableAt, DateTimeOffset? expiresAt) => new()
    {
        Id = Guid.CreateVersion7(),
        Sequence = 1,
        TenantId = "t1",
        Queue = "default",
        Status = ExecutionStatus.Pending,
        ScheduledFor = availableAt,
        AvailableAt = availableAt,
        ExpiresAt = expiresAt,
        PayloadJson = "{}",
        MaxAttempts = 3,
        TriggeredBy = TriggeredBy.Api,
        CreatedAt = Now,
        UpdatedAt = Now,
    };
}
