namespace Baton.Contracts.Messaging;

/// <summary>An agent's subscription to one event type.</summary>
public sealed record SubscriptionResponse
{
    /// <summary><c>sub_</c> + 12 characters.</summary>
    public required string Id { get; init; }

    public required string UserId { get; init; }
    public required string AgentId { get; init; }
    public required string EventType { get; init; }
    public required string DeliveryTarget { get; init; }

    /// <summary>The id of the last event the subscriber acknowledged (0: none); it only moves forward.</summary>
    public required long AckWatermark { get; init; }

    /// <summary>A webhook subscription's own target; null: its events go to the agent's webhook_url (or it is pull).</summary>
    public string? WebhookUrl { get; init; }

    /// <summary>The secret that signs pushes to the subscription's own webhook_url: only in the answer that made it.</summary>
    public string? WebhookSecret { get; init; }

    /// <summary>Pushed message.delivered events carry the message body.</summary>
    public required bool InlineBody { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
}
