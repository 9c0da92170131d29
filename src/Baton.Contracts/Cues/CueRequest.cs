using System.Text.Json;

namespace Baton.Contracts.Cues;

/// <summary>
/// <c>POST /v1/cues</c> (unknown fields ignored) and <c>PATCH /v1/cues/{id}</c> (only the fields sent change;
/// unknown fields are refused, and <c>status</c> pauses or resumes).
/// </summary>
public sealed record CueRequest
{
    /// <summary>≤255 characters, unique per tenant.</summary>
    public string? Name { get; init; }

    public string? Description { get; init; }
    public CueScheduleBody? Schedule { get; init; }

    /// <summary><c>webhook</c> (default) or <c>worker</c>.</summary>
    public string? Transport { get; init; }

    public CueCallbackBody? Callback { get; init; }

    /// <summary>A JSON object, ≤1 MiB.</summary>
    public JsonElement? Payload { get; init; }

    public CueRetryBody? Retry { get; init; }
    public CueOnFailureBody? OnFailure { get; init; }
    public CueVerificationBody? Verification { get; init; }

    /// <summary>(ext) The task name its executions carry, which workers route on (<c>claim --task</c>, a worker's handler
    /// names); when absent, the payload's <c>task</c> (CueAPI's convention).</summary>
    public string? Task { get; init; }

    /// <summary>(ext) The queue its executions go to; <c>default</c> when absent.</summary>
    public string? Queue { get; init; }

    /// <summary>(ext) Higher is claimed first.</summary>
    public int? Priority { get; init; }

    /// <summary>(ext) The lease a worker gets when it claims one of its executions without asking for one.</summary>
    public int? LeaseSeconds { get; init; }

    /// <summary>(ext) An execution nobody claims within this many seconds becomes <c>missed</c> (default 900 for worker cues).</summary>
    public int? UnclaimedTimeoutSeconds { get; init; }

    /// <summary>(ext) <c>run_once_if_missed</c> (default), <c>skip_missed</c> or <c>replay_all</c>.</summary>
    public string? CatchUp { get; init; }

    /// <summary>(ext) Another cue's id, fired when an execution of this cue succeeds.</summary>
    public string? OnSuccessFire { get; init; }

    /// <summary>(ext) Every fire must carry a <c>payload_override</c>.</summary>
    public bool? RequirePayloadOverride { get; init; }

    /// <summary>(ext) Keys every fired payload must have.</summary>
    public IReadOnlyList<string>? RequiredPayloadKeys { get; init; }

    /// <summary>PATCH only: <c>active</c> or <c>paused</c>.</summary>
    public string? Status { get; init; }
}
