using System.Text.Json;
using Baton.Contracts.Executions;

namespace Baton.Contracts.Cues;

/// <summary>A cue as the CueAPI wire shape has it, with Baton's (ext) fields.</summary>
public sealed record CueResponse
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public string? Description { get; init; }

    /// <summary><c>active</c>, <c>paused</c>, <c>completed</c> or <c>failed</c>.</summary>
    public required string Status { get; init; }

    public required string Transport { get; init; }
    public required CueScheduleBody Schedule { get; init; }
    public CueCallbackBody? Callback { get; init; }
    public required JsonElement Payload { get; init; }
    public required CueRetryBody Retry { get; init; }
    public DateTimeOffset? NextRun { get; init; }
    public DateTimeOffset? LastRun { get; init; }
    public long RunCount { get; init; }
    public long FiredCount { get; init; }
    public required CueOnFailureBody OnFailure { get; init; }
    public required CueVerificationBody Verification { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public required string Queue { get; init; }

    /// <summary>(ext) The task name its executions carry; null: the payload's <c>task</c>, if any.</summary>
    public string? Task { get; init; }
    public int Priority { get; init; }
    public int? LeaseSeconds { get; init; }
    public int? UnclaimedTimeoutSeconds { get; init; }
    public required string CatchUp { get; init; }
    public string? OnSuccessFire { get; init; }
    public bool RequirePayloadOverride { get; init; }
    public IReadOnlyList<string> RequiredPayloadKeys { get; init; } = [];

    /// <summary>On create of a worker cue when no worker heartbeated recently.</summary>
    public string? Warning { get; init; }

    /// <summary>On <c>GET /v1/cues/{id}</c>: the cue's recent executions, newest first.</summary>
    public IReadOnlyList<ExecutionResponse>? Executions { get; init; }

    /// <summary>On <c>GET /v1/cues/{id}</c>: how many executions the cue has in all.</summary>
    public long? ExecutionTotal { get; init; }
}
