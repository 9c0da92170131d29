namespace Baton.Core;

/// <summary>Server-wide settings, bound from the command line and configuration.</summary>
public sealed class BatonOptions
{
    public const int DefaultLeaseSeconds = 900;
    public const int MaxLeaseSeconds = 86_400;
    public const int MaxWaitSeconds = 60;

    /// <summary>Outcome, release and cancel must name their claimer (ownership checks always on).</summary>
    public bool StrictOwnership { get; set; }

    /// <summary>Whether <c>POST /v1/auth/register</c> is open.</summary>
    public bool RegistrationEnabled { get; set; } = true;

    public int RateLimitPerMinute { get; set; } = 600;

    /// <summary>Messages one agent may send per minute (each sender its own window), on top of the per-key limit.</summary>
    public int MessageSendsPerMinute { get; set; } = 300;

    /// <summary>How long finished executions are kept before pruning.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How soon the maintenance loop looks again after a pass that had work (more may be left), or after a failed
    /// pass. An idle loop sleeps until the next lease expiry, window close or delayed availability instead.
    /// </summary>
    public TimeSpan MaintenanceInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest the maintenance loop and the scheduler sleep when they know of nothing due sooner: the bound for
    /// noticing a lease, window or cue another node wrote whose wake-up was lost (or a node that runs no loop).
    /// Work this node writes wakes them at its due time. An idle node costs one query per loop per this interval.
    /// </summary>
    public TimeSpan MaintenanceLongestSleep { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a scheduler that is not the leader checks whether it has become one (no query).</summary>
    public TimeSpan SchedulerInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often finished executions past <see cref="Retention"/> are pruned.</summary>
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How often a parked waiter looks at the database even without a wake-up, in case a cross-node notification
    /// was lost (only where one can be: <see cref="Notifications.INotifier.MayLoseWakeups"/>). A lost NOTIFY is
    /// rare (the listener wakes everyone after a reconnect), so this is long: with 60 s waits an idle worker costs
    /// its request's first look and one safety look a minute.
    /// </summary>
    public TimeSpan WakeupSafetyInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a leader holds its lease without renewing; a dead leader is replaced after this.</summary>
    public TimeSpan LeaderLeaseTtl { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A name for this process in <c>/v1/info</c>; several nodes may share one database.</summary>
    public string NodeId { get; set; } = Environment.MachineName + "-" + Environment.ProcessId;
}
