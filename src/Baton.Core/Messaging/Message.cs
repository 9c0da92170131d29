namespace Baton.Core.Messaging;

/// <summary>
/// One message from one agent to another of the same tenant. <see cref="ThreadId"/> is the first message's id of
/// the conversation (a reply joins its parent's thread). <see cref="DueAt"/> is when it enters the inbox
/// (<see cref="SendAt"/>, or <see cref="CreatedAt"/> without one).
/// </summary>
public sealed record Message
{
    public required string Id { get; init; }
    public required string TenantId { get; init; }
    public required string FromAgentId { get; init; }
    public required string ToAgentId { get; init; }
    public required string ThreadId { get; init; }
    public string? ReplyTo { get; init; }
    public string? Subject { get; init; }
    public required string Body { get; init; }
    public int Priority { get; init; } = Messages.DefaultPriority;
    public bool ExpectsReply { get; init; }
    public string? ReplyToAgentId { get; init; }
    public required string DeliveryState { get; init; }
    public string MetadataJson { get; init; } = "{}";
    public string? IdempotencyKey { get; init; }
    public Guid? ExecutionId { get; init; }
    public string? CorrelationId { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? SendAt { get; init; }
    public required DateTimeOffset DueAt { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
    public DateTimeOffset? DeliveredAt { get; init; }
    public DateTimeOffset? ReadAt { get; init; }
    public DateTimeOffset? AckedAt { get; init; }

    /// <summary>Push to the recipient's webhook: <c>pending</c>, <c>sent</c> or <c>failed</c>; null for pull-only recipients.</summary>
    public string? PushState { get; init; }

    /// <summary>Why the last push attempt failed.</summary>
    public string? PushError { get; init; }

    /// <summary>The first characters of the body, for lists.</summary>
    public string Preview => Body.Length <= Messages.PreviewLength ? Body : Body[..Messages.PreviewLength];
}
