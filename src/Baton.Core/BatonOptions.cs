namespace Baton.Core;

/// <summary>Server-wide settings (DESIGN §9), bound from the command line and configuration.</summary>
public sealed class BatonOptions
{
    public const int DefaultLeaseSeconds = 900;
    public const int MaxLeaseSeconds = 86_400;
    public const int MaxWaitSeconds = 60;

    /// <summary>Outcome, release and cancel must name their claimer (DESIGN §4.4).</summary>
    public bool StrictOwnership { get; set; }

    /// <summary>Whether <c>POST /v1/auth/register</c> is open.</summary>
    public bool RegistrationEnabled { get; set; } = true;

    public int RateLimitPerMinute { get; set; } = 600;

    /// <summary>How long finished executions are kept before pruning.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often the maintenance loop rescues leases, marks missed work and wakes waiters for due work.</summary>
    public TimeSpan MaintenanceInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the scheduler looks for due cue slots (a slot fires at most this late).</summary>
    public TimeSpan SchedulerInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often finished executions past <see cref="Retention"/> are pruned.</summary>
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How often a parked claim looks at the database even without a wake-up, in case a cross-node notification
    /// was lost. Long enough that an idle long-polling worker costs at most one query per this interval.
    /// </summary>
    public TimeSpan WakeupSafetyInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a leader holds its lease without renewing; a dead leader is replaced after this.</summary>
    public TimeSpan LeaderLeaseTtl { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A name for this process in <c>/v1/info</c>; several nodes may share one database.</summary>
    public string NodeId { get; set; } = Environment.MachineName + "-" + Environment.ProcessId;
}
