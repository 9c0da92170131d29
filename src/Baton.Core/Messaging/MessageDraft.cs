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
    /// <summary>The first-class <c>execution_id</c>: it must name an execution of the tenant.</summary>
    public Guid? ExecutionId { get; init; }

    /// <summary>A UUID found at <c>metadata.execution_id</c>: it links the message only if the tenant has that execution.</summary>
    public Guid? MetadataExecutionId { get; init; }
}
