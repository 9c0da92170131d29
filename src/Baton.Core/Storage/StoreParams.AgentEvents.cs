namespace Baton.Core.Storage;

// Subscriptions and agent events (IAgentEventStore), one params record per operation.

public sealed record CreateSubscriptionParams(
    string TenantId, string AgentId, string Id, string EventType, string DeliveryTarget, DateTimeOffset? Now = null);

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

public sealed record ListExecutionMessagesParams(string TenantId, Guid ExecutionId, int Limit = 500);
