namespace Baton.Contracts.Service;

/// <summary>Cues against the active-cue limit (paused cues do not count).</summary>
public sealed record UsageCues
{
    /// <summary>Cues counted against the limit: the active ones.</summary>
    public required long Used { get; init; }

    /// <summary>Active cues.</summary>
    public required long Active { get; init; }

    /// <summary>The limit; <see cref="UsageLimit.None"/> when the server sets none.</summary>
    public required int Limit { get; init; }

    /// <summary>How many more may be active.</summary>
    public required long Remaining { get; init; }

    /// <summary>Used as a percentage of the limit, one decimal.</summary>
    public required double PercentUsed { get; init; }
}
