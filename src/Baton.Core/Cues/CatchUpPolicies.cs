namespace Baton.Core.Cues;

/// <summary>What a recurring cue does with the slots that passed while no scheduler ran (<c>catch_up</c>).</summary>
public static class CatchUpPolicies
{
    /// <summary>The latest missed slot fires once; the older ones are dropped.</summary>
    public const string RunOnceIfMissed = "run_once_if_missed";

    /// <summary>Missed slots are dropped; the cue waits for its next future slot.</summary>
    public const string SkipMissed = "skip_missed";

    /// <summary>Every missed slot fires, oldest first (bounded per pass by <see cref="CueSchedule.MaxSlotsPerPass"/>).</summary>
    public const string ReplayAll = "replay_all";

    public static readonly IReadOnlyList<string> All = [RunOnceIfMissed, SkipMissed, ReplayAll];
}
