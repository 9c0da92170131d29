namespace Baton.Core.Messaging;

/// <summary>
/// An agent's wish to be told about one type of event. <see cref="AckWatermark"/> is the id of the last event the
/// subscriber has handled; it only moves forward, and a reader resumes after it.
/// </summary>
public sealed record Subscription
{
    public required string Id { get; init; }
    public required string TenantId { get; init; }
    public required string AgentId { get; init; }
    public required string EventType { get; init; }
    public required string DeliveryTarget { get; init; }
    public long AckWatermark { get; init; }

    /// <summary>
    /// A webhook subscription's own target, overriding the agent's <c>webhook_url</c>, signed with
    /// <see cref="WebhookSecret"/>; null: pushes go to the agent's URL, signed with the agent's secret.
    /// </summary>
    public string? WebhookUrl { get; init; }

    public string? WebhookSecret { get; init; }

    /// <summary>A pushed <c>message.delivered</c> event carries the message body.</summary>
    public bool InlineBody { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
}
