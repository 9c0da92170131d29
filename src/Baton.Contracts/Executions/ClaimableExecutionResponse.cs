using System.Text.Json;

namespace Baton.Contracts.Executions;

/// <summary>A claimable execution, in CueAPI's short shape.</summary>
public sealed record ClaimableExecutionResponse
{
    /// <summary>The execution's id.</summary>
    public required Guid ExecutionId { get; init; }

    /// <summary>Its cue, if any.</summary>
    public string? CueId { get; init; }

    /// <summary>Its cue's name, if any.</summary>
    public string? CueName { get; init; }

    /// <summary>Its handler name.</summary>
    public string? Task { get; init; }

    /// <summary>When it was due.</summary>
    public required DateTimeOffset ScheduledFor { get; init; }

    /// <summary>Its payload.</summary>
    public required JsonElement Payload { get; init; }

    /// <summary>The attempt number the next claim would start (1 for a fresh execution).</summary>
    public required int Attempt { get; init; }

    /// <summary>(ext) Its priority.</summary>
    public required int Priority { get; init; }

    /// <summary>(ext) Its queue.</summary>
    public required string Queue { get; init; }

    /// <summary>(ext) Its run.</summary>
    public string? RunId { get; init; }
}
