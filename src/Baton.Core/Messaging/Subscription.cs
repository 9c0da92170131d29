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
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
}
