namespace Baton.Core.Messaging;

/// <summary>
/// One entry of an agent's event feed. <see cref="Id"/> counts up from 1 per agent, with no gaps, in the order the
/// events became visible, so "after id N" never skips one.
/// </summary>
public sealed record AgentEvent
{
    public required long Id { get; init; }
    public required string TenantId { get; init; }
    public required string AgentId { get; init; }
    public required string EventType { get; init; }
    public string? MessageId { get; init; }

    /// <summary>A JSON object: what happened (for a message, its sender, thread, subject and preview).</summary>
    public required string DataJson { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Push to a webhook subscription: <c>pending</c>, <c>sent</c> or <c>failed</c>; null for pull.</summary>
    public string? PushState { get; init; }

    /// <summary>Why the last push attempt failed.</summary>
    public string? PushError { get; init; }
}
