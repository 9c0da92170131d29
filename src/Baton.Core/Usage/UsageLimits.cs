namespace Baton.Core.Usage;

/// <summary>Per-tenant limits of this server (<c>baton serve --cue-limit / --execution-limit</c>); null means none.</summary>
public sealed class UsageLimits
{
    public const int DefaultActiveCues = 1000;

    /// <summary>Active cues a tenant may have; creating or resuming one past it is 403 <c>cue_limit_exceeded</c>.</summary>
    public int? ActiveCues { get; set; } = DefaultActiveCues;

    /// <summary>
    /// Executions per calendar month (UTC) a tenant is meant to stay under, reported by <c>/v1/usage</c>. Not
    /// enforced: refusing scheduled work mid-month would lose it silently, and counting on every enqueue would
    /// tax the hot path.
    /// </summary>
    public int? ExecutionsPerMonth { get; set; }
}
