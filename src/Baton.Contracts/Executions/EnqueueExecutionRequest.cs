using System.Text.Json;

namespace Baton.Contracts.Executions;

/// <summary><c>POST /v1/executions</c> (and each item of a batch): one execution to enqueue directly, without a cue.</summary>
public sealed record EnqueueExecutionRequest
{
    /// <summary>A label for people, ≤256 characters.</summary>
    public string? Title { get; init; }

    /// <summary>The queue, <c>[a-zA-Z0-9_-]{1,64}</c>; <c>default</c> when absent.</summary>
    public string? Queue { get; init; }

    /// <summary>The handler name workers route on; falls back to <c>payload.task</c>.</summary>
    public string? Task { get; init; }

    /// <summary>An agent name claims can filter on; falls back to <c>payload.agent</c>.</summary>
    public string? Agent { get; init; }

    /// <summary>A JSON object, ≤1 MiB.</summary>
    public JsonElement? Payload { get; init; }

    /// <summary>Higher is claimed first; default 0.</summary>
    public int? Priority { get; init; }

    /// <summary>Groups executions into a run, ≤256 characters.</summary>
    public string? RunId { get; init; }

    /// <summary>At most 20 tags of at most 64 characters.</summary>
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>Not claimable before this time.</summary>
    public DateTimeOffset? SendAt { get; init; }

    /// <summary>The execution becomes <c>missed</c> if nobody claims it within this many seconds of being due.</summary>
    public int? TtlSeconds { get; init; }

    /// <summary>1–25, default 3.</summary>
    public int? MaxAttempts { get; init; }

    /// <summary>Seconds to wait after each failed attempt (the last value repeats); at most 10 values.</summary>
    public IReadOnlyList<int>? BackoffSeconds { get; init; }

    /// <summary>Repeating a request with the same key returns the first execution instead of a new one.</summary>
    public string? IdempotencyKey { get; init; }
}
