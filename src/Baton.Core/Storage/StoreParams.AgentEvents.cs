using Baton.Core.Messaging;

namespace Baton.Core.Storage;

// Subscriptions and agent events (IAgentEventStore), one params record per operation.

/// <summary><c>WebhookUrl</c> and <c>WebhookSecret</c>: the subscription's own push target, else null.</summary>
public sealed record CreateSubscriptionParams(
    string TenantId, string AgentId, string Id, string EventType, string DeliveryTarget, DateTimeOffset? Now = null)
{
    public string? WebhookUrl { get; init; }
    public string? WebhookSecret { get; init; }
    public bool InlineBody { get; init; }
}

public sealed record ListSubscriptionsParams(string TenantId, string AgentId);

public sealed record AckSubscriptionParams(
    string TenantId, string AgentId, string SubscriptionId, long Watermark, DateTimeOffset? Now = null);

public sealed record DeleteSubscriptionParams(string TenantId, string AgentId, string SubscriptionId);

/// <summary><c>EventType</c> null: every type.</summary>
public sealed record ReadAgentEventsParams(string TenantId, string AgentId)
{
    public long Since { get; init; }
    public int Limit { get; init; } = 50;
    public string? EventType { get; init; }
    public DateTimeOffset? Now { get; init; }
}

/// <summary>
/// An event to push to its webhook subscription: where (the subscription's own URL and secret, else the agent's),
/// and for a subscription with inline_body the message's body (<c>Body</c>; null otherwise).
/// </summary>
public sealed record EventPush(AgentEvent Event, string SubscriptionId, string WebhookUrl, string WebhookSecret, string? Body, int Attempt);

/// <summary>
/// <c>RetryAt</c> null with <c>Sent</c> false: failed for good. A sent event moves its subscription's ack watermark
/// up to the newest event of its type before which every push of that type is sent.
/// </summary>
public sealed record RecordEventPushParams(
    string AgentId, long EventId, bool Sent, DateTimeOffset? RetryAt, string? Error, DateTimeOffset? Now = null);

public sealed record ListExecutionMessagesParams(string TenantId, Guid ExecutionId, int Limit = 500);
