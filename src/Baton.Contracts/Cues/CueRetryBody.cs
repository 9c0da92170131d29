namespace Baton.Contracts.Cues;

/// <summary>A cue's retry policy.</summary>
public sealed record CueRetryBody
{
    /// <summary>1–10, default 3.</summary>
    public int? MaxAttempts { get; init; }

    /// <summary>Minutes to wait after each failed attempt, the last repeating; default [1, 5, 15].</summary>
    public IReadOnlyList<int>? BackoffMinutes { get; init; }
}
