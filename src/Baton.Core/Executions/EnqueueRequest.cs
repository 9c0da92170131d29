namespace Baton.Core.Executions;

/// <summary>A direct enqueue (<c>POST /v1/executions</c>), already validated at the edge.</summary>
public sealed record EnqueueRequest
{
    public string? Title { get; init; }
    public string? Queue { get; init; }
    public string? Task { get; init; }
    public string? Agent { get; init; }
    /// <summary>A JSON object as text, or null for <c>{}</c>.</summary>
    public string? PayloadJson { get; init; }
    public int Priority { get; init; }
    public string? RunId { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public DateTimeOffset? SendAt { get; init; }
    public int? TtlSeconds { get; init; }
    public int? MaxAttempts { get; init; }
    public IReadOnlyList<int>? BackoffSeconds { get; init; }
    public string? IdempotencyKey { get; init; }
}
