namespace Baton.Core.Messaging;

/// <summary>A message as its sender asked for it: agents still named by reference (id, slug or slug@tenant).</summary>
public sealed record MessageDraft
{
    public required string To { get; init; }
    public required string Body { get; init; }
    public string? Subject { get; init; }
    public string? ReplyTo { get; init; }
    public int Priority { get; init; } = Messages.DefaultPriority;
    public bool ExpectsReply { get; init; }
    public string? ReplyToAgent { get; init; }
    public string MetadataJson { get; init; } = "{}";
    public string? CorrelationId { get; init; }
    public DateTimeOffset? SendAt { get; init; }
    public Guid? ExecutionId { get; init; }
}
