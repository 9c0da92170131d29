namespace Baton.Core.Messaging;

/// <summary>A message to store, decided by <see cref="MessageService"/>: ids, thread and times are already set.</summary>
public sealed record NewMessage
{
    public required string Id { get; init; }
    public required string FromAgentId { get; init; }
    public required string ToAgentId { get; init; }
    public string? ReplyTo { get; init; }
    public string? Subject { get; init; }
    public required string Body { get; init; }
    public int Priority { get; init; } = Messages.DefaultPriority;
    public bool ExpectsReply { get; init; }
    public string? ReplyToAgentId { get; init; }
    public string MetadataJson { get; init; } = "{}";
    public string? IdempotencyKey { get; init; }

    /// <summary>A hash of what was sent with the key: the same key with another request is a conflict.</summary>
    public string? RequestHash { get; init; }

    public Guid? ExecutionId { get; init; }
    public string? CorrelationId { get; init; }
    public DateTimeOffset? SendAt { get; init; }

    /// <summary>Whether the recipient takes pushes (it has a webhook URL): the message is then queued for one.</summary>
    public bool Push { get; init; }
}
