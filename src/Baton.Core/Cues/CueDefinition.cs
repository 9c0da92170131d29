namespace Baton.Core.Cues;

/// <summary>
/// Everything a user says about a cue (the body of a cue create or update), already validated. The scheduler's state
/// (status, next/last run, counters) lives on <see cref="Cue"/> beside it.
/// </summary>
public sealed record CueDefinition
{
    public string? Description { get; init; }
    public required string ScheduleType { get; init; }
    public string? Cron { get; init; }
    public DateTimeOffset? At { get; init; }
    public string Timezone { get; init; } = "UTC";
    public string Transport { get; init; } = CueTransports.Webhook;
    public CueCallback? Callback { get; init; }

    /// <summary>The payload as JSON object text.</summary>
    public string PayloadJson { get; init; } = "{}";

    public int MaxAttempts { get; init; } = 3;
    public IReadOnlyList<int> BackoffMinutes { get; init; } = [1, 5, 15];
    public CueOnFailure OnFailure { get; init; } = new();
    public string VerificationMode { get; init; } = VerificationModes.None;
    public string Queue { get; init; } = "default";

    /// <summary>The task name its executions carry, which workers route on; null: the payload's <c>task</c>, if any.</summary>
    public string? Task { get; init; }
    public int Priority { get; init; }
    public int? LeaseSeconds { get; init; }
    public int? UnclaimedTimeoutSeconds { get; init; }
    public string CatchUp { get; init; } = CatchUpPolicies.RunOnceIfMissed;
    public string? OnSuccessFire { get; init; }
    public bool RequirePayloadOverride { get; init; }
    public IReadOnlyList<string> RequiredPayloadKeys { get; init; } = [];

    /// <summary>Worker executions nobody claims go <c>missed</c> after this; default 900 s for worker cues.</summary>
    public int? EffectiveUnclaimedTimeoutSeconds =>
        UnclaimedTimeoutSeconds ?? (Transport == CueTransports.Worker ? 900 : null);
}
